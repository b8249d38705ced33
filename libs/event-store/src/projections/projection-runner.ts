import type { DataSource, EntityManager } from 'typeorm';
import type { Checkpoint, EventStore, ReadAllResult, RecordedEvent } from '../port';
import type { Projection, ProjectionStatus } from './projection';
import { ProjectionTimeout } from './errors';
import { createLiveFeed } from './live-feed';
import type { LiveFeed } from './live-feed';
import { describeFailure, isEventIndependentFailure } from './failures';
import type { ProjectionLogger } from './logger';
import { defaultOwnerId, describeError, isDeadLocalOwner, sleep, stderrLogger } from './logger';
import type { ParkedEvent } from './parking';
import { applyWithParking, countParked, dueParkedStreams, nextParkedRetry, readParkedStream, retryParkedStream } from './parking';
import {
  PARKED_EVENTS_TABLE,
  PROJECTION_STATE_TABLE,
  ensureProjectionSchema,
  fromStoredCheckpoint,
  initialiseProjection,
  millis,
  physicalTables,
  readState,
  readStates,
  selectRows,
  toStoredCheckpoint,
  updateReturning,
  validateProjection,
} from './projection-state';

export type ProjectionRunnerOptions = {
  store: EventStore;
  /** Where read models and checkpoints live; the runner borrows it and never destroys it. */
  dataSource: DataSource;
  projections: Projection[];
  /** Lease owner id of this process; defaults to host:pid:random. */
  owner?: string;
  /** Largest number of events applied and checkpointed in one transaction. */
  batchSize?: number;
  /** Wait after a partial live batch before reading the next (see `SubscribeToAllOptions.coalesceMs`). */
  liveCoalesceMs?: number;
  /**
   * Newest events the shared live feed keeps for the projections following it (default ten
   * batches, at least 5,000); one that falls further behind catches up with `readAll`.
   */
  liveFeedCapacity?: number;
  /** How long a lease lasts without renewal; renewed every third of it. */
  leaseDurationMs?: number;
  /** How often a runner without the lease tries again. */
  leaseRetryMs?: number;
  /** How often `waitFor` polls the state row for progress made by another process. */
  pollIntervalMs?: number;
  /** Longest pause between retries of a failing batch. */
  maxBackoffMs?: number;
  /**
   * Failures of a batch, each for a reason of the events' own, after which the batch is applied
   * event by event and the events that still fail alone are parked. Event-independent failures (a
   * lost connection, a deadlock, a lost lease) never count and never park.
   */
  parkAfterFailures?: number;
  /** First pause before a parked event is retried; doubled after each retry that fails. */
  parkedRetryMinMs?: number;
  /** Longest pause between two retries of a parked event. */
  parkedRetryMaxMs?: number;
  logger?: ProjectionLogger;
};

export type ProjectionRunner = {
  readonly owner: string;
  /** Creates the state table and first generations, then runs every projection in the background. */
  start: () => Promise<void>;
  /** Stops after the batches in flight, releases the leases and rejects pending `waitFor` calls. */
  stop: () => Promise<void>;
  /** Resolves once the projection's committed checkpoint is at or after `checkpoint`. */
  waitFor: (projection: string, checkpoint: Checkpoint, timeoutMs: number) => Promise<void>;
  /** `lag` is counted up to `lagLimit` (default 1,000,000) events. */
  status: (options?: { lagLimit?: number }) => Promise<ProjectionStatus[]>;
};

/** Log fields of a parked event: where it is and why, never its data. */
const parkedFields = (projection: string, generation: number, parked: ParkedEvent): Record<string, unknown> => ({
  projection,
  generation,
  checkpoint: parked.event.checkpoint,
  eventId: parked.event.id,
  eventType: parked.event.type,
  reason: parked.reason,
  ...(parked.failure ?? {}),
  ...(parked.reason === 'failed' ? { attempts: parked.attempts } : {}),
});

type BatchOutcome =
  | { kind: 'committed'; checkpoint: Checkpoint | 'start'; parked?: ParkedEvent[]; generation?: number }
  // The stored checkpoint is not the one this batch started from (a rebuild switched generations,
  // or another runner wrote while our lease had lapsed): discard and continue from the stored one.
  | { kind: 'resync' }
  | { kind: 'lease-lost' }
  | { kind: 'stopped' };

