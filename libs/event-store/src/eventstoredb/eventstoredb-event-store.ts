import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  metastreamOf,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  AppendResult as EsdbAppendResult,
  ExpectedRevision,
  JSONType,
  Position,
  ResolvedEvent,
} from '@eventstore/db-client';
import { InvalidAppend, WrongExpectedVersion } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  StreamMetadataResult,
  StreamRevision,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../port';

/** Key in the event's JSON metadata that carries our schemaVersion; removed again on read. */
const SCHEMA_VERSION_KEY = '$schemaVersion';
/** Events fetched per $all read; system events are skipped in memory, so pages are larger than callers ask. */
const SCAN_PAGE = 500;
const DEFAULT_READ_ALL_COUNT = 1000;
const DEFAULT_BATCH_SIZE = 100;
/** EventStoreDB marks a soft-deleted stream with `$tb` = long.MaxValue, which JSON parsing rounds. */
const SOFT_DELETED_TRUNCATE_BEFORE = Number.MAX_SAFE_INTEGER;
const MAX_POSITION = 2n ** 63n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type EsdbRecordedEvent = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

const isSystemEvent = (event: { type: string; streamId: string }): boolean => event.type.startsWith('$') || event.streamId.startsWith('$');

const toCheckpoint = (position: Position): Checkpoint => `${position.commit}:${position.prepare}` as Checkpoint;

