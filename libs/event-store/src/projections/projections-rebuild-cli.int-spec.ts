import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import { openDataSource, seedEvents } from './testing/fixtures';

const root = resolve(__dirname, '../../../..');

type Run = { code: number | null; stdout: string; stderr: string };

describe('npm run projections:rebuild (tools/scripts/projections-rebuild.ts)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('proj_cli');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = await openDataSource(db.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const rebuild = (...args: string[]): Promise<Run> =>
    new Promise((done, fail) => {
      const child = spawn(
        process.execPath,
        [join(root, 'tools/scripts/run-ts.cjs'), join(root, 'tools/scripts/projections-rebuild.ts'), ...args],
        { cwd: root, env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', fail);
      child.once('exit', (code) => done({ code, stdout, stderr }));
    });

  it('names the known projections and exits 2 for an unknown one', async () => {
    const run = await rebuild('no.such-projection');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // One line naming every registered projection (the app's registry grows with each context).
    expect(run.stderr).toMatch(
      /^Unknown projection "no\.such-projection"\. Known projections: [a-z., -]*system\.event-statistics[a-z., -]*\n$/,
    );
  });

  it('rebuilds the statistics projection into a new generation, printing progress', async () => {
    await seedEvents(store, { streams: 20, eventsPerStream: 100, types: ['cli.a', 'cli.b'] });
    const run = await rebuild('system.event-statistics', '--batch-size', '100');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    // Not a terminal here: plain lines, no carriage returns, the last progress line complete.
    expect(run.stdout).not.toContain('\r');
    expect(lines.at(-2)).toMatch(/^system\.event-statistics \[#+\] 2,000\/2,000 events 100\.0% [\d,]+ events\/s ETA 0:00$/);
    expect(lines.at(-1)).toBe('Rebuilt system.event-statistics: generation 1 -> 2, 2000 events.');

    const counts = (await dataSource.query(`select type, events::int as events from event_type_counts order by type`)) as unknown[];
    expect(counts).toEqual([
      { type: 'cli.a', events: 1000 },
      { type: 'cli.b', events: 1000 },
    ]);
    const [{ old }] = (await dataSource.query(`select to_regclass('event_type_counts__g1') as old`)) as { old: string | null }[];
    expect(old).toBeNull();
  });
});
