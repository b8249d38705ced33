import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { AccessLog } from './access-log';
import type { FamilyAccessLogExport } from './access-log';

const root = resolve(__dirname, '../../../../..');

type Run = { code: number | null; stdout: string; stderr: string };

const runScript = (script: string, url: string, ...args: string[]): Promise<Run> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), join(root, 'tools/scripts', script), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });

describe('npm run access-log:verify / access-log:export', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let log: AccessLog;

  beforeAll(async () => {
    db = await createTestDatabase('access_log_cli');
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    log = new AccessLog(dataSource);
    await log.ensureSchema();
    for (const [subjectId, familyId] of [
      ['case-1', 'family-1'],
      ['case-2', 'family-2'],
      ['case-1', 'family-1'],
    ]) {
      await log.record({
        subjectType: 'case',
        subjectId,
        familyId,
        actor: { userId: 'user-1', organisationId: 'vt-regio', role: 'veilig-thuis-professional' },
        action: 'read',
        legalBasis: 'wmo-2015-4.1.1',
        requestId: `request-${subjectId}`,
        route: 'GET /api/v1/cases/:caseId',
      });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('prints the export of one family as JSON and logs it', async () => {
    const run = await runScript(
      'access-log-export.ts',
      db.url,
      'family-1',
      '--organisation',
      'gemeente-gorinchem',
      '--role',
      'privacy-officer',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const exported = JSON.parse(run.stdout) as FamilyAccessLogExport;
    expect(exported.entries.map((line) => [line.sequence, line.action, line.organisationId])).toEqual([
      [1, 'read', 'vt-regio'],
      [3, 'read', 'vt-regio'],
      [4, 'export', 'gemeente-gorinchem'],
    ]);
    expect((await log.head()).sequence).toBe(4);
  });

  it('exits 2 with the usage when no family is named', async () => {
    const run = await runScript('access-log-export.ts', db.url);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: npm run access-log:export -- <familyId>/);
  });

  it('prints one line and exits 0 for an intact chain, 1 naming the first broken entry', async () => {
    const intact = await runScript('access-log-verify.ts', db.url);
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    const head = await log.head();
    expect(intact.stdout).toBe(`Access log intact: 4 entries, head 4 sha256:${head.hash}\n`);

    await dataSource.transaction(async (manager) => {
      await manager.query('alter table access_log disable trigger access_log_append_only');
      await manager.query(`update access_log set recorded_at = recorded_at - interval '1 day' where sequence = 2`);
      await manager.query('alter table access_log enable always trigger access_log_append_only');
    });

    const broken = await runScript('access-log-verify.ts', db.url);
    expect(broken.stderr).toBe('');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('Access log BROKEN at entry 2: hash-mismatch (1 entry before it verified)\n');
  });
});
