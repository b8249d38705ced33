import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import { ProjectionTimeout } from './errors';
import { EVENT_STATISTICS_PROJECTION, eventStatisticsProjection } from './event-statistics.projection';
import type { ProjectionLogger } from './logger';
import { createProjectionRunner } from './projection-runner';
import { createLedgerProjection, readLedger } from './testing/ledger.projection';
import { openDataSource, seedEvents, silentLogger } from './testing/fixtures';

describe('projection runner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('proj_runner');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 200 });
    dataSource = await openDataSource(db.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  it('stops promptly when stopped right after starting, releasing its lease', async () => {
    const name = 'test.immediate-stop';
    const runner = createProjectionRunner({
      store,
      dataSource,
      projections: [createLedgerProjection({ name, prefix: 'immediate_stop', label: 'a' })],
      logger: silentLogger,
    });
    await runner.start();
    const stopped = await Promise.race([
      runner.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 5_000)),
    ]);
    expect(stopped).toBe('stopped');
    const [{ owner }] = (await dataSource.query(`select lease_owner as owner from projection_state where name = $1`, [name])) as {
      owner: string | null;
    }[];
    expect(owner).toBeNull();
  });

  it('counts events per type in event_type_counts, set-based per batch', async () => {
    const runner = createProjectionRunner({ store, dataSource, projections: [eventStatisticsProjection], logger: silentLogger });
    await runner.start();
    try {
      const last = await seedEvents(store, {
        streams: 12,
        eventsPerStream: 100,
        types: ['stats.a', 'stats.b', 'stats.b', 'stats.c'],
      });
      await runner.waitFor(EVENT_STATISTICS_PROJECTION, last, 30_000);
      const rows = (await dataSource.query(
        `select type, events::int as events, last_recorded_at from event_type_counts order by type`,
      )) as { type: string; events: number; last_recorded_at: Date }[];
      expect(rows.map(({ type, events }) => ({ type, events }))).toEqual([
        { type: 'stats.a', events: 300 },
        { type: 'stats.b', events: 600 },
        { type: 'stats.c', events: 300 },
      ]);
      const [{ latest }] = (await dataSource.query(
        `select max(recorded_at) as latest from event_store.es_events where event_type = 'stats.c'`,
      )) as { latest: Date }[];
      expect(rows[2].last_recorded_at.getTime()).toBe(latest.getTime());

      const [status] = await runner.status();
      expect(status).toMatchObject({ name: EVENT_STATISTICS_PROJECTION, generation: 1, lag: 0, leaseOwner: runner.owner });
      expect(store.compareCheckpoints(status.checkpoint, last)).toBeGreaterThanOrEqual(0);
      expect(status.updatedAt).toBeInstanceOf(Date);
    } finally {
      await runner.stop();
    }
    const [{ owner }] = (await dataSource.query(`select lease_owner as owner from projection_state where name = $1`, [
      EVENT_STATISTICS_PROJECTION,
    ])) as { owner: string | null }[];
    expect(owner).toBeNull();
  });

  it('waitFor resolves once the projection passed an append, in this process and from another one', async () => {
    const projection = createLedgerProjection({ name: 'test.wait', prefix: 'wait' });
    const runner = createProjectionRunner({ store, dataSource, projections: [projection], logger: silentLogger });
    // Shares nothing with `runner` but the database: it can only learn progress by polling.
    const observer = createProjectionRunner({ store, dataSource, projections: [projection], logger: silentLogger });
    await runner.start();
    try {
      for (let round = 0; round < 5; round++) {
        const { checkpoint } = await store.appendToStream(`wait-${round}`, [{ type: 'test.waited', data: { n: round } }]);
        await runner.waitFor('test.wait', checkpoint, 10_000);
        const rows = (await dataSource.query(`select n from wait_events where stream_id = $1`, [`wait-${round}`])) as unknown[];
        expect(rows).toEqual([{ n: round }]);
      }
      const { checkpoint } = await store.appendToStream('wait-observed', [{ type: 'test.waited', data: { n: 99 } }]);
      await observer.waitFor('test.wait', checkpoint, 10_000);
      expect(await dataSource.query(`select n from wait_events where stream_id = 'wait-observed'`)).toEqual([{ n: 99 }]);
    } finally {
      await runner.stop();
    }

    const { checkpoint: unprojected } = await store.appendToStream('wait-late', [{ type: 'test.waited', data: { n: 1 } }]);
    const startedAt = Date.now();
    const waiting = observer.waitFor('test.wait', unprojected, 300);
    await expect(waiting).rejects.toBeInstanceOf(ProjectionTimeout);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    await expect(observer.waitFor('test.unknown', unprojected, 100)).rejects.toThrow('Unknown projection');

    // The same wait succeeds once a runner takes the projection up again.
    const resumed = createProjectionRunner({ store, dataSource, projections: [projection], logger: silentLogger });
    const pending = observer.waitFor('test.wait', unprojected, 10_000);
    await resumed.start();
    try {
      await pending;
    } finally {
      await resumed.stop();
      await observer.stop();
    }
  });

  it('rolls a failing batch back, logs without event data and retries it until it succeeds', async () => {
    let failures = 3;
    const projection = createLedgerProjection({
      name: 'test.retry',
      prefix: 'retry',
      failWhen: () => failures-- > 0,
    });
    const logged: { fields: Record<string, unknown>; message: string }[] = [];
    const logger: ProjectionLogger = {
      info: () => undefined,
      warn: () => undefined,
      error: (fields, message) => logged.push({ fields, message }),
    };
    const runner = createProjectionRunner({ store, dataSource, projections: [projection], logger, maxBackoffMs: 50 });
    await runner.start();
    try {
      const last = await seedEvents(store, { streams: 3, eventsPerStream: 40, streamPrefix: 'retry' });
      await runner.waitFor('test.retry', last, 30_000);
    } finally {
      await runner.stop();
    }
    const { events } = await readLedger(dataSource, 'retry');
    const [{ total }] = (await dataSource.query(`select count(*)::int as total from event_store.es_events`)) as { total: number }[];
    expect(events).toHaveLength(total);
    expect(events.filter((row) => (row as { stream_id: string }).stream_id.startsWith('retry-'))).toHaveLength(120);
    expect(events.every((row) => (row as { applications: number }).applications === 1)).toBe(true);
    expect(logged).toHaveLength(3);
    for (const { fields } of logged) {
      expect(fields).toMatchObject({ projection: 'test.retry', errorClass: 'Error' });
      expect(Object.keys(fields).sort()).toEqual([
        'attempt',
        'checkpoint',
        'errorClass',
        'errorMessage',
        'eventFailures',
        'parkingAfter',
        'projection',
        'retryInMs',
      ]);
      // Built from the error's class and where it was thrown, never from its message.
      expect(fields['errorMessage']).toMatch(/^Error thrown at libs\/event-store\/src\/projections\/testing\/ledger\.projection\.ts:\d+$/);
    }
  });

  it('skips events of other types without calling apply, but still moves the checkpoint', async () => {
    const seen: string[] = [];
    const runner = createProjectionRunner({
      store,
      dataSource,
      logger: silentLogger,
      projections: [
        {
          name: 'test.filtered',
          tables: ['filtered_marker'],
          createTables: (physical) => [`create table "${physical['filtered_marker']}" (id int)`],
          eventTypes: ['filter.wanted'],
          apply: async (events) => {
            seen.push(...events.map((event) => event.type));
          },
        },
      ],
    });
    await runner.start();
    try {
      const last = await seedEvents(store, { streams: 2, eventsPerStream: 10, types: ['filter.wanted', 'filter.other'] });
      await runner.waitFor('test.filtered', last, 10_000);
      const only = await store.appendToStream('filter-tail', [{ type: 'filter.other', data: {} }]);
      await runner.waitFor('test.filtered', only.checkpoint, 10_000);
    } finally {
      await runner.stop();
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen)).toEqual(new Set(['filter.wanted']));
  });
});
