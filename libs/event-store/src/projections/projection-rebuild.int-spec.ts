import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { Checkpoint } from '../port';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import { RebuildInProgress } from './errors';
import { createProjectionRunner } from './projection-runner';
import type { RebuildProgress } from './rebuild-projection';
import { RebuildAborted, rebuildProjection } from './rebuild-projection';
import { createLedgerProjection, readLedger } from './testing/ledger.projection';
import { buildInOnePass, openDataSource, seedEvents, silentLogger } from './testing/fixtures';

type LedgerRow = { applications: number };

describe('projection rebuild', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('proj_rebuild');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
    dataSource = await openDataSource(db.url, 10);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const tableExists = async (name: string): Promise<boolean> => {
    const [{ found }] = (await dataSource.query(`select to_regclass($1) is not null as found`, [name])) as { found: boolean }[];
    return found;
  };

  const viewTarget = async (view: string): Promise<string> => {
    const [{ definition }] = (await dataSource.query(`select pg_get_viewdef($1::regclass) as definition`, [view])) as {
      definition: string;
    }[];
    return definition;
  };

  /** Appends small batches to random streams until stopped; returns the latest checkpoint. */
  const keepAppending = (): { stop: () => Promise<Checkpoint | null>; count: () => number } => {
    let running = true;
    let latest: Checkpoint | null = null;
    let appended = 0;
    const loop = (async () => {
      for (let round = 0; running; round++) {
        const { checkpoint } = await store.appendToStream(`live-${round % 17}`, [
          { type: 'test.live', data: { n: round } },
          { type: 'test.live', data: { n: round + 1 } },
        ]);
        appended += 2;
        latest = checkpoint;
        await new Promise((wait) => setTimeout(wait, 3));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return latest;
      },
      count: () => appended,
    };
  };

  it('builds the next generation while the live runner and writers keep going, then switches', async () => {
    await seedEvents(store, { streams: 40, eventsPerStream: 75, streamPrefix: 'seed' });
    const projection = createLedgerProjection({ name: 'test.rebuild', prefix: 'rb', label: 'live' });
    const runner = createProjectionRunner({
      store,
      dataSource,
      projections: [projection],
      batchSize: 100,
      logger: silentLogger,
    });
    await runner.start();
    const writers = keepAppending();
    let last: Checkpoint | null = null;
    try {
      const progress: RebuildProgress[] = [];
      const result = await rebuildProjection({
        store,
        dataSource,
        projection: createLedgerProjection({ name: 'test.rebuild', prefix: 'rb', label: 'rebuild' }),
        batchSize: 200,
        logger: silentLogger,
        onProgress: (update) => progress.push(update),
      });
      expect(result).toMatchObject({ projection: 'test.rebuild', previousGeneration: 1, generation: 2, resumed: false });
      expect(result.events).toBeGreaterThanOrEqual(3000);
      expect(progress.at(-1)).toMatchObject({ phase: 'done', generation: 2, done: result.events, total: result.events });
      expect(progress.filter((update) => update.phase === 'building').length).toBeGreaterThan(10);
      expect(writers.count()).toBeGreaterThan(0);

      // Writers and the live runner go on after the switch, now on generation 2.
      await new Promise((wait) => setTimeout(wait, 300));
      last = await writers.stop();
      if (last === null) throw new Error('the writers appended nothing');
      await runner.waitFor('test.rebuild', last, 30_000);
    } finally {
      await writers.stop();
      await runner.stop();
    }

    expect(await tableExists('rb_events__g1')).toBe(false);
    expect(await tableExists('rb_streams__g1')).toBe(false);
    expect(await viewTarget('rb_events')).toContain('rb_events__g2');
    expect(await viewTarget('rb_streams')).toContain('rb_streams__g2');
    const [state] = (await dataSource.query(
      `select generation, rebuild_generation, rebuild_owner from projection_state where name = 'test.rebuild'`,
    )) as unknown[];
    expect(state).toEqual({ generation: 2, rebuild_generation: null, rebuild_owner: null });
    // Vacuumed and analyzed before it served: no dead rows under its indexes, statistics to plan with.
    const settled = (await dataSource.query(
      `select relname, last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
         from pg_stat_user_tables where relname in ('rb_events__g2', 'rb_streams__g2') order by relname`,
    )) as unknown[];
    expect(settled).toEqual([
      { relname: 'rb_events__g2', vacuumed: true, analyzed: true },
      { relname: 'rb_streams__g2', vacuumed: true, analyzed: true },
    ]);

    const reference = createLedgerProjection({ name: 'test.rebuild-reference', prefix: 'rb_ref' });
    await buildInOnePass(store, dataSource, reference, last);
    const rebuilt = await readLedger(dataSource, 'rb');
    expect((rebuilt.events as LedgerRow[]).every((row) => row.applications === 1)).toBe(true);
    expect(rebuilt).toEqual(await readLedger(dataSource, 'rb_ref'));
    // Both the rebuild and the live runner wrote to generation 2 (before and after the switch).
    const writers2 = (await dataSource.query(`select distinct applied_by from rb_events order by 1`)) as unknown[];
    expect(writers2).toEqual([{ applied_by: 'live' }, { applied_by: 'rebuild' }]);
  });

  it('resumes an interrupted rebuild from its own checkpoint, and refuses a second concurrent one', async () => {
    const projection = createLedgerProjection({ name: 'test.rebuild', prefix: 'rb', label: 'live' });
    const runner = createProjectionRunner({ store, dataSource, projections: [projection], logger: silentLogger });
    await runner.start();
    const writers = keepAppending();
    let last: Checkpoint | null = null;
    try {
      const abort = new AbortController();
      const interrupted = rebuildProjection({
        store,
        dataSource,
        projection: createLedgerProjection({ name: 'test.rebuild', prefix: 'rb', label: 'first' }),
        batchSize: 100,
        owner: 'first',
        logger: silentLogger,
        signal: abort.signal,
        onProgress: ({ done }) => {
          if (done >= 1000) abort.abort();
        },
      });
      await expect(interrupted).rejects.toBeInstanceOf(RebuildAborted);
      const [state] = (await dataSource.query(
        `select generation, rebuild_generation, rebuild_checkpoint is not null as started, rebuild_owner
           from projection_state where name = 'test.rebuild'`,
      )) as unknown[];
      expect(state).toEqual({ generation: 2, rebuild_generation: 3, started: true, rebuild_owner: null });

      // A live rebuild lease blocks another rebuild from a different owner.
      await dataSource.query(
        `update projection_state set rebuild_owner = 'someone', rebuild_expires_at = now() + interval '1 minute' where name = 'test.rebuild'`,
      );
      await expect(rebuildProjection({ store, dataSource, projection, owner: 'second', logger: silentLogger })).rejects.toBeInstanceOf(
        RebuildInProgress,
      );
      await dataSource.query(`update projection_state set rebuild_expires_at = now() - interval '1 second' where name = 'test.rebuild'`);

      const progress: RebuildProgress[] = [];
      const result = await rebuildProjection({
        store,
        dataSource,
        projection: createLedgerProjection({ name: 'test.rebuild', prefix: 'rb', label: 'second' }),
        batchSize: 300,
        owner: 'second',
        logger: silentLogger,
        onProgress: (update) => progress.push(update),
      });
      expect(result).toMatchObject({ previousGeneration: 2, generation: 3, resumed: true });
      expect(progress[0].done).toBeGreaterThanOrEqual(1000);
      last = await writers.stop();
      if (last === null) throw new Error('the writers appended nothing');
      await runner.waitFor('test.rebuild', last, 30_000);
    } finally {
      await writers.stop();
      await runner.stop();
    }
    expect(await tableExists('rb_events__g2')).toBe(false);
    expect(await viewTarget('rb_events')).toContain('rb_events__g3');
    // Resumed, not restarted: the first run's rows are still there, each event applied once.
    const labels = (await dataSource.query(`select distinct applied_by from rb_events order by 1`)) as unknown[];
    expect(labels).toEqual(expect.arrayContaining([{ applied_by: 'first' }, { applied_by: 'second' }]));

    const reference = createLedgerProjection({ name: 'test.rebuild-reference-2', prefix: 'rb_ref2' });
    await buildInOnePass(store, dataSource, reference, last);
    const rebuilt = await readLedger(dataSource, 'rb');
    expect((rebuilt.events as LedgerRow[]).every((row) => row.applications === 1)).toBe(true);
    expect(rebuilt).toEqual(await readLedger(dataSource, 'rb_ref2'));
  });
});
