import type { DataSource, EntityManager } from 'typeorm';
import type { Checkpoint, EventStore, ReadAllResult, RecordedEvent, Subscription } from '../port';
import type { Projection, ProjectionStatus } from './projection';
import { ProjectionTimeout } from './errors';
import type { ProjectionLogger } from './logger';
import { defaultOwnerId, describeError, isDeadLocalOwner, sleep, stderrLogger } from './logger';
import {
  PROJECTION_STATE_TABLE,
  ensureProjectionSchema,
  fromStoredCheckpoint,
  initialiseProjection,
  filterProjectionEvents,
  millis,
  physicalTables,
  readState,
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
  /** How long a lease lasts without renewal; renewed every third of it. */
  leaseDurationMs?: number;
  /** How often a runner without the lease tries again. */
  leaseRetryMs?: number;
  /** How often `waitFor` polls the state row for progress made by another process. */
  pollIntervalMs?: number;
  /** Longest pause between retries of a failing batch. */
  maxBackoffMs?: number;
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

type BatchOutcome =
  | { kind: 'committed'; checkpoint: Checkpoint | 'start' }
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
};

const MIN_BACKOFF_MS = 100;
// Counting lag scans the events behind; past this a status page only needs "very far behind".
const DEFAULT_LAG_LIMIT = 1_000_000;

export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { store, dataSource } = options;
  const owner = options.owner ?? defaultOwnerId();
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const liveCoalesceMs = options.liveCoalesceMs ?? DEFAULTS.liveCoalesceMs;
  const leaseDurationMs = options.leaseDurationMs ?? DEFAULTS.leaseDurationMs;
  const leaseRetryMs = options.leaseRetryMs ?? DEFAULTS.leaseRetryMs;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
  const maxBackoffMs = options.maxBackoffMs ?? DEFAULTS.maxBackoffMs;
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
    if (taken[0]) logger.info({ projection: name, owner, previousOwner: holder }, 'projection lease taken from a process that no longer runs');
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

  /**
   * The fence: with the state row locked, the batch is applied only if this process still holds
   * the lease and the stored checkpoint is the one the batch was read from. The checkpoint update
   * commits in the same transaction as the read-model writes, so each event takes effect once.
   */
  const applyBatchOnce = async (
    projection: Projection,
    from: Checkpoint | 'start',
    events: RecordedEvent[],
    to: Checkpoint | 'start',
  ): Promise<BatchOutcome> =>
    dataSource.transaction(async (manager: EntityManager): Promise<BatchOutcome> => {
      const state = await readState(manager, projection.name, { forUpdate: true });
      if (!state || state.leaseOwner !== owner) return { kind: 'lease-lost' };
      if (store.compareCheckpoints(state.checkpoint, from) !== 0) return { kind: 'resync' };
      const relevant = filterProjectionEvents(projection, events);
      if (relevant.length > 0) {
        await projection.apply(relevant, { manager, tables: physicalTables(projection, state.generation) });
      }
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
      return { kind: 'committed', checkpoint: to };
    });

  // A failing batch is retried, never skipped: skipping would silently corrupt the read model.
  const applyBatch = async (
    projection: Projection,
    from: Checkpoint | 'start',
    events: RecordedEvent[],
    to: Checkpoint | 'start',
    signal: AbortSignal,
  ): Promise<BatchOutcome> => {
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) return { kind: 'stopped' };
      try {
        const outcome = await applyBatchOnce(projection, from, events, to);
        if (outcome.kind === 'committed') noteCommitted(projection.name, outcome.checkpoint);
        if (attempt > 0 && outcome.kind === 'committed') {
          logger.info({ projection: projection.name, checkpoint: to }, 'projection batch succeeded after retry');
        }
        return outcome;
      } catch (error) {
        const delay = backoff(attempt);
        logger.error(
          { projection: projection.name, checkpoint: from, attempt: attempt + 1, retryInMs: delay, ...describeError(error) },
          'projection batch failed; rolled back, will retry',
        );
        await sleep(delay, signal);
      }
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

  /** Follows live appends until the fence, a lost lease or a stop ends the subscription. */
  const follow = async (
    projection: Projection,
    from: Checkpoint | 'start',
    signal: AbortSignal,
  ): Promise<BatchOutcome['kind']> => {
    let checkpoint = from;
    let ended: BatchOutcome['kind'] | null = null;
    let subscription: Subscription | null = null;
    let failure: unknown = null;
    const end = (kind: BatchOutcome['kind']): void => {
      ended ??= kind;
      void subscription?.stop();
    };
    subscription = store.subscribeToAll(
      async (events) => {
        if (ended || events.length === 0) return;
        const to = events[events.length - 1].checkpoint;
        const outcome = await applyBatch(projection, checkpoint, events, to, signal);
        if (outcome.kind === 'committed') checkpoint = to;
        else end(outcome.kind);
      },
      {
        from,
        batchSize,
        coalesceMs: liveCoalesceMs,
        onError: (error) => {
          failure = error;
        },
      },
    );
    const onAbort = (): void => end('stopped');
    signal.addEventListener('abort', onAbort, { once: true });
    if (ended || signal.aborted) void subscription.stop();
    try {
      await subscription.done;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (ended) return ended;
    if (signal.aborted) return 'stopped';
    if (failure) {
      logger.warn({ projection: projection.name, checkpoint, ...describeError(failure) }, 'projection subscription failed');
    }
    // The subscription ended on its own: start over from the stored checkpoint.
    return 'resync';
  };

  /** Runs the projection while this process holds its lease. */
  const runLeased = async (projection: Projection, start: Checkpoint | 'start', signal: AbortSignal): Promise<void> => {
    let from = start;
    let idleResyncs = 0;
    while (!signal.aborted) {
      noteCommitted(projection.name, from);
      const caughtUp = await catchUp(projection, from, signal);
      let kind = caughtUp.outcome.kind;
      if (kind === 'committed') kind = await follow(projection, caughtUp.checkpoint, signal);
      if (kind === 'stopped' || kind === 'lease-lost') return;
      // Resync: continue from what is stored. Back off only when that keeps making no progress.
      const stored = await readStoredCheckpoint(projection.name);
      if (store.compareCheckpoints(stored, from) === 0) await sleep(backoff(idleResyncs++), signal);
      else idleResyncs = 0;
      from = stored;
    }
  };

  const work = async (projection: Projection): Promise<void> => {
    const signal = runAbort.signal;
    let failures = 0;
    while (!signal.aborted) {
      let checkpoint: Checkpoint | 'start' | null;
      try {
        checkpoint = await tryAcquireLease(projection.name);
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
      const renewal = setInterval(() => {
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
      }, Math.max(10, Math.floor(leaseDurationMs / 3)));
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
    for (const projection of projections.values()) workers.push(work(projection));
  };

  const stop = async (): Promise<void> => {
    runAbort.abort();
    await Promise.all(workers);
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
      });
    }
    return result;
  };

  return { owner, start, stop, waitFor, status };
};
