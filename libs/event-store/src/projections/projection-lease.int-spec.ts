import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import type { ProjectionRunner } from './projection-runner';
import { createProjectionRunner } from './projection-runner';
import { createLedgerProjection, readLedger } from './testing/ledger.projection';
import { openDataSource, seedEvents, silentLogger, waitUntil } from './testing/fixtures';

type LedgerRow = { stream_id: string; applications: number };

describe('projection lease', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSources: DataSource[];

  beforeAll(async () => {
    db = await createTestDatabase('proj_lease');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
    // One pool per runner, as two API processes would have.
    dataSources = [await openDataSource(db.url), await openDataSource(db.url), await openDataSource(db.url)];
  });

  afterAll(async () => {
    await Promise.all(dataSources?.map((dataSource) => dataSource.destroy()) ?? []);
    await store?.close();
    await db?.drop();
  });

  const appliedBy = async (prefix: string): Promise<Record<string, number>> => {
    const rows = (await dataSources[2].query(`select applied_by, count(*)::int as events from ${prefix}_events group by applied_by`)) as {
      applied_by: string;
      events: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.applied_by, row.events]));
  };

  const runnerFor = (label: string, index: number, name: string, prefix: string): ProjectionRunner =>
    createProjectionRunner({
      store,
      dataSource: dataSources[index],
      owner: `owner-${label}`,
      projections: [createLedgerProjection({ name, prefix, label, sleepSeconds: 0.005 })],
      batchSize: 100,
      leaseDurationMs: 1_000,
      leaseRetryMs: 50,
      logger: silentLogger,
    });

  it('lets only one of two runners apply, and the other take over when the owner stops', async () => {
    const first = await seedEvents(store, { streams: 20, eventsPerStream: 100, streamPrefix: 'lease-a' });
    const a = runnerFor('A', 0, 'test.lease', 'lease');
    const b = runnerFor('B', 1, 'test.lease', 'lease');
    await Promise.all([a.start(), b.start()]);
    const stopped = new Set<ProjectionRunner>();
    try {
      await a.waitFor('test.lease', first, 30_000);
      const byOwner = await appliedBy('lease');
      expect(Object.keys(byOwner)).toHaveLength(1);
      const holder = Object.keys(byOwner)[0] === 'A' ? a : b;
      const other = holder === a ? b : a;
      const [status] = await a.status();
      expect(status.leaseOwner).toBe(holder.owner);

      // Both keep running for a while with new events: still only the holder applies.
      const second = await seedEvents(store, { streams: 5, eventsPerStream: 40, streamPrefix: 'lease-b' });
      await other.waitFor('test.lease', second, 30_000);
      expect(Object.keys(await appliedBy('lease'))).toEqual([Object.keys(byOwner)[0]]);

      await holder.stop();
      stopped.add(holder);
      const third = await seedEvents(store, { streams: 5, eventsPerStream: 40, streamPrefix: 'lease-c' });
      await other.waitFor('test.lease', third, 30_000);
      const [afterTakeover] = await other.status();
      expect(afterTakeover.leaseOwner).toBe(other.owner);

      const { events } = await readLedger(dataSources[2], 'lease');
      const rows = events as LedgerRow[];
      expect(rows).toHaveLength(2000 + 200 + 200);
      expect(rows.every((row) => row.applications === 1)).toBe(true);
      const takeover = (await dataSources[2].query(`select distinct applied_by from lease_events where stream_id like 'lease-c-%'`)) as {
        applied_by: string;
      }[];
      expect(takeover).toEqual([{ applied_by: other === a ? 'A' : 'B' }]);
    } finally {
      for (const runner of [a, b]) if (!stopped.has(runner)) await runner.stop();
    }
  });

  it('fences out a running runner once its lease was taken over', async () => {
    const last = await seedEvents(store, { streams: 10, eventsPerStream: 100, streamPrefix: 'fence' });
    const a = runnerFor('A', 0, 'test.fence', 'fence');
    await a.start();
    let b: ProjectionRunner | null = null;
    try {
      // The lease changes hands while A keeps running, as when A's lease expires during a long
      // pause and another process acquires it: A's next batch must fail its fence.
      await waitUntil(async () => ((await appliedBy('fence'))['A'] ?? 0) >= 200, 30_000, 'runner A to make progress');
      await dataSources[2].query(
        `update projection_state set lease_owner = 'owner-B', lease_expires_at = now() + interval '1 minute' where name = 'test.fence'`,
      );
      b = runnerFor('B', 1, 'test.fence', 'fence');
      await b.start();
      await b.waitFor('test.fence', last, 30_000);
    } finally {
      await a.stop();
      await b?.stop();
    }
    const { events } = await readLedger(dataSources[2], 'fence');
    const rows = (events as LedgerRow[]).filter((row) => row.stream_id.startsWith('fence-'));
    expect(rows).toHaveLength(1000);
    expect(rows.every((row) => row.applications === 1)).toBe(true);
    const byOwner = await appliedBy('fence');
    expect(byOwner['B']).toBeGreaterThan(0);
  });
  it('takes the lease at once from a process on this host that no longer runs', async () => {
    const name = 'test.lease-dead-owner';
    const last = await seedEvents(store, { streams: 2, eventsPerStream: 10, streamPrefix: 'lease-dead' });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const runner = createProjectionRunner({
      store,
      dataSource: dataSources[0],
      projections: [createLedgerProjection({ name, prefix: 'lease_dead', label: 'alive' })],
      leaseDurationMs: 60_000,
      leaseRetryMs: 50,
      logger: silentLogger,
    });
    // Creates the state row, then a crashed process on this host holds an unexpired lease.
    await runner.start();
    await runner.stop();
    await dataSources[2].query(
      `update projection_state set lease_owner = $2, lease_expires_at = now() + interval '1 hour' where name = $1`,
      [name, `${hostname()}:${dead.stdout}:deadbeef`],
    );
    const restarted = createProjectionRunner({
      store,
      dataSource: dataSources[1],
      projections: [createLedgerProjection({ name, prefix: 'lease_dead', label: 'alive' })],
      leaseDurationMs: 60_000,
      leaseRetryMs: 50,
      logger: silentLogger,
    });
    await restarted.start();
    try {
      await restarted.waitFor(name, last, 10_000);
    } finally {
      await restarted.stop();
    }
  });
});
