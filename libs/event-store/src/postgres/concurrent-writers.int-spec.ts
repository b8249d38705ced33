import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { WrongExpectedVersion } from '../errors';
import type { RecordedEvent } from '../port';
import { createPostgresEventStore } from './postgres-event-store';
import type { PostgresEventStore } from './postgres-event-store';

const WRITERS = 16;
const APPENDS_PER_WRITER = 250;
const HOT_STREAMS = 4;

describe('PostgreSQL event store under concurrent writers', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('es_concurrency');
    store = await createPostgresEventStore({ connectionString: database.url, poolSize: WRITERS + 4, idlePollMs: 100 });
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('delivers every committed event exactly once and each stream in order, despite a late commit', async () => {
    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll(
      async (events) => {
        received.push(...events);
      },
      { batchSize: 300 },
    );

    // A transaction that appends first and commits last: its events get a low position while
    // thousands of later positions commit before it.
    const slow = new Client({ connectionString: database.url });
    await slow.connect();
    const slowEventId = randomUUID();
    await slow.query('begin');
    // Writes exactly what an append of one event to a new stream writes.
    await slow.query(`insert into event_store.es_streams (stream_id, version) values ('slow-stream', 0)`);
    await slow.query(
      `insert into event_store.es_events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
       values ('slow-stream', 0, $1, 'test.slow-happened', 1, '{}', '{}')`,
      [slowEventId],
    );

    const appended = new Set<string>([slowEventId]);
    let conflicts = 0;
    const writer = async (writerIndex: number) => {
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        const id = randomUUID();
        // Every fourth append goes to a stream that all writers share, with optimistic concurrency.
        if (i % 4 === 0) {
          const streamId = `hot-${i % HOT_STREAMS}`;
          for (;;) {
            const version = await store.streamVersion(streamId);
            try {
              await store.appendToStream(streamId, [{ id, type: 'test.hot-happened', data: { writerIndex, i } }], {
                expectedVersion: version,
              });
              break;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersion)) throw error;
              conflicts++;
            }
          }
        } else {
          await store.appendToStream(`writer-${writerIndex}`, [{ id, type: 'test.written', data: { writerIndex, i } }]);
        }
        appended.add(id);
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(index)));

    // Nothing behind the open transaction may be delivered past it; now let it commit late.
    await slow.query('commit');
    await slow.end();

    const deadline = Date.now() + 60_000;
    while (received.length < appended.size && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Give a duplicate delivery a chance to show up before stopping.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await subscription.stop();

    const ids = received.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(appended.size);
    expect(new Set(ids)).toEqual(appended);
    expect(appended.size).toBe(WRITERS * APPENDS_PER_WRITER + 1);

    const revisionsByStream = new Map<string, number[]>();
    for (const event of received) {
      revisionsByStream.set(event.streamId, [...(revisionsByStream.get(event.streamId) ?? []), event.revision]);
    }
    for (const [, revisions] of revisionsByStream) {
      expect(revisions).toEqual(revisions.map((_, index) => index));
    }
    // Checkpoints strictly increase in delivery order.
    for (let i = 1; i < received.length; i++) {
      expect(store.compareCheckpoints(received[i - 1].checkpoint, received[i].checkpoint)).toBeLessThan(0);
    }
    // The shared streams really were contended, so ordering under conflicts was exercised.
    expect(conflicts).toBeGreaterThan(0);
  });

  it('lets exactly one of many appends with the same expected version win', async () => {
    const streamId = `contested-${randomUUID()}`;
    await store.appendToStream(streamId, [{ type: 'test.opened', data: {} }], { expectedVersion: 'no_stream' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, index) =>
        store.appendToStream(streamId, [{ type: 'test.claimed', data: { index } }], { expectedVersion: 0 }),
      ),
    );
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(WRITERS - 1);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(WrongExpectedVersion);
      expect((loser.reason as WrongExpectedVersion).actualVersion).toBe(1);
    }
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('coalesces a trickle of appends into fewer batches when asked to', async () => {
    const streamId = `trickle-${randomUUID()}`;
    const { checkpoint: from } = await store.appendToStream(streamId, [{ type: 'test.started', data: {} }]);
    const batches: number[] = [];
    const subscription = store.subscribeToAll(
      async (events) => {
        const mine = events.filter((event) => event.streamId === streamId);
        if (mine.length > 0) batches.push(mine.length);
      },
      { from, coalesceMs: 300 },
    );
    // The first append opens a partial batch; the next ones arrive within the coalescing window.
    for (let i = 0; i < 10; i++) {
      await store.appendToStream(streamId, [{ type: 'test.trickled', data: { i } }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const deadline = Date.now() + 10_000;
    while (batches.reduce((sum, size) => sum + size, 0) < 10 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await subscription.stop();
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(10);
    expect(batches.length).toBeLessThanOrEqual(3);
  });
});
