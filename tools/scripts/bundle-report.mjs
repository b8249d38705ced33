// Prints what the browser loads from the built web app (`npm run build:web` first), gzipped:
// the initial JavaScript (the entry and everything it imports statically) and, for each page that
// loads lazily, its own chunk and the shared chunks it pulls in beyond the initial load.
// Reads the manifest Vite writes next to the build, so the figures are those of the real files.
// `npm run bundle:report`; `--json` prints the figures as JSON. The target is an initial load of
// at most 150 kB gzipped; the report says so, it does not fail on it (a measurement, not a test).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(repoRoot, 'dist/web');
const manifestPath = join(outDir, '.vite/manifest.json');
const targetKb = 150;

if (!existsSync(manifestPath)) {
  console.error(`bundle report: ${relative(repoRoot, manifestPath)} is missing; run \`npm run build:web\` first.`);
  process.exit(1);
}

/** @type {Record<string, { file: string; src?: string; name?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] }>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

const gzipSizes = new Map();
const gzipped = (file) => {
  if (!gzipSizes.has(file)) gzipSizes.set(file, gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length);
  return gzipSizes.get(file);
};
const isJs = (file) => file.endsWith('.js');

/** A chunk and every chunk it imports statically, transitively: what loads before it can run. */
const staticClosure = (key, into = new Set()) => {
  if (into.has(key) || !manifest[key]) return into;
  into.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(imported, into);
  return into;
};

const sum = (keys) => [...keys].filter((key) => isJs(manifest[key].file)).reduce((total, key) => total + gzipped(manifest[key].file), 0);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const label = (key) => (manifest[key].src ?? key).replace(/^(\.\.\/)+/, '');

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey) {
  console.error('bundle report: the manifest names no entry chunk.');
  process.exit(1);
}
const initial = staticClosure(entryKey);
const initialBytes = sum(initial);

// Every lazily loaded module reachable from the entry, through other lazy modules too.
const lazy = [];
const seen = new Set();
const visit = (key) => {
  for (const dynamic of manifest[key].dynamicImports ?? []) {
    if (seen.has(dynamic)) continue;
    seen.add(dynamic);
    lazy.push(dynamic);
    for (const reached of staticClosure(dynamic)) visit(reached);
  }
};
for (const key of initial) visit(key);

const pages = lazy
  .map((key) => {
    const closure = staticClosure(key);
    const extra = new Set([...closure].filter((member) => member !== key && !initial.has(member)));
    const chunkBytes = gzipped(manifest[key].file);
    const sharedBytes = sum(extra);
    return { module: label(key), chunkBytes, sharedBytes, totalBytes: chunkBytes + sharedBytes };
  })
  .sort((a, b) => a.module.localeCompare(b.module));

if (process.argv.includes('--json')) {
  console.log(
    JSON.stringify(
      { initialBytes, targetBytes: targetKb * 1000, initialFiles: [...initial].map((key) => manifest[key].file), pages },
      null,
      2,
    ),
  );
} else {
  console.log(`Bundle report (gzip level 9, from ${relative(repoRoot, manifestPath)})`);
  console.log(
    `Initial JavaScript: ${kb(initialBytes)} in ${[...initial].filter((key) => isJs(manifest[key].file)).length} file(s); target ≤ ${targetKb} kB: ${initialBytes <= targetKb * 1000 ? 'met' : 'NOT met'}`,
  );
  for (const key of initial)
    if (isJs(manifest[key].file)) console.log(`  ${manifest[key].file.padEnd(48)} ${kb(gzipped(manifest[key].file)).padStart(9)}`);
  console.log('Loaded on demand (own chunk + shared chunks not in the initial load = extra to open it):');
  for (const page of pages) {
    console.log(
      `  ${page.module.padEnd(72)} ${kb(page.chunkBytes).padStart(9)} + ${kb(page.sharedBytes).padStart(9)} = ${kb(page.totalBytes).padStart(9)}`,
    );
  }
}
