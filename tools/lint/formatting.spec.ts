import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The format check in CI is `prettier --check .` with the repo's own settings. These probes are
// real files inside the repo, checked by the same command line, so the test fails if the check
// stops looking at source files or stops finding a difference.
const root = path.resolve(__dirname, '../..');

const check = (file: string) =>
  spawnSync(process.execPath, [path.join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', file], {
    cwd: root,
    encoding: 'utf8',
  });

describe('format check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(root, 'tools/lint/.format-probe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a source file that is not formatted with the repo settings', () => {
    const file = path.join(dir, 'unformatted.ts');
    writeFileSync(file, 'export const answer = {a:1,b:"twee"}\n');
    const run = check(file);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('unformatted.ts');
  });

  it('accepts the same code formatted: single quotes, semicolons, trailing commas', () => {
    const file = path.join(dir, 'formatted.ts');
    writeFileSync(file, "export const answer = { a: 1, b: 'twee' };\n");
    expect(check(file).status).toBe(0);
  });
});
