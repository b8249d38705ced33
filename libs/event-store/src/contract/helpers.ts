import { randomUUID } from 'node:crypto';
import { WrongExpectedVersion } from '../errors';
import type { Checkpoint, EventStore, EventToAppend, ExpectedVersion, RecordedEvent, StreamRevision } from '../port';

export const THING_HAPPENED = 'test.thing-happened';

/** Unique per call, so tests stay independent on a store shared with other tests and earlier runs. */
export const newStreamId = (label: string): string => `contract-${label}-${randomUUID()}`;

export const thing = (n: number, overrides: Partial<EventToAppend> = {}): EventToAppend => ({
  id: randomUUID(),
  type: THING_HAPPENED,
  data: { n },
  ...overrides,
});

export const things = (count: number, from = 0): EventToAppend[] => Array.from({ length: count }, (_, index) => thing(from + index));

export const ids = (events: { id?: string }[]): (string | undefined)[] => events.map((event) => event.id);

export const revisions = (events: RecordedEvent[]): StreamRevision[] => events.map((event) => event.revision);

export const settle = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('Expected the operation to fail, but it succeeded');
    },
    (error: unknown) => error,
  );

export const expectWrongExpectedVersion = async (
  promise: Promise<unknown>,
  expected: { streamId: string; expectedVersion: ExpectedVersion | 'any'; actualVersion: StreamRevision | 'no_stream' },
): Promise<void> => {
  const error = await settle(promise);
  expect(error).toBeInstanceOf(WrongExpectedVersion);
  expect(error).toMatchObject({
    name: 'WrongExpectedVersion',
    streamId: expected.streamId,
    expectedVersion: expected.expectedVersion,
    actualVersion: expected.actualVersion,
  });
};

/**
 * A checkpoint just before this test's own events: appending a marker event to a fresh stream is the
 * only portable way to learn the head of the global log, and reading from it keeps tests fast on a
 * long-lived store.
 */
export const headCheckpoint = async (store: EventStore): Promise<Checkpoint> => {
  const result = await store.appendToStream(newStreamId('marker'), [thing(0, { type: 'test.marker-placed' })], {
    expectedVersion: 'no_stream',
  });
  return result.checkpoint;
};

export type Page = { events: RecordedEvent[]; from: Checkpoint | 'start'; checkpoint: Checkpoint | 'start' };

/** Follows readAll checkpoints until a read returns nothing, as a polling reader would. */
export const readAllPages = async (store: EventStore, from: Checkpoint | 'start', maxCount: number): Promise<Page[]> => {
  const pages: Page[] = [];
  let cursor = from;
  // A bound that no correct store reaches in these tests; it turns a cursor that never advances into a failure.
  for (let guard = 0; guard < 1_000_000; guard += 1) {
    const result = await store.readAll({ from: cursor, maxCount });
    pages.push({ events: result.events, from: cursor, checkpoint: result.checkpoint });
    if (result.events.length === 0) return pages;
    cursor = result.checkpoint;
  }
  throw new Error('readAll did not reach the end of the log');
};

export const ofStreams = (events: RecordedEvent[], streamIds: string[]): RecordedEvent[] =>
  events.filter((event) => streamIds.includes(event.streamId));

export const waitFor = async (condition: () => boolean, description: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await sleep(20);
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
