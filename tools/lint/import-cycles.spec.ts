import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Modules in a cycle load half-initialised, so the lint refuses them. The rule has to follow
// imports into TypeScript files on disk, so this test writes its probes as real files (inside the
// repo, where the lint config applies) and lints them in a process of their own, as ESLint's flat
// config is an ES module.
const root = path.resolve(__dirname, '../..');

type LintResult = { filePath: string; messages: { ruleId: string | null; severity: number; message: string }[] };

const lint = (files: string[]): LintResult[] => {
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...files], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(run.stdout) as LintResult[];
};

const cycleReports = (results: LintResult[]) =>
  results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId === 'import-x/no-cycle')
      .map((message) => ({ file: path.basename(result.filePath), ...message })),
  );

describe('import cycles', () => {
  let dir: string;
  const file = (name: string, code: string): string => {
    const filePath = path.join(dir, name);
    writeFileSync(filePath, code);
    return filePath;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(root, 'tools/lint/cycle-probe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports two modules that import values from each other, as an error', () => {
    const a = file('a.ts', "import { b } from './b';\nexport const a = (): number => b + 1;\n");
    const b = file('b.ts', "import { a } from './a';\nexport const b = 1;\nexport const c = (): number => a();\n");
    const reports = cycleReports(lint([a, b]));
    expect(reports.map((report) => report.file).sort()).toEqual(['a.ts', 'b.ts']);
    expect(reports.every((report) => report.severity === 2)).toBe(true);
  }, 60_000);

  it('reports a cycle through a third module', () => {
    const x = file('x.ts', "import { y } from './y';\nexport const x = (): number => y();\n");
    file('y.ts', "import { z } from './z';\nexport const y = (): number => z();\n");
    file('z.ts', "import { x } from './x';\nexport const z = (): number => x();\n");
    expect(cycleReports(lint([x])).map((report) => report.message)).toEqual([expect.stringMatching(/Dependency cycle via "\.\/z/)]);
  }, 60_000);

  it('lets a module import only types back, since the compiler erases them', () => {
    const record = file(
      'record.ts',
      "import { label } from './label';\nexport type Row = { name: string };\nexport const show = (row: Row): string => label(row.name);\n",
    );
    const label = file(
      'label.ts',
      "import type { Row } from './record';\nexport const label = (name: string): string => name;\nexport const named = (row: Row): string => row.name;\n",
    );
    expect(cycleReports(lint([record, label]))).toEqual([]);
  }, 60_000);
});
