import type { Actor, SqlCompanion, SqlReadCompanion, SqlTransaction } from '@ketenregie/kernel';

/**
 * The event store port. Every adapter (PostgreSQL, EventStoreDB) must pass the contract suite in
 * `./contract`, which is the executable definition of these semantics.
 */

/** 0-based revision of the last event in a stream. */
export type StreamRevision = number;

export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | StreamRevision;

/**
 * Opaque position in the global log. Only the adapter that produced it may interpret it; use
 * `EventStore.compareCheckpoints` to order two of them.
 */
export type Checkpoint = string & { readonly __brand: 'Checkpoint' };

export type EventMetadata = {
  actor?: Actor;
  correlationId?: string;
  causationId?: string;
  /** ISO-8601 business time of the command that caused the event. */
  timestamp?: string;
  [key: string]: unknown;
};

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type EventToAppend = {
  /** UUID. Appending an event whose id is already in the stream is a no-op (idempotent retry). */
  id?: string;
  /** Explicit wire name, e.g. `cases.report-received`. Never derived from a class name. */
  type: string;
  /** Version of the payload schema; upcasters lift old versions on read. Defaults to 1. */
  schemaVersion?: number;
  data: { [key: string]: unknown };
  metadata?: EventMetadata;
};

export type RecordedEvent = {
  id: string;
  streamId: string;
  revision: StreamRevision;
  /** Global position of this event; reading all from it continues after this event. */
  checkpoint: Checkpoint;
  type: string;
  schemaVersion: number;
  data: { [key: string]: unknown };
  metadata: EventMetadata;
  recordedAt: Date;
};

export type AppendOptions = {
  expectedVersion?: ExpectedVersion;
};

export type { SqlCompanion, SqlReadCompanion, SqlTransaction };

/**
 * Work that must commit together with an append: it runs in the append's own transaction after
 * the events are inserted, and the transaction commits only when it succeeds (it rolls back the
 * events when it throws). It does not run when nothing is appended now (`alreadyStored`).
 */
export type WithinAppend = (transaction: SqlTransaction, result: AppendResult) => Promise<void>;

export type AppendResult = {
  /** Revision of the last event now in the stream: pass it as the next expected version. */
  nextExpectedVersion: StreamRevision;
  /** Checkpoint of the last appended event; a query can wait until a projection passed it. */
  checkpoint: Checkpoint;
  /**
   * These events (by id) were stored by an earlier append, which this one repeated: nothing was
   * appended now. Set where the store can tell (the PostgreSQL adapter).
   */
  alreadyStored?: true;
};

export type ReadDirection = 'forwards' | 'backwards';

export type ReadStreamOptions = {
  direction?: ReadDirection;
  /** Inclusive start revision; defaults to the first (forwards) or the last (backwards) event. */
  fromRevision?: StreamRevision | 'start' | 'end';
  maxCount?: number;
};

export type ReadAllOptions = {
  /** Exclusive: events strictly after this checkpoint. `start` reads from the beginning. */
  from?: Checkpoint | 'start';
  maxCount?: number;
  /**
   * The events are read once, by this reader alone (a rebuild's pass over the log): a decorating
   * store keeps nothing of them for later readers.
   */
  readOnce?: boolean;
};

export type ReadAllResult = {
  events: RecordedEvent[];
  /** Where the next read continues; equals `from` when nothing new was visible. */
  checkpoint: Checkpoint | 'start';
};

export type StreamMetadata = {
  [key: string]: JsonValue | undefined;
};

export type StreamMetadataResult = {
  metadata: StreamMetadata;
  /** Revision of the metadata document itself, for optimistic concurrency on metadata. */
  metadataRevision: number | 'no_stream';
};

export type SubscriptionHandler = (events: RecordedEvent[]) => Promise<void>;

export type SubscribeToAllOptions = {
  from?: Checkpoint | 'start';
  /** Largest batch handed to the handler at once. */
  batchSize?: number;
  /**
   * After a partial batch, wait this long before reading again, so a stream of small appends
   * reaches the handler as a few larger batches (far fewer read-model transactions) at the cost of
   * that much latency. Catch-up (full batches) never waits. Default 0.
   */
  coalesceMs?: number;
  /** Called once when the subscription has delivered everything committed so far. */
  onCaughtUp?: () => void;
  onError?: (error: unknown) => void;
};

export type Subscription = {
  /** Stops after the batch in progress; resolves when the handler will not be called again. */
  stop: () => Promise<void>;
  /** Resolves when the subscription ends (stopped or failed). */
  readonly done: Promise<void>;
};

export type EventStore = {
  readonly kind: 'postgresql' | 'eventstoredb';

  /** Appends all events or none. An empty list is rejected with `InvalidAppend`. */
  appendToStream(streamId: string, events: EventToAppend[], options?: AppendOptions): Promise<AppendResult>;

  /**
   * `appendToStream` with other PostgreSQL writes in the same transaction: one commit for both.
   * Only where the store lives in the same PostgreSQL database as those writes; absent otherwise
   * (EventStoreDB), and callers then write in their own documented order.
   */
  appendWithin?(streamId: string, events: EventToAppend[], options: AppendOptions, work: WithinAppend): Promise<AppendResult>;

  /**
   * `appendWithin` in one statement: the companions' rows are written by the append's own statement
   * (see `SqlCompanion`), so the events, those rows and the commit cost one round trip, and the
   * answer waits for the commit to be durable. Not run (nothing written) when the events were
   * stored before (`alreadyStored`). Only where `appendWithin` is offered, and optional there.
   */
  appendWithCompanions?(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
    companions: SqlCompanion[],
  ): Promise<AppendResult>;

  /** Events of one stream; an unknown or deleted stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * The whole stream, forwards, with companions in the same statement (one round trip): each
   * one's `result` row comes back with the events, in the companions' order (`undefined` when it
   * has none). Where the store shares the companions' PostgreSQL database; absent otherwise.
   */
  readStreamWith?(
    streamId: string,
    companions: SqlReadCompanion[],
  ): Promise<{ events: RecordedEvent[]; companions: (Record<string, unknown> | undefined)[] }>;

  /** The revision of the stream's last event, or `no_stream`. */
  streamVersion(streamId: string): Promise<StreamRevision | 'no_stream'>;

  /**
   * Committed events in global order. An event is only visible once nothing committed before it
   * can still appear, so a reader that follows checkpoints never skips an event.
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;

  /** Catch up from a checkpoint, then follow live appends. Batches are delivered one at a time. */
  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeToAllOptions): Subscription;

  /** True when `value` is a checkpoint this store produced (e.g. one a client sent back). */
  isCheckpoint(value: string): value is Checkpoint;

  /** Negative when `a` is before `b`, zero when equal, positive when after. `start` is before all. */
  compareCheckpoints(a: Checkpoint | 'start', b: Checkpoint | 'start'): number;

  /** Number of visible events after a checkpoint (projection lag), counted up to `limit`. */
  countEventsAfter(from: Checkpoint | 'start', limit?: number): Promise<number>;

  /**
   * Soft delete: afterwards the stream reads as empty and its version is `no_stream`; an append
   * with `any` or `no_stream` recreates it, continuing the revision numbering. Its events stay in
   * the global log (erasure of personal data is crypto-shredding, not deletion).
   */
  deleteStream(streamId: string, options?: AppendOptions): Promise<void>;

  setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    options?: { expectedMetadataRevision?: number | 'no_stream' | 'any' },
  ): Promise<{ metadataRevision: number }>;

  getStreamMetadata(streamId: string): Promise<StreamMetadataResult>;

  close(): Promise<void>;
};
