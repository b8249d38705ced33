import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.KETENREGIE_API_URL ?? 'http://localhost:3000';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// The libraries the web app may use, resolved from the one list of aliases in tsconfig.base.json
// (the lint rules keep server libraries out of it).
const { compilerOptions } = JSON.parse(readFileSync(`${repoRoot}tsconfig.base.json`, 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const escape = (text: string) => text.replace(/[/\\^$*+?.()|[\]{}-]/g, '\\$&');
const alias = [
  ...Object.entries(compilerOptions.paths).map(([name, [target]]) => ({
    find: new RegExp(`^${escape(name)}$`),
    replacement: `${repoRoot}${target}`,
  })),
  // The shared stylesheet of the design system library, next to its components.
  { find: /^@ketenregie\/ui\/(.+\.css)$/, replacement: `${repoRoot}libs/ui/src/$1` },
];

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: {
    alias,
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // `.vite/manifest.json`: which files each page loads, for `npm run bundle:report`.
    manifest: true,
    rolldownOptions: {
      // Our own libraries only declare when loaded (schemas, components, texts), so a
      // module none of whose exports a page uses is left out: the shell carries two schemas of
      // `contracts`, not all of them.
      treeshake: {
        moduleSideEffects: (id: string) => (/[\\/]libs[\\/].+\.tsx?$/.test(id) ? false : undefined),
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/health': apiTarget,
    },
  },
  preview: {
    proxy: {
      '/api': apiTarget,
      '/health': apiTarget,
    },
  },
});
