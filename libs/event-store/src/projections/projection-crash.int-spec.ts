import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { Checkpoint } from '../port';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import { createProjectionRunner } from './projection-runner';
import { ensureProjectionSchema } from './projection-state';
import { createLedgerProjection, readLedger } from './testing/ledger.projection';
import { buildInOnePass, openDataSource, seedEvents, silentLogger, waitUntil } from './testing/fixtures';

const root = resolve(__dirname, '../../../..');
const NAME = 'test.crash';

describe('projection exactly-once across crashes (child process killed with SIGKILL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('proj_crash');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = await openDataSource(db.url);
    await ensureProjectionSchema(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const spawnRunner = (): { child: ChildProcess; exited: Promise<number | null>; output: () => string } => {
    const child = spawn(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), join(__dirname, 'testing/runner-child.ts')], {
      cwd: root,
      env: {
        ...process.env,
        LEDGER_DATABASE_URL: db.url,
        LEDGER_NAME: NAME,
        LEDGER_PREFIX: 'crash',
        LEDGER_BATCH_SIZE: '40',
        LEDGER_SLEEP_SECONDS: '0.03',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    return { child, exited, output: () => output };
  };

  const storedCheckpoint = async (): Promise<string | null> => {
    const rows = (await dataSource.query(`select checkpoint from projection_state where name = $1`, [NAME])) as {
      checkpoint: string | null;
    }[];
    return rows[0]?.checkpoint ?? null;
  };

  // A batch's transaction is open while its pg_sleep runs: killing then is a crash mid-batch.
  const batchInFlight = async (): Promise<boolean> => {
    const [{ running }] = (await dataSource.query(
      `select count(*)::int as running from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and state = 'active' and query like 'select pg_sleep%'`,
    )) as { running: number }[];
    return running > 0;
  };

  it('applies every event exactly once and ends equal to a single-pass build', async () => {
    const last: Checkpoint = await seedEvents(store, { streams: 60, eventsPerStream: 50, chunk: 10, concurrency: 6 });

    const crashes = 6;
    let midBatchKills = 0;
    for (let crash = 0; crash < crashes; crash++) {
      const before = await storedCheckpoint();
      const run = spawnRunner();
      await waitUntil(async () => (await storedCheckpoint()) !== before, 60_000, `progress of child run ${crash}`);
      if (crash % 2 === 0) {
        await waitUntil(batchInFlight, 10_000, 'a batch in flight');
        midBatchKills++;
      } else {
        await new Promise((wait) => setTimeout(wait, 20 + Math.random() * 200));
      }
      run.child.kill('SIGKILL');
      expect(await run.exited).toBeNull();
      const after = await storedCheckpoint();
      expect(after).not.toBeNull();
      expect(store.compareCheckpoints(after as Checkpoint, last)).toBeLessThan(0);
    }
    expect(midBatchKills).toBe(3);

    const final = spawnRunner();
    const observer = createProjectionRunner({
      store,
      dataSource,
      projections: [createLedgerProjection({ name: NAME, prefix: 'crash' })],
      logger: silentLogger,
    });
    try {
      await observer.waitFor(NAME, last, 90_000);
    } catch (error) {
      final.child.kill('SIGKILL');
      throw new Error(`${String(error)}\nchild output:\n${final.output()}`);
    }
    final.child.kill('SIGTERM');
    expect(await final.exited).toBe(0);
    await observer.stop();

    const reference = createLedgerProjection({ name: 'test.crash-reference', prefix: 'crash_ref' });
    await buildInOnePass(store, dataSource, reference, last);

    const crashed = await readLedger(dataSource, 'crash');
    const single = await readLedger(dataSource, 'crash_ref');
    expect(crashed.events).toHaveLength(3000);
    expect(crashed.events.every((row) => (row as { applications: number }).applications === 1)).toBe(true);
    expect(crashed).toEqual(single);
    // More than one process did the work, so the crashes really interrupted it.
    const [{ runners }] = (await dataSource.query(`select count(distinct applied_by)::int as runners from crash_events`)) as {
      runners: number;
    }[];
    expect(runners).toBeGreaterThan(3);
  });
});
