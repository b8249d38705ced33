import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { register } from 'tsconfig-paths';
import { findRepoRoot } from './config/repo-root';

/**
 * tsc leaves `@ketenregie/*` imports as they are, so the built app maps them to the compiled
 * files at run time, from the same tsconfig.base.json the sources use. Under swc (run-ts, jest)
 * the aliases already point at the .ts sources and nothing is registered.
 */
if (!__filename.endsWith('.ts')) {
  const root = findRepoRoot();
  // This file is dist/api/apps/api/src/register-aliases.js: the build root is three levels up
  // from its directory, mirrored from the repo root (rootDir is the repo root).
  const buildRoot = join(__dirname, relative(join(root, 'apps/api/src'), root));
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const paths = Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((target) => target.replace(/\.ts$/, ''))]),
  );
  register({ baseUrl: buildRoot, paths, addMatchAll: false });
}
