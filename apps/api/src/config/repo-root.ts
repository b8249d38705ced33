import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const rootPackageName = 'ketenregie';

// Found by walking up rather than a fixed `../..`: the same code runs from `apps/api/src` (swc,
// jest) and from `dist/api/apps/api/src` (tsc build), at different depths.
export const findRepoRoot = (from: string = __dirname): string => {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === rootPackageName) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json named ${rootPackageName} above ${from}`);
    dir = parent;
  }
};

export const readAppVersion = (root: string = findRepoRoot()): string => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return version ?? '0.0.0';
};