type Waiter = {
  projection: string;
  checkpoint: Checkpoint;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

const DEFAULTS = {
  batchSize: 500,
  // Under a steady trickle of commands each event would otherwise be its own read-model
  // transaction in every projection. Measured with `npm run bench:api -- --quick`: intake CPU per
  // command 12.4 -> 10.6 ms (PostgreSQL 5.1 -> 4.5 ms), for at most 20 ms more read-your-writes
  // latency.
  liveCoalesceMs: 20,
  leaseDurationMs: 30_000,
  leaseRetryMs: 1_000,
  pollIntervalMs: 40,
  maxBackoffMs: 30_000,
  // With the backoff below, a batch that fails for its events' sake is bisected after 0.1 + 0.2 +
  // 0.4 + 0.8 = 1.5 s of retries: long enough to ride out a brief fault, short enough that one bad
  // event holds the region's read model back for seconds, not until someone intervenes.
  parkAfterFailures: 4,
  // A parked event fails for a reason in the code or the data: a fix arrives with a deploy, and
  // every process retries all parked events when it takes up a projection. In between, an hourly
  // retry at most keeps the log quiet and the cost negligible.
  parkedRetryMinMs: 60_000,
  parkedRetryMaxMs: 3_600_000,
};

// How often a runner looks for parked events that became due, when none is known to be.
const PARKED_POLL_MS = 60_000;

const MIN_BACKOFF_MS = 100;
// Events the shared live feed keeps at least by default.
const LIVE_FEED_MIN_CAPACITY = 5_000;
// Counting lag scans the events behind; past this a status page only needs "very far behind".
const DEFAULT_LAG_LIMIT = 1_000_000;

export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { store, dataSource } = options;
  const owner = options.owner ?? defaultOwnerId();
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const liveCoalesceMs = options.liveCoalesceMs ?? DEFAULTS.liveCoalesceMs;
  const liveFeedCapacity = options.liveFeedCapacity ?? Math.max(LIVE_FEED_MIN_CAPACITY, batchSize * 10);
  const leaseDurationMs = options.leaseDurationMs ?? DEFAULTS.leaseDurationMs;
  const leaseRetryMs = options.leaseRetryMs ?? DEFAULTS.leaseRetryMs;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
  const maxBackoffMs = options.maxBackoffMs ?? DEFAULTS.maxBackoffMs;
  const parkAfterFailures = Math.max(1, options.parkAfterFailures ?? DEFAULTS.parkAfterFailures);
  const parkedRetryMinMs = options.parkedRetryMinMs ?? DEFAULTS.parkedRetryMinMs;
  const parkedRetryMaxMs = options.parkedRetryMaxMs ?? DEFAULTS.parkedRetryMaxMs;
  const logger = options.logger ?? stderrLogger;

  const projections = new Map<string, Projection>();
  const tableOwners = new Map<string, string>();
  for (const projection of options.projections) {
    validateProjection(projection);
    if (projections.has(projection.name)) throw new Error(`Projection ${projection.name} is registered twice`);
    projections.set(projection.name, projection);
    for (const table of projection.tables) {
      const other = tableOwners.get(table);
      if (other) throw new Error(`Projections ${other} and ${projection.name} both declare table ${table}`);
      tableOwners.set(table, projection.name);
    }
  }

  const runAbort = new AbortController();
  const workers: Promise<void>[] = [];
  const waiters = new Set<Waiter>();
  // Last checkpoint this process committed per projection: lets `waitFor` resolve without a query.
  const committed = new Map<string, Checkpoint | 'start'>();
  // Per projection, whether its generation may have parked events. Only the lease holder parks in
  // the active generation, so a `false` read from the database stays accurate until this process
  // parks; it spares each batch the query for held streams. Another generation means "unknown".
  const parkedHint = new Map<string, { generation: number; mayHaveParked: boolean }>();
  // Counts this process's parkings per projection: a hint read while one committed is discarded.
  const parkings = new Map<string, number>();
  // Wakes a projection's parked-event retry loop when an event was just parked.
  const parkedWakers = new Map<string, () => void>();
  let started = false;
  let pollTimer: NodeJS.Timeout | null = null;

  const reached = (current: Checkpoint | 'start' | undefined, target: Checkpoint): boolean =>
    current !== undefined && store.compareCheckpoints(current, target) >= 0;

  const settle = (projection: string, checkpoint: Checkpoint | 'start'): void => {
    for (const waiter of waiters) {
      if (waiter.projection === projection && reached(checkpoint, waiter.checkpoint)) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  };

  const noteCommitted = (projection: string, checkpoint: Checkpoint | 'start'): void => {
    committed.set(projection, checkpoint);
    settle(projection, checkpoint);
  };

  // One poller for all waiters: the projection may be running in another process.
  const schedulePoll = (): void => {
    if (pollTimer || waiters.size === 0) return;
    pollTimer = setTimeout(() => {
      void pollOnce().finally(() => {
        pollTimer = null;
        schedulePoll();
      });
    }, pollIntervalMs);
  };

  const pollOnce = async (): Promise<void> => {
    const names = [...new Set([...waiters].map((waiter) => waiter.projection))];
    if (names.length === 0) return;
    try {
      const rows = await selectRows<{ name: string; checkpoint: string | null }>(
        dataSource,
        `select name, checkpoint from ${PROJECTION_STATE_TABLE} where name = any($1::text[])`,
        [names],
      );
      for (const row of rows) settle(row.name, fromStoredCheckpoint(row.checkpoint));
    } catch (error) {
      logger.warn({ ...describeError(error) }, 'projection checkpoint poll failed');
    }
  };

  const backoff = (attempt: number): number => Math.min(maxBackoffMs, MIN_BACKOFF_MS * 2 ** Math.min(attempt, 16));
  // The first retry comes `parkedRetryMinMs` after parking, then each pause doubles.
  const parkedBackoff = (retries: number): number => Math.min(parkedRetryMaxMs, parkedRetryMinMs * 2 ** Math.min(retries, 20));

  const tryAcquireLease = async (name: string): Promise<Checkpoint | 'start' | null> => {
    const rows = await updateReturning(
      dataSource,
      `update ${PROJECTION_STATE_TABLE}
          set lease_owner = $2, lease_expires_at = now() + $3::interval
        where name = $1 and (lease_owner is null or lease_owner = $2 or lease_expires_at < now())`,
      [name, owner, millis(leaseDurationMs)],
    );
    if (rows[0]) return rows[0].checkpoint;
    const holder = (await readState(dataSource, name))?.leaseOwner;
    if (!holder || !isDeadLocalOwner(holder)) return null;
    // Taken only from that exact holder: if it changed meanwhile, someone alive got there first.
    const taken = await updateReturning(
      dataSource,
      `update ${PROJECTION_STATE_TABLE}
          set lease_owner = $2, lease_expires_at = now() + $3::interval
        where name = $1 and lease_owner = $4`,
      [name, owner, millis(leaseDurationMs), holder],
    );
    if (taken[0])
      logger.info({ projection: name, owner, previousOwner: holder }, 'projection lease taken from a process that no longer runs');
    return taken[0] ? taken[0].checkpoint : null;
  };

  const renewLease = async (name: string): Promise<boolean> => {
    const rows = await updateReturning(
      dataSource,
      `update ${PROJECTION_STATE_TABLE} set lease_expires_at = now() + $3::interval
        where name = $1 and lease_owner = $2`,
      [name, owner, millis(leaseDurationMs)],
    );
    return rows.length > 0;
  };

  const releaseLease = async (name: string): Promise<void> => {
    await dataSource.query(
      `update ${PROJECTION_STATE_TABLE} set lease_owner = null, lease_expires_at = null
        where name = $1 and lease_owner = $2`,
      [name, owner],
    );
  };

  const readStoredCheckpoint = async (name: string): Promise<Checkpoint | 'start'> => {
    const state = await readState(dataSource, name);
    if (!state) throw new Error(`Projection ${name} has no state row`);
    return state.checkpoint;
  };

  const mayHaveParked = (name: string, generation: number): boolean => {
    const hint = parkedHint.get(name);
    return !hint || hint.generation !== generation || hint.mayHaveParked;
  };

  const loadParkedHint = async (name: string): Promise<void> => {
    const before = parkings.get(name) ?? 0;
    const [row] = await selectRows<{ generation: number; parked: boolean }>(
      dataSource,
      `select s.generation, exists (select 1 from ${PARKED_EVENTS_TABLE} p where p.projection = s.name and p.generation = s.generation) as parked
         from ${PROJECTION_STATE_TABLE} s where s.name = $1`,
      [name],
    );
    if ((parkings.get(name) ?? 0) !== before) return;
    if (row) parkedHint.set(name, { generation: Number(row.generation), mayHaveParked: row.parked });
    else parkedHint.delete(name);
  };

  /**
   * The fence: with the state row locked, the batch is applied only if this process still holds
   * the lease and the stored checkpoint is the one the batch was read from. The checkpoint update
   * commits in the same transaction as the read-model writes and any parked events, so each event
   * takes effect once: applied now, or parked and applied by a later retry.
   */
  const applyBatchOnce = async (
    projection: Projection,
    from: Checkpoint | 'start',
    events: RecordedEvent[],
    to: Checkpoint | 'start',
    attempt: { isolate: boolean; priorFailures: number },
  ): Promise<BatchOutcome> =>
    dataSource.transaction(async (manager: EntityManager): Promise<BatchOutcome> => {
      const state = await readState(manager, projection.name, { forUpdate: true });
      if (!state || state.leaseOwner !== owner) return { kind: 'lease-lost' };
      if (store.compareCheckpoints(state.checkpoint, from) !== 0) return { kind: 'resync' };
      const scope = { projection, generation: state.generation, tables: physicalTables(projection, state.generation) };
      const parked = await applyWithParking(manager, scope, from, events, {
        isolate: attempt.isolate,
        mayHaveParked: mayHaveParked(projection.name, state.generation),
        priorFailures: attempt.priorFailures,
        retryInMs: parkedRetryMinMs,
      });
      // The batch commits without waiting for its WAL flush: read models are derived from the
      // durable event store, and a crash can only lose whole trailing batches, checkpoint
      // included, which are then applied again. Other sessions see the batch at once.
      await manager.query(
        `update ${PROJECTION_STATE_TABLE}
            set checkpoint = $2, updated_at = now(), lease_expires_at = now() + $3::interval
           from (select set_config('synchronous_commit', 'off', true)) as async_commit
          where name = $1`,
        [projection.name, toStoredCheckpoint(to), millis(leaseDurationMs)],
      );
      return { kind: 'committed', checkpoint: to, parked, generation: state.generation };
    });

  /** What a committed batch changes in this process: waiters, the parked-event hint, the log. */
  const noteBatchCommitted = (projection: Projection, outcome: BatchOutcome & { kind: 'committed' }): void => {
    noteCommitted(projection.name, outcome.checkpoint);
    if (outcome.parked && outcome.parked.length > 0 && outcome.generation !== undefined) {
      parkings.set(projection.name, (parkings.get(projection.name) ?? 0) + 1);
      parkedHint.set(projection.name, { generation: outcome.generation, mayHaveParked: true });
      for (const parked of outcome.parked) {
        const fields = parkedFields(projection.name, outcome.generation, parked);
        if (parked.reason === 'failed')
          logger.error(fields, 'projection event parked: it fails on its own; the projection goes on without it');
        else logger.warn(fields, 'projection event held behind a parked event of its stream');
      }
      parkedWakers.get(projection.name)?.();
    }
  };

  /**
   * A batch that fails is rolled back and retried with backoff. Event-independent failures are
   * retried until they pass. After `parkAfterFailures` other failures the batch is applied event by
   * event, and what still fails on its own is parked, so one event cannot stop the projection.
   */
  const applyBatch = async (
    projection: Projection,
    from: Checkpoint | 'start',
    events: RecordedEvent[],
    to: Checkpoint | 'start',
    signal: AbortSignal,
  ): Promise<BatchOutcome> => {
    let eventFailures = 0;
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) return { kind: 'stopped' };
      const isolate = eventFailures >= parkAfterFailures;
      try {
        const outcome = await applyBatchOnce(projection, from, events, to, { isolate, priorFailures: eventFailures });
        if (outcome.kind === 'committed') noteBatchCommitted(projection, outcome);
        if (attempt > 0 && outcome.kind === 'committed') {
          logger.info({ projection: projection.name, checkpoint: to }, 'projection batch succeeded after retry');
        }
        return outcome;
      } catch (error) {
        const independent = isEventIndependentFailure(error);
        if (!independent) eventFailures++;
        const delay = backoff(attempt);
        logger.error(
          {
            projection: projection.name,
            checkpoint: from,
            attempt: attempt + 1,
            retryInMs: delay,
            ...describeFailure(error),
            ...(independent ? {} : { parkingAfter: parkAfterFailures, eventFailures }),
          },
          'projection batch failed; rolled back, will retry',
        );
        await sleep(delay, signal);
      }
    }
  };

  /**
   * Retries the parked events that are due (all of them when `everything`), one stream at a time in
   * log order, each in a transaction fenced like a batch. Answers when the next one is due.
   */
  const retryParked = async (projection: Projection, everything: boolean, signal: AbortSignal): Promise<Date | null> => {
    const state = await readState(dataSource, projection.name);
    if (!state || state.leaseOwner !== owner) return null;
    const { generation } = state;
    const scope = { projection, generation, tables: physicalTables(projection, generation) };
    for (const streamId of await dueParkedStreams(dataSource, projection.name, generation, everything)) {
      if (signal.aborted) return null;
      const rows = await readParkedStream(dataSource, projection.name, generation, streamId);
      const events = new Map<string, RecordedEvent>();
      for (const row of rows) {
        const { events: read } = await store.readAll({ from: row.previous, maxCount: 1 });
        if (read[0]?.id === row.eventId) events.set(row.eventId, read[0]);
      }
      const unreadable = rows.find((row) => !events.has(row.eventId));
      if (unreadable) {
        logger.error(
          { projection: projection.name, generation, checkpoint: unreadable.checkpoint, eventId: unreadable.eventId },
          'parked projection event cannot be read again; it stays parked',
        );
        continue;
      }
      const outcome = await dataSource.transaction(async (manager) => {
        const locked = await readState(manager, projection.name, { forUpdate: true });
        if (!locked || locked.leaseOwner !== owner || locked.generation !== generation) return null;
        const current = await readParkedStream(manager, projection.name, generation, streamId, { forUpdate: true });
        // Another retry got here first; the next round sees what it left.
        if (current.map((row) => row.seq).join() !== rows.map((row) => row.seq).join()) return null;
        return retryParkedStream(manager, scope, current, events, parkedBackoff);
      });
      if (outcome === null) return null;
      for (const row of outcome.applied) {
        logger.info(
          {
            projection: projection.name,
            generation,
            checkpoint: row.checkpoint,
            eventId: row.eventId,
            eventType: row.eventType,
            reason: row.reason,
          },
          'parked projection event applied on retry',
        );
      }
      if (outcome.failed) {
        const { row, failure, attempts } = outcome.failed;
        logger.warn(
          {
            projection: projection.name,
            generation,
            checkpoint: row.checkpoint,
            eventId: row.eventId,
            eventType: row.eventType,
            attempts,
            ...failure,
          },
          'parked projection event failed again; it stays parked',
        );
      }
    }
    await loadParkedHint(projection.name);
    return nextParkedRetry(dataSource, projection.name, generation);
  };

  /**
   * Retries parked events while this process holds the projection's lease: all of them at once when
   * it takes the projection up (a deploy may have brought the fix), then each when it is due.
   */
  const retryParkedWhileLeased = async (projection: Projection, signal: AbortSignal): Promise<void> => {
    let everything = true;
    let failures = 0;
    let wake: (() => void) | null = null;
    parkedWakers.set(projection.name, () => wake?.());
    try {
      while (!signal.aborted) {
        let waitMs: number;
        try {
          const next = await retryParked(projection, everything, signal);
          everything = false;
          failures = 0;
          waitMs = next === null ? PARKED_POLL_MS : Math.min(PARKED_POLL_MS, Math.max(0, next.getTime() - Date.now()));
        } catch (error) {
          waitMs = backoff(failures++);
          logger.warn(
            { projection: projection.name, retryInMs: waitMs, ...describeFailure(error) },
            'retrying parked projection events failed; will try again',
          );
        }
        const pause = new AbortController();
        const onStop = (): void => pause.abort();
        wake = onStop;
        signal.addEventListener('abort', onStop, { once: true });
        // The lease may have ended while the retry ran: its abort came before this listener.
        if (signal.aborted) pause.abort();
        await sleep(waitMs, pause.signal);
        signal.removeEventListener('abort', onStop);
        wake = null;
      }
    } finally {
      parkedWakers.delete(projection.name);
    }
  };

  /** Reads with `readAll` while behind, reading the next batch while the current one commits. */
  const catchUp = async (
    projection: Projection,
    from: Checkpoint | 'start',
    signal: AbortSignal,
  ): Promise<{ outcome: BatchOutcome; checkpoint: Checkpoint | 'start' }> => {
    let checkpoint = from;
    const read = (after: Checkpoint | 'start'): Promise<ReadAllResult> => {
      const pending = store.readAll({ from: after, maxCount: batchSize });
      // Marks the prefetch as handled if we abandon it; awaiting it later still throws.
      pending.catch(() => undefined);
      return pending;
    };
    let next = read(checkpoint);
    while (!signal.aborted) {
      const result = await next;
      if (result.events.length === 0) return { outcome: { kind: 'committed', checkpoint }, checkpoint };
      next = read(result.checkpoint);
      const outcome = await applyBatch(projection, checkpoint, result.events, result.checkpoint, signal);
      if (outcome.kind !== 'committed') return { outcome, checkpoint };
      checkpoint = result.checkpoint;
    }
    return { outcome: { kind: 'stopped' }, checkpoint };
  };

  /**
   * Live batches of several projections over the same events, applied in one transaction: the
   * projections that follow the feed together take the same events at the same moment, and each
   * batch of its own cost a transaction with its fence read and checkpoint write (four round trips
   * per projection around its writes). Fenced and checkpointed exactly as `applyBatchOnce` does,
   * per projection, under one lock of their state rows. Should the transaction fail, nothing of
   * it stays and each projection applies the batch on its own, with retries and parking.
   */
  type Together = {
    projection: Projection;
    from: Checkpoint | 'start';
    events: RecordedEvent[];
    to: Checkpoint | 'start';
    resolve: (outcome: BatchOutcome | null) => void;
  };
  let together: Together[] = [];
  const applyTogether = (
    projection: Projection,
    from: Checkpoint | 'start',
    events: RecordedEvent[],
    to: Checkpoint | 'start',
  ): Promise<BatchOutcome | null> =>
    new Promise((resolve) => {
      together.push({ projection, from, events, to, resolve });
      // The followers woken by one delivery of the feed all ask within the same turn of the loop.
      if (together.length === 1) setImmediate(() => void applyGathered());
    });

  const applyGathered = async (): Promise<void> => {
    const gathered = together;
    together = [];
    const groups = new Map<string, Together[]>();
    for (const entry of gathered) {
      const key = `${entry.from}|${entry.to}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    await Promise.all(
      [...groups.values()].map(async (group) => {
        if (group.length === 1) return group[0].resolve(null);
        let outcomes: Map<string, BatchOutcome> | null = null;
        try {
          outcomes = await applyGroupOnce(group);
        } catch (error) {
          logger.warn(
            { projections: group.map((entry) => entry.projection.name), checkpoint: group[0].from, ...describeFailure(error) },
            'combined projection batch failed; rolled back, each projection applies it on its own',
          );
        }
        for (const entry of group) {
          const outcome = outcomes?.get(entry.projection.name) ?? null;
          if (outcome?.kind === 'committed') noteBatchCommitted(entry.projection, outcome);
          entry.resolve(outcome);
        }
      }),
    );
  };

  const applyGroupOnce = (group: Together[]): Promise<Map<string, BatchOutcome>> =>
    dataSource.transaction(async (manager: EntityManager) => {
      const { from, to } = group[0];
      const names = group.map((entry) => entry.projection.name);
      // Locked in name order, as any other group would: two of them cannot deadlock.
      const states = await readStates(manager, names, { forUpdate: true });
      const outcomes = new Map<string, BatchOutcome>();
      for (const { projection, events } of group) {
        const state = states.get(projection.name);
        if (!state || state.leaseOwner !== owner) {
          outcomes.set(projection.name, { kind: 'lease-lost' });
          continue;
        }
        if (store.compareCheckpoints(state.checkpoint, from) !== 0) {
          outcomes.set(projection.name, { kind: 'resync' });
          continue;
        }
        const scope = { projection, generation: state.generation, tables: physicalTables(projection, state.generation) };
        const parked = await applyWithParking(manager, scope, from, events, {
          isolate: false,
          mayHaveParked: mayHaveParked(projection.name, state.generation),
          priorFailures: 0,
          retryInMs: parkedRetryMinMs,
        });
        outcomes.set(projection.name, { kind: 'committed', checkpoint: to, parked, generation: state.generation });
      }
      const applied = [...outcomes].flatMap(([name, outcome]) => (outcome.kind === 'committed' ? [name] : []));
      // Without waiting for the WAL flush, for the reason `applyBatchOnce` gives.
      if (applied.length > 0) {
        await manager.query(
          `update ${PROJECTION_STATE_TABLE}
              set checkpoint = $2, updated_at = now(), lease_expires_at = now() + $3::interval
             from (select set_config('synchronous_commit', 'off', true)) as async_commit
            where name = any($1::text[])`,
          [applied, toStoredCheckpoint(to), millis(leaseDurationMs)],
        );
      }
      return outcomes;
    });

  // The live feed all projections of this process follow; created by the first that needs it.
  let feed: LiveFeed | null = null;
  let feedFailure: unknown = null;
  const liveFeed = (from: Checkpoint | 'start'): LiveFeed => {
    if (!feed || feed.ended) {
      feedFailure = null;
      feed = createLiveFeed({
        store,
        from,
        batchSize,
        // Half the projections' own pause: each waits that long after a partial batch anyway, so
        // the feed's reads, one for all of them, may come a little more often.
        coalesceMs: liveCoalesceMs / 2,
        capacity: liveFeedCapacity,
        onError: (error) => {
          feedFailure = error;
        },
      });
    }
    return feed;
  };

  /**
   * Follows live appends through the shared feed until the fence, a lost lease or a stop ends it.
   * `behind`: the feed no longer holds what comes after the checkpoint; catch up and come back.
   */
  const follow = async (
    projection: Projection,
    from: Checkpoint | 'start',
    signal: AbortSignal,
  ): Promise<{ kind: BatchOutcome['kind'] | 'behind'; checkpoint: Checkpoint | 'start' }> => {
    let checkpoint = from;
    for (;;) {
      const live = liveFeed(checkpoint);
      const read = await live.next(checkpoint, batchSize, signal);
      if (read === 'stopped') return { kind: 'stopped', checkpoint };
      if (read === 'behind') return { kind: 'behind', checkpoint };
      if (read === 'ended') {
        if (signal.aborted) return { kind: 'stopped', checkpoint };
        if (feedFailure) {
          logger.warn({ projection: projection.name, checkpoint, ...describeError(feedFailure) }, 'projection subscription failed');
        }
        // The feed ended on its own: start over from the stored checkpoint.
        return { kind: 'resync', checkpoint };
      }
      const to = read[read.length - 1].checkpoint;
      const outcome =
        (await applyTogether(projection, checkpoint, read, to)) ?? (await applyBatch(projection, checkpoint, read, to, signal));
      if (outcome.kind !== 'committed') return { kind: outcome.kind, checkpoint };
      checkpoint = to;
      // As a subscription of its own did: after a partial batch, let the next one fill up for a
      // moment, or every delivery of the feed becomes a read-model transaction per projection.
      if (read.length < batchSize && liveCoalesceMs > 0) await sleep(liveCoalesceMs, signal);
    }
  };

  /** Runs the projection while this process holds its lease. */
  const runLeased = async (projection: Projection, start: Checkpoint | 'start', leaseSignal: AbortSignal): Promise<void> => {
    // Ends the parked-event retries with this lease, however the run ends.
    const leased = new AbortController();
    const onLeaseEnd = (): void => leased.abort();
    leaseSignal.addEventListener('abort', onLeaseEnd, { once: true });
    if (leaseSignal.aborted) leased.abort();
    const signal = leased.signal;
    let retries: Promise<void> | undefined;
    try {
      await loadParkedHint(projection.name);
      retries = retryParkedWhileLeased(projection, signal);
      let from = start;
      let idleResyncs = 0;
      while (!signal.aborted) {
        noteCommitted(projection.name, from);
        const caughtUp = await catchUp(projection, from, signal);
        let kind: BatchOutcome['kind'] | 'behind' = caughtUp.outcome.kind;
        if (kind === 'committed') {
          const followed = await follow(projection, caughtUp.checkpoint, signal);
          kind = followed.kind;
          if (kind === 'behind') {
            // Nothing to resynchronise: this process committed up to here and still holds the lease.
            from = followed.checkpoint;
            idleResyncs = 0;
            continue;
          }
        }
        if (kind === 'stopped' || kind === 'lease-lost') return;
        // Resync: continue from what is stored. Back off only when that keeps making no progress.
        const stored = await readStoredCheckpoint(projection.name);
        if (store.compareCheckpoints(stored, from) === 0) await sleep(backoff(idleResyncs++), signal);
        else idleResyncs = 0;
        await loadParkedHint(projection.name);
        from = stored;
      }
    } finally {
      leased.abort();
      leaseSignal.removeEventListener('abort', onLeaseEnd);
      await retries;
    }
  };

  /** `first`: the outcome of a lease attempt `start` already made. */
  const work = async (projection: Projection, first?: Checkpoint | 'start' | null): Promise<void> => {
    const signal = runAbort.signal;
    let failures = 0;
    let attempted = first;
    while (!signal.aborted) {
      let checkpoint: Checkpoint | 'start' | null;
      try {
        checkpoint = attempted !== undefined ? attempted : await tryAcquireLease(projection.name);
        attempted = undefined;
      } catch (error) {
        logger.error({ projection: projection.name, ...describeError(error) }, 'projection lease acquisition failed');
        await sleep(backoff(failures++), signal);
        continue;
      }
      if (checkpoint === null) {
        await sleep(leaseRetryMs, signal);
        continue;
      }
      failures = 0;
      logger.info({ projection: projection.name, checkpoint, owner }, 'projection lease acquired');
      const leased = new AbortController();
      const onStop = (): void => leased.abort();
      signal.addEventListener('abort', onStop, { once: true });
      // A stop that arrived while the lease was being acquired fired before this listener existed.
      if (signal.aborted) leased.abort();
      const renewal = setInterval(
        () => {
          renewLease(projection.name)
            .then((held) => {
              if (!held) {
                logger.warn({ projection: projection.name, owner }, 'projection lease lost');
                leased.abort();
              }
            })
            .catch((error: unknown) => {
              logger.warn({ projection: projection.name, ...describeError(error) }, 'projection lease renewal failed');
            });
        },
        Math.max(10, Math.floor(leaseDurationMs / 3)),
      );
      try {
        await runLeased(projection, checkpoint, leased.signal);
      } catch (error) {
        logger.error({ projection: projection.name, ...describeError(error) }, 'projection runner failed; restarting');
        await sleep(backoff(failures++), signal);
      } finally {
        clearInterval(renewal);
        signal.removeEventListener('abort', onStop);
      }
    }
    try {
      await releaseLease(projection.name);
    } catch (error) {
      // The lease then simply expires.
      logger.warn({ projection: projection.name, ...describeError(error) }, 'projection lease release failed');
    }
  };

  const start = async (): Promise<void> => {
    if (started) throw new Error('Projection runner already started');
    started = true;
    await ensureProjectionSchema(dataSource);
    for (const projection of projections.values()) await initialiseProjection(dataSource, projection);
    // The first lease attempt happens before `start` resolves, so a readiness probe right after
    // start-up finds every projection held by some process rather than by none.
    for (const projection of projections.values()) {
      const first = await tryAcquireLease(projection.name).catch(() => undefined);
      workers.push(work(projection, first));
    }
  };

  const stop = async (): Promise<void> => {
    runAbort.abort();
    await Promise.all(workers);
    await feed?.stop();
    if (pollTimer) clearTimeout(pollTimer);
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('Projection runner stopped'));
    }
    waiters.clear();
  };

  const waitFor = (name: string, checkpoint: Checkpoint, timeoutMs: number): Promise<void> => {
    if (!projections.has(name)) return Promise.reject(new Error(`Unknown projection ${name}`));
    if (reached(committed.get(name), checkpoint)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        projection: name,
        checkpoint,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new ProjectionTimeout(name, checkpoint, timeoutMs));
        }, timeoutMs),
      };
      waiters.add(waiter);
      // The first poll happens at once: the projection may be ahead already in another process.
      void pollOnce();
      schedulePoll();
    });
  };

  const status = async (statusOptions: { lagLimit?: number } = {}): Promise<ProjectionStatus[]> => {
    const result: ProjectionStatus[] = [];
    const parked = await countParked(dataSource, [...projections.keys()]);
    for (const name of projections.keys()) {
      const state = await readState(dataSource, name);
      const checkpoint = state?.checkpoint ?? 'start';
      result.push({
        name,
        checkpoint,
        generation: state?.generation ?? 0,
        lag: await store.countEventsAfter(checkpoint, statusOptions.lagLimit ?? DEFAULT_LAG_LIMIT),
        leaseOwner: state && state.leaseExpiresAt && state.leaseExpiresAt > new Date() ? state.leaseOwner : null,
        updatedAt: state?.updatedAt ?? null,
        parkedEvents: parked.get(name)?.failed ?? 0,
        heldEvents: parked.get(name)?.held ?? 0,
      });
    }
    return result;
  };

  return { owner, start, stop, waitFor, status };
};
