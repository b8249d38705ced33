import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { Checkpoint } from '../port';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import type { ProjectionLogger } from './logger';
import { createProjectionRunner } from './projection-runner';
import { rebuildProjection } from './rebuild-projection';
import { appendLabels, createLabelProjection, readLabels } from './testing/label.projection';
import { openDataSource, silentLogger, waitUntil } from './testing/fixtures';

type LogEntry = { level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string };

const capturingLogger = (): { logger: ProjectionLogger; entries: LogEntry[] } => {
  const entries: LogEntry[] = [];
  return {
    entries,
    logger: {
      info: (fields, message) => entries.push({ level: 'info', fields, message }),
      warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
      error: (fields, message) => entries.push({ level: 'error', fields, message }),
    },
  };
};

type ParkedRow = {
  projection: string;
  generation: number;
  reason: 'failed' | 'held';
  event_id: string;
  stream_id: string;
  stream_revision: string;
  event_type: string;
  checkpoint: string;
  previous_checkpoint: string | null;
  error_class: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  parked_at: Date;
  first_failed_at: Date | null;
  last_retried_at: Date | null;
  next_retry_at: Date | null;
};

describe('projection runner: an event a projection cannot apply is parked, never stops it', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('proj_parking');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
    dataSource = await openDataSource(db.url, 10);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const parkedRows = async (projection: string): Promise<ParkedRow[]> =>
    (await dataSource.query(`select * from projection_parked_events where projection = $1 order by seq`, [projection])) as ParkedRow[];

  /** `streams` streams of `perStream` labels, appended round-robin so streams interleave in the log. */
  const appendWorkload = async (
    prefix: string,
    streams: number,
    perStream: number,
    label: (stream: number, revision: number) => string,
    type: string,
  ): Promise<Checkpoint> => {
    let last = '';
    for (let revision = 0; revision < perStream; revision++) {
      for (let stream = 0; stream < streams; stream++) {
        last = await appendLabels(store, `${prefix}-${stream}`, [label(stream, revision)], type);
      }
    }
    return last as Checkpoint;
  };

  it('parks the one event, goes on with every later one, holds its stream, and replays it after the fix', async () => {
    // A value only the failing event carries: no table row and no log line may ever contain it.
    const marker = `Geheim${randomUUID().slice(0, 8)}`;
    const badLabel = `Dorpsstraat ${marker}\u0000`;
    const label = (stream: number, revision: number): string => (stream === 3 && revision === 4 ? badLabel : `s${stream}r${revision}`);
    const last = await appendWorkload('park', 6, 10, label, 'test.labelled');

    let fixed = false;
    const projection = createLabelProjection({ name: 'test.parking', prefix: 'parking', fixed: () => fixed });
    const { logger, entries } = capturingLogger();
    // Default backoff and parking settings: the figure below is what production gets.
    const runner = createProjectionRunner({ store, dataSource, projections: [projection], logger, batchSize: 25 });
    const startedAt = Date.now();
    await runner.start();
    try {
      await runner.waitFor('test.parking', last, 30_000);
      const tookMs = Date.now() - startedAt;
      process.stdout.write(`parking: 60 events caught up past one failing event in ${tookMs} ms\n`);
      // Four failures of the batch with 0.1 + 0.2 + 0.4 + 0.8 s between them, then the bisection.
      expect(tookMs).toBeGreaterThanOrEqual(1_500);

      // Every other stream is complete, each event applied once; stream 3 stops before its bad event.
      const applied = await readLabels(dataSource, 'parking');
      expect(applied.events.every((row) => row.applications === 1)).toBe(true);
      expect(applied.events).toHaveLength(60 - 6);
      for (const stream of [0, 1, 2, 4, 5]) {
        expect(applied.streams.find((row) => row.stream_id === `park-${stream}`)?.labels).toBe(
          Array.from({ length: 10 }, (_, revision) => `s${stream}r${revision}`).join(','),
        );
      }
      expect(applied.streams.find((row) => row.stream_id === 'park-3')).toMatchObject({ labels: 's3r0,s3r1,s3r2,s3r3', last_revision: 3 });

      const parked = await parkedRows('test.parking');
      expect(parked.map((row) => [row.reason, Number(row.stream_revision)])).toEqual([
        ['failed', 4],
        ['held', 5],
        ['held', 6],
        ['held', 7],
        ['held', 8],
        ['held', 9],
      ]);
      const [failed] = parked;
      const [badEvent] = (await store.readStream('park-3', { fromRevision: 4, maxCount: 1 })) as { id: string; checkpoint: string }[];
      expect(failed).toMatchObject({
        projection: 'test.parking',
        generation: 1,
        event_id: badEvent.id,
        stream_id: 'park-3',
        event_type: 'test.labelled',
        checkpoint: badEvent.checkpoint,
        error_class: 'QueryFailedError',
        error_code: '22P05',
        error_message: 'PostgreSQL 22P05 untranslatable_character (routine json_errsave_error)',
      });
      expect(failed.attempts).toBeGreaterThanOrEqual(5);
      expect(failed.first_failed_at).toBeInstanceOf(Date);
      expect(failed.last_retried_at).toBeInstanceOf(Date);
      expect(failed.next_retry_at!.getTime()).toBeGreaterThan(Date.now());
      expect(parked.slice(1).every((row) => row.error_code === null && row.attempts === 0 && row.next_retry_at === null)).toBe(true);
      expect(JSON.stringify(parked)).not.toContain(marker);

      const [status] = await runner.status();
      expect(status).toMatchObject({ name: 'test.parking', lag: 0, parkedEvents: 1, heldEvents: 5, leaseOwner: runner.owner });

      // The log names the projection and the position, with the error's code but no event data.
      const parkedLine = entries.find((entry) => entry.message.startsWith('projection event parked'));
      expect(parkedLine).toMatchObject({
        level: 'error',
        fields: {
          projection: 'test.parking',
          generation: 1,
          checkpoint: badEvent.checkpoint,
          eventId: badEvent.id,
          eventType: 'test.labelled',
          reason: 'failed',
          errorCode: '22P05',
          errorMessage: 'PostgreSQL 22P05 untranslatable_character (routine json_errsave_error)',
        },
      });
      expect(entries.filter((entry) => entry.message.startsWith('projection batch failed')).length).toBe(4);
      expect(JSON.stringify(entries)).not.toContain(marker);

      // Live appends: the parked stream keeps being held, the others keep flowing.
      await appendLabels(store, 'park-3', ['s3r10']);
      const live = await appendLabels(store, 'park-5', ['s5r10']);
      await runner.waitFor('test.parking', live as Checkpoint, 10_000);
      expect((await readLabels(dataSource, 'parking')).streams.find((row) => row.stream_id === 'park-5')?.last_revision).toBe(10);
      expect((await runner.status())[0]).toMatchObject({ parkedEvents: 1, heldEvents: 6 });
    } finally {
      await runner.stop();
    }

    // The fix is deployed: the next process retries every parked event when it takes the projection up.
    fixed = true;
    const after = capturingLogger();
    const deployed = createProjectionRunner({ store, dataSource, projections: [projection], logger: after.logger });
    await deployed.start();
    try {
      await waitUntil(async () => (await parkedRows('test.parking')).length === 0, 10_000, 'the parked events to be applied');
      const [status] = await deployed.status();
      expect(status).toMatchObject({ parkedEvents: 0, heldEvents: 0, lag: 0 });
    } finally {
      await deployed.stop();
    }
    const applied = await readLabels(dataSource, 'parking');
    expect(applied.events).toHaveLength(62);
    expect(applied.events.every((row) => row.applications === 1)).toBe(true);
    // In the stream's own order, the once-failing event with the fix applied.
    expect(applied.streams.find((row) => row.stream_id === 'park-3')?.labels).toBe(
      [
        ...Array.from({ length: 4 }, (_, r) => `s3r${r}`),
        `Dorpsstraat ${marker}`,
        ...Array.from({ length: 6 }, (_, r) => `s3r${r + 5}`),
      ].join(','),
    );
    expect(after.entries.filter((entry) => entry.message === 'parked projection event applied on retry')).toHaveLength(7);
    expect(JSON.stringify(after.entries)).not.toContain(marker);
  });

  it('retries a parked event while running, backing off, and applies it once it can', async () => {
    let fixed = false;
    const projection = createLabelProjection({
      name: 'test.parking-retry',
      prefix: 'parking_retry',
      fixed: () => fixed,
      eventType: 'test.retry',
    });
    const runner = createProjectionRunner({
      store,
      dataSource,
      projections: [projection],
      logger: silentLogger,
      parkAfterFailures: 1,
      maxBackoffMs: 20,
      parkedRetryMinMs: 300,
      parkedRetryMaxMs: 5_000,
    });
    await runner.start();
    try {
      const { checkpoint } = await store.appendToStream('retry-bad', [
        { type: 'test.retry', data: { sealedLabel: Buffer.from('x\u0000').toString('base64') } },
      ]);
      await runner.waitFor('test.parking-retry', checkpoint as Checkpoint, 10_000);
      // Retried at 0.3 s, then 0.6 s later: three attempts more within about a second.
      const attemptsAt = async (): Promise<ParkedRow> => (await parkedRows('test.parking-retry'))[0];
      const first = await attemptsAt();
      await waitUntil(async () => (await attemptsAt()).attempts >= first.attempts + 2, 10_000, 'two retries');
      const retried = await attemptsAt();
      const gap = retried.next_retry_at!.getTime() - retried.last_retried_at!.getTime();
      expect(gap).toBeGreaterThanOrEqual(1_100);
      expect(gap).toBeLessThan(1_400);
      expect(retried.first_failed_at!.getTime()).toBe(first.first_failed_at!.getTime());

      fixed = true;
      await waitUntil(async () => (await parkedRows('test.parking-retry')).length === 0, 10_000, 'the retry to succeed');
      expect((await readLabels(dataSource, 'parking_retry')).events).toMatchObject([
        { stream_id: 'retry-bad', label: 'x', applications: 1 },
      ]);
    } finally {
      await runner.stop();
    }
  });

  it('never parks on failures that are not the event’s own: it retries them until they pass', async () => {
    const failures = ['40001', '40P01', '57014', '08006', '53300', '40001', '55P03'];
    const projection = createLabelProjection({
      name: 'test.parking-transient',
      prefix: 'parking_transient',
      failWith: () => failures.shift(),
      eventType: 'test.transient',
    });
    const { logger, entries } = capturingLogger();
    const runner = createProjectionRunner({ store, dataSource, projections: [projection], logger, parkAfterFailures: 2, maxBackoffMs: 20 });
    await runner.start();
    try {
      const last = await appendLabels(store, 'transient', ['a', 'b', 'c'], 'test.transient');
      await runner.waitFor('test.parking-transient', last as Checkpoint, 10_000);
    } finally {
      await runner.stop();
    }
    expect(failures).toEqual([]);
    expect(await parkedRows('test.parking-transient')).toEqual([]);
    expect((await readLabels(dataSource, 'parking_transient')).streams).toEqual([
      { stream_id: 'transient', labels: 'a,b,c', events: 3, last_revision: 2 },
    ]);
    const failed = entries.filter((entry) => entry.message.startsWith('projection batch failed'));
    expect(failed.map((entry) => entry.fields['errorCode'])).toEqual(['40001', '40P01', '57014', '08006', '53300', '40001', '55P03']);
    expect(failed.every((entry) => !('eventFailures' in entry.fields))).toBe(true);
  });

  it('does not park when the connection is lost while applying', async () => {
    let kills = 3;
    const labels = createLabelProjection({ name: 'test.parking-connection', prefix: 'parking_connection', eventType: 'test.connection' });
    const projection = {
      ...labels,
      apply: async (...args: Parameters<typeof labels.apply>) => {
        if (kills-- > 0) await args[1].manager.query('select pg_terminate_backend(pg_backend_pid())');
        await labels.apply(...args);
      },
    };
    const runner = createProjectionRunner({
      store,
      dataSource,
      projections: [projection],
      logger: silentLogger,
      parkAfterFailures: 1,
      maxBackoffMs: 20,
    });
    await runner.start();
    try {
      const last = await appendLabels(store, 'connection', ['a', 'b'], 'test.connection');
      await runner.waitFor('test.parking-connection', last as Checkpoint, 20_000);
    } finally {
      await runner.stop();
    }
    expect(kills).toBeLessThan(0);
    expect(await parkedRows('test.parking-connection')).toEqual([]);
    expect((await readLabels(dataSource, 'parking_connection')).streams).toEqual([
      { stream_id: 'connection', labels: 'a,b', events: 2, last_revision: 1 },
    ]);
  });

  it('parks once and applies every event once while two runners take the lease from each other', async () => {
    const marker = `Geheim${randomUUID().slice(0, 8)}`;
    const labels = createLabelProjection({ name: 'test.parking-race', prefix: 'parking_race', eventType: 'test.race' });
    // Slow batches, so the lease changes hands many times while the events are applied.
    const projection = {
      ...labels,
      apply: async (...args: Parameters<typeof labels.apply>) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await labels.apply(...args);
      },
    };
    const { logger, entries } = capturingLogger();
    const options = {
      store,
      dataSource,
      projections: [projection],
      logger,
      batchSize: 7,
      parkAfterFailures: 1,
      maxBackoffMs: 20,
      leaseDurationMs: 600,
      leaseRetryMs: 20,
    };
    const first = createProjectionRunner({ ...options, owner: 'runner-a' });
    const second = createProjectionRunner({ ...options, owner: 'runner-b' });
    await Promise.all([first.start(), second.start()]);
    let stealing = true;
    // Expires the lease again and again, so the two runners keep taking it over mid-batch.
    const thief = (async () => {
      while (stealing) {
        await dataSource.query(
          `update projection_state set lease_expires_at = now() - interval '1 second' where name = 'test.parking-race'`,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const acquired = (): unknown[] =>
      entries.filter((entry) => entry.message === 'projection lease acquired').map((entry) => entry.fields['owner']);
    let stopMs = Number.POSITIVE_INFINITY;
    try {
      // The events come only once both runners have held the lease, so they are applied while
      // it keeps changing hands (on a busy machine one runner could otherwise finish them alone).
      const deadline = Date.now() + 30_000;
      while (new Set(acquired()).size < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(new Set(acquired())).toEqual(new Set(['runner-a', 'runner-b']));
      const last = await appendWorkload(
        'race',
        4,
        15,
        (stream, revision) => (stream === 1 && revision === 7 ? `${marker}\u0000` : `r${stream}-${revision}`),
        'test.race',
      );
      await first.waitFor('test.parking-race', last, 60_000);
    } finally {
      stealing = false;
      await thief;
      const stopping = Date.now();
      await Promise.all([first.stop(), second.stop()]);
      stopMs = Date.now() - stopping;
    }
    // Neither waits out a pause of its parked-event retries once its lease is gone.
    expect(stopMs).toBeLessThan(5_000);
    const parked = await parkedRows('test.parking-race');
    expect(parked.map((row) => [row.reason, row.stream_id, Number(row.stream_revision)])).toEqual([
      ['failed', 'race-1', 7],
      ...Array.from({ length: 7 }, (_, index) => ['held', 'race-1', 8 + index]),
    ]);
    const applied = await readLabels(dataSource, 'parking_race');
    expect(applied.events).toHaveLength(60 - 8);
    expect(applied.events.every((row) => row.applications === 1)).toBe(true);
  });
});

describe('projection rebuild on a store that holds an event the projection cannot apply', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('proj_parking_rebuild');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
    dataSource = await openDataSource(db.url, 10);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  it('finishes, parking the event in the new generation, and the live runner replays it once fixed', async () => {
    const marker = `Geheim${randomUUID().slice(0, 8)}`;
    for (let round = 0; round < 20; round++) {
      await appendLabels(store, `rb-${round % 5}`, [round === 7 ? `${marker}\u0000` : `n${round}`]);
    }
    let fixed = false;
    const projection = createLabelProjection({ name: 'test.rebuild-parking', prefix: 'rebuild_parking', fixed: () => fixed });
    const live = createProjectionRunner({
      store,
      dataSource,
      projections: [projection],
      logger: silentLogger,
      parkAfterFailures: 1,
      maxBackoffMs: 20,
    });
    await live.start();
    const { logger, entries } = capturingLogger();
    try {
      const last = await appendLabels(store, 'rb-other', ['tail']);
      await live.waitFor('test.rebuild-parking', last as Checkpoint, 10_000);
      expect((await live.status())[0]).toMatchObject({ generation: 1, parkedEvents: 1, heldEvents: 2 });

      const result = await rebuildProjection({ store, dataSource, projection, batchSize: 6, logger, parkAfterFailures: 2 });
      expect(result).toMatchObject({ previousGeneration: 1, generation: 2, events: 21, parkedEvents: 1, heldEvents: 2 });
      const parked = (await dataSource.query(
        `select generation, reason, stream_id, stream_revision::int as revision, error_code from projection_parked_events
          where projection = 'test.rebuild-parking' order by seq`,
      )) as unknown[];
      // Round 7 is stream rb-2's second event; rounds 12 and 17 follow it in that stream.
      expect(parked).toEqual([
        { generation: 2, reason: 'failed', stream_id: 'rb-2', revision: 1, error_code: '22P05' },
        { generation: 2, reason: 'held', stream_id: 'rb-2', revision: 2, error_code: null },
        { generation: 2, reason: 'held', stream_id: 'rb-2', revision: 3, error_code: null },
      ]);
      expect(entries.filter((entry) => entry.message.startsWith('projection event parked by the rebuild'))).toHaveLength(1);
      expect(JSON.stringify(entries)).not.toContain(marker);
      expect((await readLabels(dataSource, 'rebuild_parking')).streams.find((row) => row.stream_id === 'rb-2')?.labels).toBe('n2');
    } finally {
      await live.stop();
    }

    fixed = true;
    const deployed = createProjectionRunner({ store, dataSource, projections: [projection], logger: silentLogger });
    await deployed.start();
    try {
      await waitUntil(
        async () => (await deployed.status())[0].parkedEvents + (await deployed.status())[0].heldEvents === 0,
        10_000,
        'the replay',
      );
    } finally {
      await deployed.stop();
    }
    const rebuilt = await readLabels(dataSource, 'rebuild_parking');
    expect(rebuilt.streams.find((row) => row.stream_id === 'rb-2')?.labels).toBe(`n2,${marker},n12,n17`);
    expect(rebuilt.events).toHaveLength(21);
    expect(rebuilt.events.every((row) => row.applications === 1)).toBe(true);
  });
});