const parseCheckpoint = (checkpoint: Checkpoint): Position => {
  const match = /^(\d+):(\d+)$/.exec(checkpoint);
  if (!match?.[1] || !match[2]) throw new Error(`Not an EventStoreDB checkpoint: ${checkpoint}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
};

/**
 * Servers report "no position" as -1 (read back as 2^64-1) or leave it 0; the first real event of a
 * log is never at 0, so both mean the position is unknown.
 */
const validPosition = (position: Position | undefined): Position | undefined => {
  if (!position) return undefined;
  const { commit, prepare } = position;
  return commit > 0n && commit < MAX_POSITION && prepare >= 0n && prepare < MAX_POSITION ? position : undefined;
};

const comparePositions = (a: Position, b: Position): number => {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
};

const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
};

const toActualVersion = (actual: bigint | 'no_stream'): StreamRevision | 'no_stream' =>
  actual === 'no_stream' || actual < 0n ? 'no_stream' : Number(actual);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const toRecordedEvent = (event: EsdbRecordedEvent, position: Position | undefined): RecordedEvent => {
  if (!event.isJson || !isPlainObject(event.data)) {
    // Every event this adapter writes is a JSON object; anything else was written by a foreign client.
    throw new Error(`Event ${event.id} in ${event.streamId} is not a JSON object event`);
  }
  const known = validPosition(position);
  if (!known) {
    throw new Error('EventStoreDB did not return the event position; stream reads need server version 22.6 or later');
  }
  const { [SCHEMA_VERSION_KEY]: schemaVersion, ...metadata } = isPlainObject(event.metadata) ? event.metadata : {};
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    checkpoint: toCheckpoint(known),
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' && Number.isInteger(schemaVersion) ? schemaVersion : 1,
    data: event.data,
    metadata: metadata as EventMetadata,
    recordedAt: event.created,
  };
};

const validateEvent = (event: EventToAppend): void => {
  if (!event.type || event.type.startsWith('$')) {
    throw new InvalidAppend(`Event type "${event.type}" is empty or reserved for EventStoreDB system events`);
  }
  if (event.id !== undefined && !UUID.test(event.id)) throw new InvalidAppend(`Event id ${event.id} is not a UUID`);
  if (event.schemaVersion !== undefined && (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1)) {
    throw new InvalidAppend(`schemaVersion of ${event.type} must be a positive integer`);
  }
};

const validateStreamId = (streamId: string): void => {
  if (!streamId || streamId.startsWith('$')) {
    throw new InvalidAppend(`Stream id "${streamId}" is empty or reserved for EventStoreDB system streams`);
  }
};

const isNotFound = (error: unknown): boolean => error instanceof StreamNotFoundError || error instanceof StreamDeletedError;

/**
 * EventStore on EventStoreDB/KurrentDB. Checkpoints are `${commit}:${prepare}` positions in $all.
 * System streams and events (`$`-prefixed) are invisible through this port.
 *
 * Known differences from the PostgreSQL adapter, all outside what the port promises:
 * - a soft delete replaces the stream's metadata document, so custom stream metadata does not
 *   survive `deleteStream` (EventStoreDB writes `{ "$tb": long.MaxValue }` as the new document);
 * - writing stream metadata of a soft-deleted stream ends its deleted state (the server then
 *   truncates it instead), so a later `no_stream` append fails; `any` still works;
 * - idempotency of appends with `any` relies on the server's cache of recent event ids
 *   (best effort by EventStoreDB's own documentation); an exact expected version is always safe.
 */
export const createEventStoreDbEventStore = (connectionString: string): EventStore => {
  const client = EventStoreDBClient.connectionString(connectionString);

  const rethrowWrongExpectedVersion = (error: unknown, streamId: string, expected: ExpectedVersion): never => {
    if (error instanceof WrongExpectedVersionError) {
      throw new WrongExpectedVersion(streamId, expected, toActualVersion(error.actualVersion));
    }
    if (error instanceof StreamDeletedError && expected === 'stream_exists') {
      // The server answers stream_exists on a soft-deleted stream with "deleted"; the port calls that no_stream.
      throw new WrongExpectedVersion(streamId, expected, 'no_stream');
    }
    throw error;
  };

  const readRevision = async (streamId: string, revision: bigint): Promise<EsdbRecordedEvent | undefined> => {
    const read = client.readStream(streamId, { fromRevision: revision, maxCount: 1, direction: FORWARDS });
    for await (const resolved of read) {
      if (resolved.event) return resolved.event;
    }
    return undefined;
  };

  const checkpointOfAppend = async (streamId: string, result: EsdbAppendResult): Promise<Checkpoint> => {
    const appended = validPosition(result.position);
    if (appended) return toCheckpoint(appended);
    // Some servers answer an idempotent retry without a position: look the last event up instead.
    const event = await readRevision(streamId, result.nextExpectedRevision);
    const position = validPosition(event?.position);
    if (!position) throw new Error(`Cannot determine the position of ${streamId}@${result.nextExpectedRevision}`);
    return toCheckpoint(position);
  };

  /** Non-system events strictly after `from`, in $all order, read page by page. */
  async function* scanAll(from: Position | 'start'): AsyncGenerator<{ event: EsdbRecordedEvent; position: Position }> {
    let cursor = from;
    for (;;) {
      const read = client.readAll({
        fromPosition: cursor === 'start' ? START : cursor,
        maxCount: SCAN_PAGE,
        direction: FORWARDS,
        resolveLinkTos: false,
      });
      let count = 0;
      let last: Position | undefined;
      let completed = false;
      try {
        for await (const resolved of read) {
          count += 1;
          const event = resolved.event;
          if (!event) continue;
          last = event.position;
          // A forward read of $all includes the event at its start position; the port's reads are exclusive.
          if (cursor !== 'start' && comparePositions(event.position, cursor) <= 0) continue;
          if (isSystemEvent(event)) continue;
          yield { event, position: event.position };
        }
        completed = true;
      } finally {
        if (!completed) await read.cancel();
      }
      if (count < SCAN_PAGE || !last) return;
      cursor = last;
    }
  }

  type MetadataDocument = { document: Record<string, unknown>; revision: number | 'no_stream' };

  const readMetadataDocument = async (streamId: string): Promise<MetadataDocument> => {
    try {
      for await (const resolved of client.readStream(metastreamOf(streamId), {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
      })) {
        const event = resolved.event;
        if (!event) continue;
        return { document: isPlainObject(event.data) ? event.data : {}, revision: Number(event.revision) };
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    return { document: {}, revision: 'no_stream' };
  };

  const store: EventStore = {
    kind: 'eventstoredb',

    async appendToStream(streamId: string, events: EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
      validateStreamId(streamId);
      if (events.length === 0) throw new InvalidAppend('An append needs at least one event');
      events.forEach(validateEvent);
      const expected = options.expectedVersion ?? 'any';
      const eventData = events.map((event) =>
        jsonEvent({
          id: event.id ?? randomUUID(),
          type: event.type,
          data: event.data as JSONType,
          metadata: { ...(event.metadata ?? {}), [SCHEMA_VERSION_KEY]: event.schemaVersion ?? 1 },
        }),
      );
      let result: EsdbAppendResult;
      try {
        result = await client.appendToStream(streamId, eventData, { expectedRevision: toExpectedRevision(expected) });
      } catch (error) {
        return rethrowWrongExpectedVersion(error, streamId, expected);
      }
      if (!result.success) {
        // Only reachable when the connection string sets throwOnAppendFailure=false.
        throw new WrongExpectedVersion(streamId, expected, toActualVersion(result.nextExpectedRevision));
      }
      return {
        nextExpectedVersion: Number(result.nextExpectedRevision),
        checkpoint: await checkpointOfAppend(streamId, result),
      };
    },

    async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
      if (options.maxCount !== undefined && options.maxCount <= 0) return [];
      const direction = options.direction ?? 'forwards';
      const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
      const events: RecordedEvent[] = [];
      try {
        for await (const resolved of client.readStream(streamId, {
          direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
          fromRevision: from === 'start' ? START : from === 'end' ? END : BigInt(from),
          ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        })) {
          if (resolved.event) events.push(toRecordedEvent(resolved.event, resolved.event.position));
        }
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
      return events;
    },

    async streamVersion(streamId: string): Promise<StreamRevision | 'no_stream'> {
      try {
        const read = client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
        for await (const resolved of read) {
          if (resolved.event) return Number(resolved.event.revision);
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      return 'no_stream';
    },

    async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
      const from = options.from ?? 'start';
      const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
      const events: RecordedEvent[] = [];
      if (maxCount > 0) {
        for await (const { event, position } of scanAll(from === 'start' ? 'start' : parseCheckpoint(from))) {
          events.push(toRecordedEvent(event, position));
          if (events.length >= maxCount) break;
        }
      }
      const last = events[events.length - 1];
      return { events, checkpoint: last ? last.checkpoint : from };
    },

    subscribeToAll(handler: SubscriptionHandler, options: SubscribeToAllOptions = {}): Subscription {
      const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
      let cursor: Position | 'start' = !options.from || options.from === 'start' ? 'start' : parseCheckpoint(options.from);
      let stopped = false;
      let wake: (() => void) | undefined;

      const deliver = async (batch: RecordedEvent[], last: Position): Promise<void> => {
        await handler(batch);
        cursor = last;
      };

      // Catch up with plain reads and only then subscribe from the last delivered position: that
      // gives a definite "caught up" moment on every server version (the caughtUp signal needs 23.10+).
      const catchUp = async (): Promise<void> => {
        let batch: RecordedEvent[] = [];
        let last: Position | undefined;
        for await (const { event, position } of scanAll(cursor)) {
          if (stopped) return;
          batch.push(toRecordedEvent(event, position));
          last = position;
          if (batch.length >= batchSize) {
            await deliver(batch, position);
            batch = [];
          }
        }
        if (batch.length > 0 && last && !stopped) await deliver(batch, last);
      };

      const follow = async (live: AllStreamSubscription): Promise<void> => {
        let failure: { error: unknown } | undefined;
        let ended = false;
        live.on('error', (error: unknown) => {
          failure = { error };
          wake?.();
        });
        live.on('end', () => {
          ended = true;
          wake?.();
        });
        live.on('readable', () => wake?.());

        while (!stopped) {
          const batch: RecordedEvent[] = [];
          let last: Position | undefined;
          while (batch.length < batchSize) {
            const resolved = live.read() as AllStreamResolvedEvent | null;
            if (resolved === null) break;
            const event = resolved.event;
            if (!event || isSystemEvent(event)) continue;
            // The server may resend the event at the start position; never hand an event over twice.
            const seen = last ?? cursor;
            if (seen !== 'start' && comparePositions(event.position, seen) <= 0) continue;
            batch.push(toRecordedEvent(event, event.position));
            last = event.position;
          }
          if (batch.length > 0 && last) {
            await deliver(batch, last);
            continue;
          }
          if (failure) throw failure.error;
          if (ended) throw new Error('The EventStoreDB subscription ended unexpectedly');
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      };

      const run = async (): Promise<void> => {
        await catchUp();
        if (stopped) return;
        options.onCaughtUp?.();
        const live = client.subscribeToAll({
          fromPosition: cursor === 'start' ? START : cursor,
          filter: excludeSystemEvents(),
          resolveLinkTos: false,
        });
        try {
          await follow(live);
        } finally {
          await live.unsubscribe();
        }
      };

      const done = run().then(
        () => undefined,
        (error: unknown) => {
          if (options.onError) options.onError(error);
          else process.emitWarning(error instanceof Error ? error : String(error), 'EventStoreSubscriptionFailed');
        },
      );

      return {
        done,
        stop: async () => {
          stopped = true;
          wake?.();
          await done;
        },
      };
    },

    isCheckpoint(value: string): value is Checkpoint {
      return /^\d{1,20}:\d{1,20}$/.test(value);
    },

    compareCheckpoints(a: Checkpoint | 'start', b: Checkpoint | 'start'): number {
      if (a === 'start' || b === 'start') return a === b ? 0 : a === 'start' ? -1 : 1;
      return comparePositions(parseCheckpoint(a), parseCheckpoint(b));
    },

    async countEventsAfter(from: Checkpoint | 'start', limit?: number): Promise<number> {
      if (limit !== undefined && limit <= 0) return 0;
      let count = 0;
      for await (const _ of scanAll(from === 'start' ? 'start' : parseCheckpoint(from))) {
        count += 1;
        if (limit !== undefined && count >= limit) break;
      }
      return count;
    },

    async deleteStream(streamId: string, options: AppendOptions = {}): Promise<void> {
      validateStreamId(streamId);
      const expected = options.expectedVersion ?? 'any';
      let revision: ExpectedRevision;
      if (expected === 'stream_exists') {
        // The delete call has no stream_exists; pinning the current revision keeps check and delete atomic.
        const version = await store.streamVersion(streamId);
        if (version === 'no_stream') throw new WrongExpectedVersion(streamId, expected, 'no_stream');
        revision = BigInt(version);
      } else {
        revision = expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : BigInt(expected);
      }
      try {
        await client.deleteStream(streamId, { expectedRevision: revision });
      } catch (error) {
        // Deleting a stream that never existed is refused by the server; through the port it is already gone.
        const neverExisted = error instanceof WrongExpectedVersionError && toActualVersion(error.actualVersion) === 'no_stream';
        if (expected === 'any' && neverExisted) return;
        rethrowWrongExpectedVersion(error, streamId, expected);
      }
    },

    async setStreamMetadata(
      streamId: string,
      metadata: StreamMetadata,
      options: { expectedMetadataRevision?: number | 'no_stream' | 'any' } = {},
    ): Promise<{ metadataRevision: number }> {
      validateStreamId(streamId);
      const reserved = Object.keys(metadata).find((key) => key.startsWith('$'));
      if (reserved) throw new InvalidAppend(`Stream metadata key ${reserved} is reserved by EventStoreDB`);
      const expected = options.expectedMetadataRevision ?? 'any';

      // Optimistic loop: the system keys of the current document ($tb after a delete, ACLs, $maxAge)
      // must be carried over, so every write is pinned to the revision that was read.
      for (let attempt = 0; ; attempt += 1) {
        const current = await readMetadataDocument(streamId);
        if (expected !== 'any' && expected !== current.revision) {
          throw new WrongExpectedVersion(metastreamOf(streamId), expected, current.revision);
        }
        const system = Object.fromEntries(
          Object.entries(current.document).filter(
            ([key, value]) =>
              key.startsWith('$') &&
              // The server rewrites $tb itself when the metadata of a soft-deleted stream changes.
              !(key === '$tb' && typeof value === 'number' && value >= SOFT_DELETED_TRUNCATE_BEFORE),
          ),
        );
        const wasSoftDeleted = system['$tb'] === undefined && current.document['$tb'] !== undefined;
        try {
          const result = await client.appendToStream(
            metastreamOf(streamId),
            jsonEvent({ type: '$metadata', data: { ...system, ...metadata } as JSONType }),
            { expectedRevision: current.revision === 'no_stream' ? NO_STREAM : BigInt(current.revision) },
          );
          if (wasSoftDeleted) {
            const after = await readMetadataDocument(streamId);
            if (after.revision !== 'no_stream') return { metadataRevision: after.revision };
          }
          return { metadataRevision: Number(result.nextExpectedRevision) };
        } catch (error) {
          if (error instanceof WrongExpectedVersionError && expected === 'any' && attempt < 10) continue;
          if (error instanceof WrongExpectedVersionError) {
            throw new WrongExpectedVersion(metastreamOf(streamId), expected, toActualVersion(error.actualVersion));
          }
          throw error;
        }
      }
    },

    async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
      const { document, revision } = await readMetadataDocument(streamId);
      const metadata = Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('$')));
      return { metadata: metadata as StreamMetadata, metadataRevision: revision };
    },

    async close(): Promise<void> {
      await client.dispose();
    },
  };

  return store;
};
