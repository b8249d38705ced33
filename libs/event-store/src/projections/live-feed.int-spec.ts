import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { EventStore, RecordedEvent } from '../port';
import type { PostgresEventStore } from '../postgres';
import { createPostgresEventStore } from '../postgres';
import { createLiveFeed } from './live-feed';
import type { LiveFeed, LiveFeedRead } from './live-feed';
import { createProjectionRunner } from './projection-runner';
import { createLedgerProjection, readLedger } from './testing/ledger.projection';
import { buildInOnePass, openDataSource, seedEvents, silentLogger } from './testing/fixtures';

const eventsOf = (read: LiveFeedRead): RecordedEvent[] => {
  if (!Array.isArray(read)) throw new Error(`expected events, got ${read}`);
  return read;
};

describe('live feed', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const feeds: LiveFeed[] = [];
  const never = new AbortController().signal;

  const feedOf = (from: Parameters<typeof createLiveFeed>[0]['from'], capacity = 1_000): LiveFeed => {
    const feed = createLiveFeed({ store, from, batchSize: 50, coalesceMs: 0, capacity, onError: () => undefined });
    feeds.push(feed);
    return feed;
  };

  beforeAll(async () => {
    db = await createTestDatabase('live_feed');
    store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
    dataSource = await openDataSource(db.url);
  });

  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  it('hands each follower the events after its own checkpoint, in log order', async () => {
    const before = (await store.readAll({ from: 'start', maxCount: 1_000_000 })).checkpoint;
    const feed = feedOf(before);
    await seedEvents(store, { streams: 4, eventsPerStream: 30, streamPrefix: 'order' });
    const expected = (await store.readAll({ from: before, maxCount: 1_000 })).events;
    expect(expected).toHaveLength(120);

    // One follower from the feed's start, one from the middle; each reads to the end in pieces.
    const readAllAfter = async (from: typeof before): Promise<string[]> => {
      const ids: string[] = [];
      let at = from;
      while (ids.length < expected.filter((event) => store.compareCheckpoints(event.checkpoint, from) > 0).length) {
        const events = eventsOf(await feed.next(at, 17, never));
        expect(events.length).toBeLessThanOrEqual(17);
        ids.push(...events.map((event) => event.id));
        at = events[events.length - 1].checkpoint;
      }
      return ids;
    };
    expect(await readAllAfter(before)).toEqual(expected.map((event) => event.id));
    expect(await readAllAfter(expected[59].checkpoint)).toEqual(expected.slice(60).map((event) => event.id));
  });

  it('waits for the next append when a follower is at the newest event, and ends when stopped', async () => {
    const { checkpoint } = await store.appendToStream('wait-first', [{ type: 'test.fed', data: { n: 1 } }]);
    const feed = feedOf(checkpoint);
    const waiting = feed.next(checkpoint, 10, never);
    const late = await store.appendToStream('wait-second', [{ type: 'test.fed', data: { n: 2 } }]);
    const events = eventsOf(await waiting);
    expect(events.map((event) => event.checkpoint)).toEqual([late.checkpoint]);

    const pending = feed.next(late.checkpoint, 10, never);
    await feed.stop();
    expect(await pending).toBe('ended');
    expect(feed.ended).toBe(true);

    const aborted = new AbortController();
    const other = feedOf(late.checkpoint);
    const stopping = other.next(late.checkpoint, 10, aborted.signal);
    aborted.abort();
    expect(await stopping).toBe('stopped');
  });

  it('tells a follower older than the events it keeps that it is behind', async () => {
    const from = (await store.readAll({ from: 'start', maxCount: 1_000_000 })).checkpoint;
    const feed = feedOf(from, 20);
    await seedEvents(store, { streams: 2, eventsPerStream: 50, streamPrefix: 'trim', concurrency: 1 });
    const newest = (await store.readAll({ from, maxCount: 1_000 })).events;
    // Answers once the feed has read up to the newest event.
    const tail = eventsOf(await feed.next(newest[newest.length - 2].checkpoint, 10, never));
    expect(tail.map((event) => event.id)).toEqual([newest[newest.length - 1].id]);
    expect(await feed.next(from, 10, never)).toBe('behind');
    expect(await feed.next(newest[10].checkpoint, 10, never)).toBe('behind');
    const recent = eventsOf(await feed.next(newest[newest.length - 6].checkpoint, 10, never));
    expect(recent.map((event) => event.id)).toEqual(newest.slice(-5).map((event) => event.id));
  });

  it('serves every projection of a runner from one subscription, a slow one catching up on its own', async () => {
    let subscriptions = 0;
    const counting: EventStore = {
      ...store,
      subscribeToAll: (handler, options) => {
        subscriptions++;
        return store.subscribeToAll(handler, options);
      },
    };
    const quick = createLedgerProjection({ name: 'test.feed-quick', prefix: 'feed_quick' });
    const other = createLedgerProjection({ name: 'test.feed-other', prefix: 'feed_other' });
    // Holds each batch open, so it falls out of the feed's small window while the others keep up.
    const slow = createLedgerProjection({ name: 'test.feed-slow', prefix: 'feed_slow', sleepSeconds: 0.05 });
    const runner = createProjectionRunner({
      store: counting,
      dataSource,
      projections: [quick, other, slow],
      batchSize: 5,
      liveCoalesceMs: 0,
      liveFeedCapacity: 20,
      logger: silentLogger,
    });
    await runner.start();
    let last;
    try {
      last = await seedEvents(store, { streams: 6, eventsPerStream: 40, chunk: 2, streamPrefix: 'feed-run' });
      for (const name of ['test.feed-quick', 'test.feed-other', 'test.feed-slow']) await runner.waitFor(name, last, 60_000);
    } finally {
      await runner.stop();
    }
    expect(subscriptions).toBe(1);

    const reference = createLedgerProjection({ name: 'test.feed-reference', prefix: 'feed_reference' });
    await buildInOnePass(store, dataSource, reference, last);
    const expected = await readLedger(dataSource, 'feed_reference');
    for (const prefix of ['feed_quick', 'feed_other', 'feed_slow']) {
      expect(await readLedger(dataSource, prefix)).toEqual(expected);
    }
  });

  it('applies the live batches of the projections in one transaction, and alone when one of them fails', async () => {
    let failing = false;
    const names = ['test.group-a', 'test.group-b', 'test.group-c'];
    const [a, b] = [
      createLedgerProjection({ name: names[0], prefix: 'group_a' }),
      createLedgerProjection({ name: names[1], prefix: 'group_b' }),
    ];
    const c = createLedgerProjection({ name: names[2], prefix: 'group_c', failWhen: () => failing });
    const runner = createProjectionRunner({
      store,
      dataSource,
      projections: [a, b, c],
      liveCoalesceMs: 5,
      parkAfterFailures: 2,
      logger: silentLogger,
    });
    const transactionsOf = async (): Promise<number> => {
      const [{ count }] = (await dataSource.query(
        `select count(distinct xmin::text)::int as count from projection_state where name = any($1::text[])`,
        [names],
      )) as { count: number }[];
      return count;
    };
    await runner.start();
    let last;
    try {
      // Caught up first (each alone), then live: the last batch of all three commits as one.
      last = await seedEvents(store, { streams: 3, eventsPerStream: 20, streamPrefix: 'group-live' });
      for (const name of names) await runner.waitFor(name, last, 30_000);
      // Past their pause after the last batch, all three wait on the feed: one delivery wakes them together.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { checkpoint } = await store.appendToStream('group-one', [{ type: 'test.grouped', data: { n: 1 } }]);
      for (const name of names) await runner.waitFor(name, checkpoint, 30_000);
      expect(await transactionsOf()).toBe(1);

      // One projection fails: the combined batch rolls back, the others apply it alone and go on.
      failing = true;
      const { checkpoint: failed } = await store.appendToStream('group-two', [{ type: 'test.grouped', data: { n: 2 } }]);
      for (const name of names.slice(0, 2)) await runner.waitFor(name, failed, 30_000);
      failing = false;
      await runner.waitFor(names[2], failed, 30_000);
      last = failed;
    } finally {
      await runner.stop();
    }
    const reference = createLedgerProjection({ name: 'test.group-reference', prefix: 'group_reference' });
    await buildInOnePass(store, dataSource, reference, last);
    const expected = await readLedger(dataSource, 'group_reference');
    for (const prefix of ['group_a', 'group_b', 'group_c']) expect(await readLedger(dataSource, prefix)).toEqual(expected);
  });
});
