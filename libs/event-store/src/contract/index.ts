import { randomUUID } from 'node:crypto';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../port';
import {
  THING_HAPPENED,
  expectWrongExpectedVersion,
  headCheckpoint,
  ids,
  newStreamId,
  ofStreams,
  readAllPages,
  revisions,
  settle,
  sleep,
  thing,
  things,
  waitFor,
} from './helpers';

export type EventStoreContractFactory = () => Promise<{ store: EventStore; teardown: () => Promise<void> }>;

/**
 * The executable definition of the EventStore port (../port.ts). Every adapter runs it; the tests
 * only look at their own streams, so they may share a store with other tests.
 */
export const describeEventStoreContract = (name: string, factory: EventStoreContractFactory): void => {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let teardown: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const created = await factory();
      store = created.store;
      teardown = created.teardown;
    });

    afterAll(async () => {
      await teardown?.();
    });

    describe('appending with an expected version', () => {
      it('creates a new stream with no_stream and reports the revision of the last event', async () => {
        const streamId = newStreamId('new');
        const result = await store.appendToStream(streamId, things(3), { expectedVersion: 'no_stream' });
        expect(result.nextExpectedVersion).toBe(2);
        expect(typeof result.checkpoint).toBe('string');
        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2]);
        expect(await store.streamVersion(streamId)).toBe(2);
      });

      it('rejects no_stream on an existing stream with the actual revision', async () => {
        const streamId = newStreamId('no-stream-conflict');
        await store.appendToStream(streamId, things(1), { expectedVersion: 'no_stream' });
        await expectWrongExpectedVersion(store.appendToStream(streamId, [thing(1)], { expectedVersion: 'no_stream' }), {
          streamId,
          expectedVersion: 'no_stream',
          actualVersion: 0,
        });
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('rejects stream_exists on a missing stream with actual no_stream, accepts it on an existing one', async () => {
        const streamId = newStreamId('stream-exists');
        await expectWrongExpectedVersion(store.appendToStream(streamId, [thing(0)], { expectedVersion: 'stream_exists' }), {
          streamId,
          expectedVersion: 'stream_exists',
          actualVersion: 'no_stream',
        });
        expect(await store.streamVersion(streamId)).toBe('no_stream');

        await store.appendToStream(streamId, [thing(0)], { expectedVersion: 'no_stream' });
        const result = await store.appendToStream(streamId, things(2, 1), { expectedVersion: 'stream_exists' });
        expect(result.nextExpectedVersion).toBe(2);
      });

      it('accepts the exact 0-based revision of the last event and rejects any other with the actual one', async () => {
        const streamId = newStreamId('exact');
        await expectWrongExpectedVersion(store.appendToStream(streamId, [thing(0)], { expectedVersion: 0 }), {
          streamId,
          expectedVersion: 0,
          actualVersion: 'no_stream',
        });

        const first = await store.appendToStream(streamId, [thing(0)], { expectedVersion: 'no_stream' });
        expect(first.nextExpectedVersion).toBe(0);
        const second = await store.appendToStream(streamId, things(2, 1), { expectedVersion: 0 });
        expect(second.nextExpectedVersion).toBe(2);

        await expectWrongExpectedVersion(store.appendToStream(streamId, [thing(3)], { expectedVersion: 0 }), {
          streamId,
          expectedVersion: 0,
          actualVersion: 2,
        });
        await expectWrongExpectedVersion(store.appendToStream(streamId, [thing(3)], { expectedVersion: 5 }), {
          streamId,
          expectedVersion: 5,
          actualVersion: 2,
        });

        const third = await store.appendToStream(streamId, [thing(3)], { expectedVersion: second.nextExpectedVersion });
        expect(third.nextExpectedVersion).toBe(3);
        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2, 3]);
      });

      it('appends with any (also the default) whatever the stream state', async () => {
        const streamId = newStreamId('any');
        expect((await store.appendToStream(streamId, [thing(0)], { expectedVersion: 'any' })).nextExpectedVersion).toBe(0);
        expect((await store.appendToStream(streamId, things(2, 1), { expectedVersion: 'any' })).nextExpectedVersion).toBe(2);
        expect((await store.appendToStream(streamId, [thing(3)])).nextExpectedVersion).toBe(3);
        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2, 3]);
      });

      it('writes all events of one append or none of them', async () => {
        const streamId = newStreamId('atomic');
        const initial = [thing(0)];
        await store.appendToStream(streamId, initial, { expectedVersion: 'no_stream' });
        const batch = things(3, 1);

        await expectWrongExpectedVersion(store.appendToStream(streamId, batch, { expectedVersion: 7 }), {
          streamId,
          expectedVersion: 7,
          actualVersion: 0,
        });
        await expectWrongExpectedVersion(store.appendToStream(streamId, batch, { expectedVersion: 'no_stream' }), {
          streamId,
          expectedVersion: 'no_stream',
          actualVersion: 0,
        });
        expect(ids(await store.readStream(streamId))).toEqual(ids(initial));
        expect(await store.streamVersion(streamId)).toBe(0);

        const appended = await store.appendToStream(streamId, batch, { expectedVersion: 0 });
        expect(appended.nextExpectedVersion).toBe(3);
        expect(ids(await store.readStream(streamId, { fromRevision: 1 }))).toEqual(ids(batch));
      });

      it('lets exactly one of two concurrent appends at the same expected revision win', async () => {
        const streamId = newStreamId('race');
        await store.appendToStream(streamId, [thing(0)], { expectedVersion: 'no_stream' });
        const left = things(2, 1);
        const right = things(2, 1);

        const outcomes = await Promise.allSettled([
          store.appendToStream(streamId, left, { expectedVersion: 0 }),
          store.appendToStream(streamId, right, { expectedVersion: 0 }),
        ]);

        const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(fulfilled).toHaveLength(1);
        expect(rejected).toHaveLength(1);
        await expectWrongExpectedVersion(Promise.reject(rejected[0]?.reason), {
          streamId,
          expectedVersion: 0,
          actualVersion: 2,
        });

        const winner = outcomes[0]?.status === 'fulfilled' ? left : right;
        const stored = await store.readStream(streamId);
        expect(revisions(stored)).toEqual([0, 1, 2]);
        expect(ids(stored.slice(1))).toEqual(ids(winner));
      });
    });

    describe('idempotent appends', () => {
      it('does not duplicate events re-appended with the same expected version', async () => {
        const streamId = newStreamId('idempotent-same');
        const batch = things(2);
        const first = await store.appendToStream(streamId, batch, { expectedVersion: 'no_stream' });

        const retry = await store.appendToStream(streamId, batch, { expectedVersion: 'no_stream' });
        expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
        expect(retry.checkpoint).toBe(first.checkpoint);

        const next = [thing(2)];
        const second = await store.appendToStream(streamId, next, { expectedVersion: 1 });
        const secondRetry = await store.appendToStream(streamId, next, { expectedVersion: 1 });
        expect(secondRetry.nextExpectedVersion).toBe(second.nextExpectedVersion);

        const stored = await store.readStream(streamId);
        expect(ids(stored)).toEqual([...ids(batch), ...ids(next)]);
      });

      it('does not duplicate events re-appended with any', async () => {
        const streamId = newStreamId('idempotent-any');
        const batch = things(3);
        const first = await store.appendToStream(streamId, batch, { expectedVersion: 'any' });

        const retry = await store.appendToStream(streamId, batch, { expectedVersion: 'any' });
        expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
        expect(retry.checkpoint).toBe(first.checkpoint);
        expect(ids(await store.readStream(streamId))).toEqual(ids(batch));
      });

      it('does not show a retried event twice in the global log', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('idempotent-all');
        const batch = things(2);
        await store.appendToStream(streamId, batch, { expectedVersion: 'no_stream' });
        await store.appendToStream(streamId, batch, { expectedVersion: 'no_stream' });
        await store.appendToStream(streamId, batch, { expectedVersion: 'any' });

        const pages = await readAllPages(store, from, 100);
        expect(
          ids(
            ofStreams(
              pages.flatMap((page) => page.events),
              [streamId],
            ),
          ),
        ).toEqual(ids(batch));
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards, from a revision and up to a count', async () => {
        const streamId = newStreamId('read');
        await store.appendToStream(streamId, things(5), { expectedVersion: 'no_stream' });

        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2, 3, 4]);
        expect(revisions(await store.readStream(streamId, { direction: 'forwards', fromRevision: 'start' }))).toEqual([0, 1, 2, 3, 4]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', fromRevision: 'end' }))).toEqual([4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream(streamId, { fromRevision: 2 }))).toEqual([2, 3, 4]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
        expect(revisions(await store.readStream(streamId, { maxCount: 2 }))).toEqual([0, 1]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
        expect(revisions(await store.readStream(streamId, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
        expect(await store.readStream(streamId, { fromRevision: 10 })).toEqual([]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', fromRevision: 10 }))).toEqual([4, 3, 2, 1, 0]);
      });

      it('reads an unknown stream as empty with version no_stream', async () => {
        const streamId = newStreamId('unknown');
        expect(await store.readStream(streamId)).toEqual([]);
        expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
        expect(await store.streamVersion(streamId)).toBe('no_stream');
      });

      it('round-trips every field of an event', async () => {
        const streamId = newStreamId('fields');
        const full = {
          id: randomUUID(),
          type: THING_HAPPENED,
          schemaVersion: 3,
          data: {
            text: 'melding ontvangen',
            count: 2,
            ratio: 0.25,
            flag: false,
            nothing: null,
            nested: { list: [1, 'twee', { drie: true }], empty: {}, emptyList: [] },
          },
          metadata: {
            actor: { userId: 'user-1', organisationId: 'org-1', onBehalfOf: 'user-2' },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            timestamp: '2024-05-01T10:00:00.000Z',
            region: 'utrecht',
            extra: { attempt: 2, tags: ['a', 'b'] },
          },
        };
        const bare = { id: randomUUID(), type: 'test.other-thing-happened', data: { n: 1 } };
        const from = await headCheckpoint(store);
        const before = Date.now();
        const result = await store.appendToStream(streamId, [full, bare], { expectedVersion: 'no_stream' });
        const after = Date.now();

        const [first, second] = await store.readStream(streamId);
        expect(first).toEqual({
          id: full.id,
          streamId,
          revision: 0,
          checkpoint: expect.any(String),
          type: full.type,
          schemaVersion: 3,
          data: full.data,
          metadata: full.metadata,
          recordedAt: expect.any(Date),
        });
        expect(second).toEqual({
          id: bare.id,
          streamId,
          revision: 1,
          checkpoint: result.checkpoint,
          type: 'test.other-thing-happened',
          schemaVersion: 1,
          data: { n: 1 },
          metadata: {},
          recordedAt: expect.any(Date),
        });
        // Generous: the server's clock is not ours, but a recordedAt in another epoch is a mapping bug.
        const slack = 10 * 60 * 1000;
        for (const event of [first, second]) {
          expect(event?.recordedAt.getTime()).toBeGreaterThan(before - slack);
          expect(event?.recordedAt.getTime()).toBeLessThan(after + slack);
        }

        const fromLog = ofStreams(
          (await readAllPages(store, from, 100)).flatMap((page) => page.events),
          [streamId],
        );
        expect(fromLog).toEqual([first, second]);
      });

      it('generates an id when none is given', async () => {
        const streamId = newStreamId('generated-id');
        await store.appendToStream(streamId, [
          { type: THING_HAPPENED, data: { n: 0 } },
          { type: THING_HAPPENED, data: { n: 1 } },
        ]);
        const stored = await store.readStream(streamId);
        expect(stored).toHaveLength(2);
        expect(stored[0]?.id).toEqual(expect.any(String));
        expect(stored[0]?.id).not.toBe(stored[1]?.id);
      });
    });

    describe('reading all', () => {
      it('reads from start and reaches this test’s events in order', async () => {
        const streamId = newStreamId('all-start');
        await store.appendToStream(streamId, things(3), { expectedVersion: 'no_stream' });

        const firstPage = await store.readAll({ from: 'start', maxCount: 1 });
        expect(firstPage.events).toHaveLength(1);
        expect(store.compareCheckpoints(firstPage.checkpoint, 'start')).toBeGreaterThan(0);

        const pages = await readAllPages(store, 'start', 500);
        const mine = ofStreams(
          pages.flatMap((page) => page.events),
          [streamId],
        );
        expect(revisions(mine)).toEqual([0, 1, 2]);
      });

      it('pages with maxCount through every event exactly once, in append order', async () => {
        const from = await headCheckpoint(store);
        const a = newStreamId('all-a');
        const b = newStreamId('all-b');
        const appended = [
          { streamId: a, events: things(2, 0) },
          { streamId: b, events: things(1, 0) },
          { streamId: a, events: things(1, 2) },
          { streamId: b, events: things(2, 1) },
        ];
        for (const append of appended) await store.appendToStream(append.streamId, append.events);

        const pages = await readAllPages(store, from, 2);
        for (const page of pages) {
          expect(page.events.length).toBeLessThanOrEqual(2);
          const last = page.events[page.events.length - 1];
          expect(page.checkpoint).toBe(last ? last.checkpoint : page.from);
        }
        const all = pages.flatMap((page) => page.events);
        const mine = ofStreams(all, [a, b]);
        expect(ids(mine)).toEqual(appended.flatMap((append) => ids(append.events)));
        expect(mine.map((event) => `${event.streamId === a ? 'a' : 'b'}${event.revision}`)).toEqual(['a0', 'a1', 'b0', 'a2', 'b1', 'b2']);
        expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
        for (let index = 1; index < all.length; index += 1) {
          expect(store.compareCheckpoints(all[index - 1]!.checkpoint, all[index]!.checkpoint)).toBeLessThan(0);
        }
      });

      it('reads strictly after a checkpoint', async () => {
        const streamId = newStreamId('all-after');
        const first = await store.appendToStream(streamId, [thing(0)]);
        await store.appendToStream(streamId, things(2, 1));

        const pages = await readAllPages(store, first.checkpoint, 100);
        expect(
          revisions(
            ofStreams(
              pages.flatMap((page) => page.events),
              [streamId],
            ),
          ),
        ).toEqual([1, 2]);
      });

      it('returns the checkpoint it was given when nothing new is visible', async () => {
        const streamId = newStreamId('all-empty');
        const result = await store.appendToStream(streamId, [thing(0)]);
        const pages = await readAllPages(store, result.checkpoint, 100);
        const last = pages[pages.length - 1];
        expect(last?.events).toEqual([]);
        expect(last?.checkpoint).toBe(last?.from);
      });

      it('returns from an append the checkpoint of its last event as readAll and readStream show it', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('all-checkpoint');
        const result = await store.appendToStream(streamId, things(3), { expectedVersion: 'no_stream' });

        const mine = ofStreams(
          (await readAllPages(store, from, 100)).flatMap((page) => page.events),
          [streamId],
        );
        expect(mine).toHaveLength(3);
        expect(mine[2]?.checkpoint).toBe(result.checkpoint);
        expect(store.compareCheckpoints(mine[2]!.checkpoint, result.checkpoint)).toBe(0);
        expect(store.compareCheckpoints(mine[1]!.checkpoint, result.checkpoint)).toBeLessThan(0);
        expect(store.compareCheckpoints(from, result.checkpoint)).toBeLessThan(0);

        const streamEvents = await store.readStream(streamId);
        expect(streamEvents.map((event) => event.checkpoint)).toEqual(mine.map((event) => event.checkpoint));
      });

      it('recognises its own checkpoints and rejects anything else', async () => {
        const { checkpoint } = await store.appendToStream(newStreamId('is-checkpoint'), [thing(0)]);
        expect(store.isCheckpoint(checkpoint)).toBe(true);
        for (const value of ['', 'start', 'not-a-checkpoint', '12', '1:2:3', '-1:5', `${checkpoint} `]) {
          expect(store.isCheckpoint(value)).toBe(false);
        }
      });

      it('orders checkpoints: start first, later appends greater, each equal to itself', async () => {
        const streamId = newStreamId('compare');
        const earlier = (await store.appendToStream(streamId, [thing(0)])).checkpoint;
        const later = (await store.appendToStream(newStreamId('compare-other'), [thing(0)])).checkpoint;

        expect(store.compareCheckpoints('start', 'start')).toBe(0);
        expect(store.compareCheckpoints('start', earlier)).toBeLessThan(0);
        expect(store.compareCheckpoints(earlier, 'start')).toBeGreaterThan(0);
        expect(store.compareCheckpoints(earlier, earlier)).toBe(0);
        expect(store.compareCheckpoints(earlier, later)).toBeLessThan(0);
        expect(store.compareCheckpoints(later, earlier)).toBeGreaterThan(0);
      });

      it('counts the events after a checkpoint, up to a limit', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('count');
        const result = await store.appendToStream(streamId, things(3));

        const visible = (await readAllPages(store, from, 100)).flatMap((page) => page.events);
        expect(ofStreams(visible, [streamId])).toHaveLength(3);
        expect(await store.countEventsAfter(from)).toBe(visible.length);
        expect(await store.countEventsAfter(from, 2)).toBe(2);
        expect(await store.countEventsAfter(result.checkpoint)).toBe(
          visible.filter((event) => store.compareCheckpoints(event.checkpoint, result.checkpoint) > 0).length,
        );
        expect(await store.countEventsAfter('start', 1)).toBe(1);
      });
    });

    describe('subscribing to all', () => {
      type Received = { batches: RecordedEvent[][]; caughtUp: number; eventsAtCaughtUp: number | undefined };

      const follow = (
        streamIds: string[],
        from: Checkpoint | 'start',
        batchSize: number,
      ): { received: Received; subscription: Subscription; mine: () => RecordedEvent[] } => {
        const received: Received = { batches: [], caughtUp: 0, eventsAtCaughtUp: undefined };
        const mine = () => ofStreams(received.batches.flat(), streamIds);
        const subscription = store.subscribeToAll(
          async (events) => {
            received.batches.push(events);
          },
          {
            from,
            batchSize,
            onCaughtUp: () => {
              received.caughtUp += 1;
              received.eventsAtCaughtUp = mine().length;
            },
          },
        );
        return { received, subscription, mine };
      };

      it('catches up from a checkpoint, calls onCaughtUp, then delivers live appends without duplicates', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('subscribe');
        const before = things(5);
        await store.appendToStream(streamId, before, { expectedVersion: 'no_stream' });

        const { received, subscription, mine } = follow([streamId], from, 2);
        try {
          await waitFor(() => received.caughtUp > 0, 'onCaughtUp');
          expect(received.eventsAtCaughtUp).toBe(5);

          const live = things(3, 5);
          await store.appendToStream(streamId, live.slice(0, 1), { expectedVersion: 4 });
          await store.appendToStream(streamId, live.slice(1), { expectedVersion: 5 });
          await waitFor(() => mine().length >= 8, 'live events');
          await sleep(200);

          expect(ids(mine())).toEqual(ids([...before, ...live]));
          expect(revisions(mine())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
          expect(received.caughtUp).toBe(1);
          for (const batch of received.batches) {
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(2);
          }
          const all = received.batches.flat();
          expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
          for (let index = 1; index < all.length; index += 1) {
            expect(store.compareCheckpoints(all[index - 1]!.checkpoint, all[index]!.checkpoint)).toBeLessThan(0);
          }
        } finally {
          await subscription.stop();
        }
        await subscription.done;
      });

      it('catches up from start', async () => {
        const streamId = newStreamId('subscribe-start');
        await store.appendToStream(streamId, things(2), { expectedVersion: 'no_stream' });

        const { received, subscription, mine } = follow([streamId], 'start', 500);
        try {
          await waitFor(() => received.caughtUp > 0, 'onCaughtUp');
          expect(revisions(mine())).toEqual([0, 1]);
        } finally {
          await subscription.stop();
        }
      });

      it('starts strictly after the given checkpoint and delivers the same events as readAll', async () => {
        const streamId = newStreamId('subscribe-after');
        const first = await store.appendToStream(streamId, [thing(0)], { expectedVersion: 'no_stream' });
        await store.appendToStream(streamId, things(2, 1), { expectedVersion: 0 });

        const { received, subscription, mine } = follow([streamId], first.checkpoint, 10);
        try {
          await waitFor(() => received.caughtUp > 0 && mine().length >= 2, 'events after the checkpoint');
          await sleep(100);
          expect(revisions(mine())).toEqual([1, 2]);
          const fromLog = ofStreams(
            (await readAllPages(store, first.checkpoint, 100)).flatMap((page) => page.events),
            [streamId],
          );
          expect(mine()).toEqual(fromLog);
        } finally {
          await subscription.stop();
        }
      });

      it('hands batches to the handler one at a time', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('subscribe-serial');
        await store.appendToStream(streamId, things(6));

        let inFlight = 0;
        let maxInFlight = 0;
        const delivered: RecordedEvent[] = [];
        const subscription = store.subscribeToAll(
          async (events) => {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await sleep(30);
            delivered.push(...events);
            inFlight -= 1;
          },
          { from, batchSize: 1 },
        );
        try {
          await store.appendToStream(streamId, things(2, 6));
          await waitFor(() => ofStreams(delivered, [streamId]).length >= 8, 'all events');
          expect(maxInFlight).toBe(1);
          expect(revisions(ofStreams(delivered, [streamId]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        } finally {
          await subscription.stop();
        }
      });

      it('does not call the handler again once stop() resolved', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('subscribe-stop');
        await store.appendToStream(streamId, [thing(0)]);

        const { received, subscription, mine } = follow([streamId], from, 10);
        await waitFor(() => mine().length >= 1, 'the first event');
        await subscription.stop();
        await subscription.done;
        const callsAtStop = received.batches.length;

        await store.appendToStream(streamId, things(2, 1));
        await sleep(500);
        expect(received.batches.length).toBe(callsAtStop);
        expect(revisions(mine())).toEqual([0]);
      });

      it('ends with onError when the handler fails, without calling it again', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('subscribe-error');
        await store.appendToStream(streamId, things(3));

        const failure = new Error('projection failed');
        const errors: unknown[] = [];
        let calls = 0;
        const subscription = store.subscribeToAll(
          async () => {
            calls += 1;
            throw failure;
          },
          { from, batchSize: 1, onError: (error) => errors.push(error) },
        );
        await subscription.done;
        expect(errors).toEqual([failure]);
        await store.appendToStream(streamId, [thing(3)]);
        await sleep(300);
        expect(calls).toBe(1);
        await subscription.stop();
      });
    });

    describe('soft delete', () => {
      it('reads a deleted stream as empty; appending with any recreates it, continuing the revisions', async () => {
        const from = await headCheckpoint(store);
        const streamId = newStreamId('delete');
        const old = things(3);
        await store.appendToStream(streamId, old, { expectedVersion: 'no_stream' });

        await store.deleteStream(streamId);
        expect(await store.readStream(streamId)).toEqual([]);
        expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
        expect(await store.streamVersion(streamId)).toBe('no_stream');

        const fresh = [thing(3)];
        const result = await store.appendToStream(streamId, fresh, { expectedVersion: 'any' });
        expect(result.nextExpectedVersion).toBe(3);
        const stored = await store.readStream(streamId);
        expect(ids(stored)).toEqual(ids(fresh));
        expect(revisions(stored)).toEqual([3]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards' }))).toEqual([3]);
        expect(await store.streamVersion(streamId)).toBe(3);

        const next = await store.appendToStream(streamId, [thing(4)], { expectedVersion: 3 });
        expect(next.nextExpectedVersion).toBe(4);

        const inLog = ofStreams(
          (await readAllPages(store, from, 100)).flatMap((page) => page.events),
          [streamId],
        );
        expect(revisions(inLog)).toEqual([0, 1, 2, 3, 4]);
        expect(ids(inLog.slice(0, 3))).toEqual(ids(old));
      });

      it('recreates a deleted stream with no_stream and rejects stream_exists while it is deleted', async () => {
        const streamId = newStreamId('delete-no-stream');
        await store.appendToStream(streamId, things(2), { expectedVersion: 'no_stream' });
        await store.deleteStream(streamId);

        await expectWrongExpectedVersion(store.appendToStream(streamId, [thing(2)], { expectedVersion: 'stream_exists' }), {
          streamId,
          expectedVersion: 'stream_exists',
          actualVersion: 'no_stream',
        });
        const result = await store.appendToStream(streamId, [thing(2)], { expectedVersion: 'no_stream' });
        expect(result.nextExpectedVersion).toBe(2);
        expect(revisions(await store.readStream(streamId))).toEqual([2]);
      });

      it('checks the expected version of a delete', async () => {
        const streamId = newStreamId('delete-expected');
        await store.appendToStream(streamId, things(3), { expectedVersion: 'no_stream' });

        await expectWrongExpectedVersion(store.deleteStream(streamId, { expectedVersion: 1 }), {
          streamId,
          expectedVersion: 1,
          actualVersion: 2,
        });
        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2]);

        await store.deleteStream(streamId, { expectedVersion: 2 });
        expect(await store.streamVersion(streamId)).toBe('no_stream');
      });
    });

    describe('stream metadata', () => {
      it('reads missing metadata as empty with revision no_stream', async () => {
        const streamId = newStreamId('metadata-missing');
        expect(await store.getStreamMetadata(streamId)).toEqual({ metadata: {}, metadataRevision: 'no_stream' });
      });

      it('sets and replaces metadata, counting its revision from 0', async () => {
        const streamId = newStreamId('metadata');
        await store.appendToStream(streamId, [thing(0)]);

        const first = await store.setStreamMetadata(streamId, { retention: 'case-closed+5y', nested: { keys: [1, 2] } });
        expect(first.metadataRevision).toBe(0);
        expect(await store.getStreamMetadata(streamId)).toEqual({
          metadata: { retention: 'case-closed+5y', nested: { keys: [1, 2] } },
          metadataRevision: 0,
        });

        const second = await store.setStreamMetadata(streamId, { owner: 'team-a' }, { expectedMetadataRevision: 0 });
        expect(second.metadataRevision).toBe(1);
        expect(await store.getStreamMetadata(streamId)).toEqual({ metadata: { owner: 'team-a' }, metadataRevision: 1 });

        const third = await store.setStreamMetadata(streamId, { owner: 'team-b' }, { expectedMetadataRevision: 'any' });
        expect(third.metadataRevision).toBe(2);

        expect(revisions(await store.readStream(streamId))).toEqual([0]);
      });

      it('rejects a stale expected metadata revision', async () => {
        const streamId = newStreamId('metadata-conflict');
        // A metadata conflict names the metadata document, in EventStoreDB's `$$<stream>` convention.
        const metadataStreamId = `$$${streamId}`;
        await store.setStreamMetadata(streamId, { owner: 'team-a' }, { expectedMetadataRevision: 'no_stream' });
        await store.setStreamMetadata(streamId, { owner: 'team-b' }, { expectedMetadataRevision: 0 });

        await expectWrongExpectedVersion(store.setStreamMetadata(streamId, { owner: 'team-c' }, { expectedMetadataRevision: 0 }), {
          streamId: metadataStreamId,
          expectedVersion: 0,
          actualVersion: 1,
        });
        await expectWrongExpectedVersion(
          store.setStreamMetadata(streamId, { owner: 'team-c' }, { expectedMetadataRevision: 'no_stream' }),
          { streamId: metadataStreamId, expectedVersion: 'no_stream', actualVersion: 1 },
        );
        expect(await store.getStreamMetadata(streamId)).toEqual({ metadata: { owner: 'team-b' }, metadataRevision: 1 });
      });

      it('keeps metadata apart from the stream’s events', async () => {
        const streamId = newStreamId('metadata-only');
        await store.setStreamMetadata(streamId, { owner: 'team-a' });
        expect(await store.streamVersion(streamId)).toBe('no_stream');
        expect(await store.readStream(streamId)).toEqual([]);
        const error = await settle(store.appendToStream(streamId, [thing(0)], { expectedVersion: 0 }));
        expect(error).toMatchObject({ name: 'WrongExpectedVersion', actualVersion: 'no_stream' });
      });
    });
  });
};
