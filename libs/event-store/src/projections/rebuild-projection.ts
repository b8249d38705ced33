import type { DataSource, EntityManager } from 'typeorm';
import type { Checkpoint, EventStore, ReadAllResult, RecordedEvent } from '../port';
import type { Projection } from './projection';
import { RebuildInProgress, RebuildInterrupted } from './errors';
import { describeFailure, isEventIndependentFailure } from './failures';
import type { ProjectionLogger } from './logger';
import { defaultOwnerId, describeError, sleep, stderrLogger } from './logger';
import type { ParkedEvent } from './parking';
import { applyWithParking, countParked, dropParkedOfGeneration, dropParkedOfOtherGenerations } from './parking';
import {
  PARKED_EVENTS_TABLE,
  PROJECTION_STATE_TABLE,
  createGenerationTables,
  dropGenerationTables,
  ensureProjectionSchema,
  initialiseProjection,
  millis,
  physicalTables,
  pointViewsAt,
  quoteIdent,
  readState,
  selectRows,
  toStoredCheckpoint,
} from './projection-state';

export type RebuildPhase = 'building' | 'switching' | 'done';

export type RebuildProgress = {
  projection: string;
  phase: RebuildPhase;
  /** The generation being built. */
  generation: number;
  /** Events read from the log so far, including those of an interrupted run that this one resumed. */
  done: number;
  /** Events in the log; grows while events are appended during the rebuild. */
  total: number;
};

export type RebuildProjectionOptions = {
  store: EventStore;
  dataSource: DataSource;
  projection: Projection;
  batchSize?: number;
  owner?: string;
  /** How long the rebuild lease lasts without renewal; renewed every third of it. */
  leaseDurationMs?: number;
  /** Discard an interrupted rebuild's progress instead of resuming it. */
  restart?: boolean;
  /** As the runner's: failures of a batch for its events' sake before its failing events are parked. */
  parkAfterFailures?: number;
  /** When the live runner first retries an event this rebuild parked. */
  parkedRetryMinMs?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Aborting stops after the batch in flight; the progress so far is kept for a resume. */
  signal?: AbortSignal;
  logger?: ProjectionLogger;
};

export type RebuildResult = {
  projection: string;
  previousGeneration: number;
  generation: number;
  checkpoint: Checkpoint | 'start';
  /** Events read from the log by the whole rebuild (resumed runs included). */
  events: number;
  resumed: boolean;
  /** Events of the new generation that fail on their own and were parked (docs/adr/0010). */
  parkedEvents: number;
  /** Later events of their streams, held back until they apply. */
  heldEvents: number;
};

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_LEASE_MS = 30_000;
const TOTAL_REFRESH_MS = 1_000;
// Adapters cap counts by default (lag display); a progress total must be exact.
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
const DEFAULT_PARK_AFTER_FAILURES = 4;
const DEFAULT_PARKED_RETRY_MS = 60_000;
// A rebuild gives up on a lost connection or the like after this many tries; rerun, it resumes.
const MAX_INDEPENDENT_FAILURES = 8;
const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;

export class RebuildAborted extends Error {
  override readonly name = 'RebuildAborted';
  constructor(readonly projection: string) {
    super(`Rebuild of projection ${projection} was stopped; run it again to resume`);
  }
}

/** Settings a rebuild of one projection shares with a rebuild of all of them. */
export type RebuildSessionOptions = Omit<RebuildProjectionOptions, 'batchSize' | 'onProgress' | 'signal'> & {
  batchSize: number;
  signal?: AbortSignal;
};

/**
 * One projection's rebuild in progress, after its target generation was claimed: batches read from
 * the log go in through `applyBatch` (each committed with the rebuild checkpoint, fenced by the
 * rebuild lease), `switchOver` catches up and switches, and `release` ends it either way.
 */
export type RebuildSession = {
  readonly projection: Projection;
  readonly target: number;
  readonly resumed: boolean;
  /** The rebuild checkpoint committed last: events up to it are in the new generation. */
  readonly checkpoint: () => Checkpoint | 'start';
  /** Applies the events after `checkpoint()` (already filtered by the caller) and commits `to` with them. */
  applyBatch: (events: RecordedEvent[], to: Checkpoint | 'start') => Promise<void>;
  /**
   * Vacuums and analyzes the new generation's tables once they hold the log, before they serve.
   * A rebuild writes a row and then changes it (a milestone's director, its first message), so
   * until autovacuum came by, the partial indexes pointed at dead rows (348 index hits for 0
   * rows in one worklist plan) and the planner guessed without statistics.
   */
  settle: () => Promise<void>;
  /** Applies what is left up to the live runner's checkpoint and switches the views, in one transaction. */
  switchOver: (onEvents?: (count: number) => void) => Promise<RebuildResult>;
  /** Stops renewing the rebuild lease; unless switched, frees it so a rerun resumes at once. */
  release: () => Promise<void>;
};

/**
 * Claims the next generation of a projection (or resumes the one an interrupted rebuild left) and
 * returns the session that fills it. Throws `RebuildInProgress` while another process's rebuild
 * lease on it lives.
 */
export const openRebuildSession = async (options: RebuildSessionOptions): Promise<RebuildSession> => {
  const { store, dataSource, projection, batchSize } = options;
  const name = projection.name;
  const owner = options.owner ?? defaultOwnerId();
  const leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_MS;
  const logger = options.logger ?? stderrLogger;
  const signal = options.signal;
  const parkAfterFailures = Math.max(1, options.parkAfterFailures ?? DEFAULT_PARK_AFTER_FAILURES);
  const parkedRetryMinMs = options.parkedRetryMinMs ?? DEFAULT_PARKED_RETRY_MS;

  await ensureProjectionSchema(dataSource);
  await initialiseProjection(dataSource, projection);

  const begun = await dataSource.transaction(async (manager) => {
    const state = await readState(manager, name, { forUpdate: true });
    if (!state) throw new Error(`Projection ${name} has no state row`);
    const [{ live }] = await selectRows<{ live: boolean }>(
      manager,
      `select coalesce(rebuild_expires_at > now(), false) as live from ${PROJECTION_STATE_TABLE} where name = $1`,
      [name],
    );
    if (state.rebuildGeneration !== null && state.rebuildOwner && state.rebuildOwner !== owner && live) {
      throw new RebuildInProgress(name, state.rebuildOwner);
    }
    const resumable = state.rebuildGeneration !== null && state.rebuildGeneration > state.generation;
    if (resumable && !options.restart && state.rebuildGeneration !== null) {
      await manager.query(
        `update ${PROJECTION_STATE_TABLE} set rebuild_owner = $2, rebuild_expires_at = now() + $3::interval where name = $1`,
        [name, owner, millis(leaseDurationMs)],
      );
      return { previous: state.generation, target: state.rebuildGeneration, from: state.rebuildCheckpoint, resumed: true };
    }
    const target = resumable && state.rebuildGeneration !== null ? state.rebuildGeneration : state.generation + 1;
    await createGenerationTables(manager, projection, target, { replaceLeftovers: true });
    await dropParkedOfGeneration(manager, name, target);
    await manager.query(
      `update ${PROJECTION_STATE_TABLE}
          set rebuild_generation = $2, rebuild_checkpoint = null, rebuild_owner = $3,
              rebuild_expires_at = now() + $4::interval, rebuild_started_at = now()
        where name = $1`,
      [name, target, owner, millis(leaseDurationMs)],
    );
    return { previous: state.generation, target, from: 'start' as const, resumed: false };
  });

  const { target, resumed } = begun;
  let checkpoint: Checkpoint | 'start' = begun.from;
  const tables = physicalTables(projection, target);
  const scope = { projection, generation: target, tables };
  // Only this rebuild parks in its target generation; a resumed one may find its own earlier parkings.
  let mayHaveParked = false;
  if (resumed) {
    const [{ parked }] = await selectRows<{ parked: boolean }>(
      dataSource,
      `select exists (select 1 from ${PARKED_EVENTS_TABLE} where projection = $1 and generation = $2) as parked`,
      [name, target],
    );
    mayHaveParked = parked;
  }
  const noteParked = (parked: ParkedEvent[]): void => {
    if (parked.length > 0) mayHaveParked = true;
    for (const entry of parked) {
      const fields = {
        projection: name,
        generation: target,
        checkpoint: entry.event.checkpoint,
        eventId: entry.event.id,
        eventType: entry.event.type,
        reason: entry.reason,
        ...(entry.failure ?? {}),
      };
      if (entry.reason === 'failed')
        logger.error(fields, 'projection event parked by the rebuild: it fails on its own; the rebuild goes on without it');
      else logger.warn(fields, 'projection event held behind a parked event of its stream');
    }
  };

  logger.info({ projection: name, generation: target, checkpoint, resumed }, 'projection rebuild started');

  const renewal = setInterval(
    () => {
      dataSource
        .query(
          `update ${PROJECTION_STATE_TABLE} set rebuild_expires_at = now() + $3::interval
            where name = $1 and rebuild_owner = $2`,
          [name, owner, millis(leaseDurationMs)],
        )
        .catch((error: unknown) => {
          logger.warn({ projection: name, ...describeError(error) }, 'projection rebuild lease renewal failed');
        });
    },
    Math.max(10, Math.floor(leaseDurationMs / 3)),
  );

  const lockOwnedState = async (manager: EntityManager, expected: Checkpoint | 'start') => {
    const state = await readState(manager, name, { forUpdate: true });
    if (
      !state ||
      state.rebuildOwner !== owner ||
      state.rebuildGeneration !== target ||
      store.compareCheckpoints(state.rebuildCheckpoint, expected) !== 0
    ) {
      throw new RebuildInterrupted(name);
    }
    return state;
  };

  /** One batch of the build phase, retried like the runner's and parking what fails on its own. */
  const applyBatch = async (events: RecordedEvent[], to: Checkpoint | 'start'): Promise<void> => {
    const from = checkpoint;
    let eventFailures = 0;
    let independentFailures = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const parked = await dataSource.transaction(async (manager) => {
          await lockOwnedState(manager, from);
          const set = await applyWithParking(manager, scope, from, events, {
            isolate: eventFailures >= parkAfterFailures,
            mayHaveParked,
            priorFailures: eventFailures,
            retryInMs: parkedRetryMinMs,
          });
          // Like the runner's batches, committed without waiting for the WAL flush: the new
          // generation is derived from the durable log and serves no query before the switch, and
          // a crash loses only whole trailing batches with their checkpoint, which a resume redoes.
          await manager.query(
            `update ${PROJECTION_STATE_TABLE}
                set rebuild_checkpoint = $2, rebuild_expires_at = now() + $3::interval
               from (select set_config('synchronous_commit', 'off', true)) as async_commit
              where name = $1`,
            [name, toStoredCheckpoint(to), millis(leaseDurationMs)],
          );
          return set;
        });
        noteParked(parked);
        checkpoint = to;
        return;
      } catch (error) {
        if (error instanceof RebuildInterrupted) throw error;
        const independent = isEventIndependentFailure(error);
        if (independent && ++independentFailures >= MAX_INDEPENDENT_FAILURES) throw error;
        if (!independent) eventFailures++;
        const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
        logger.error(
          { projection: name, generation: target, checkpoint: from, attempt: attempt + 1, retryInMs: delay, ...describeFailure(error) },
          'projection rebuild batch failed; rolled back, will retry',
        );
        await sleep(delay, signal);
        if (signal?.aborted) throw new RebuildAborted(name);
      }
    }
  };

  let switched = false;
  let released = false;

  const settle = async (): Promise<void> => {
    const startedAt = Date.now();
    // One statement per table, outside any transaction: VACUUM cannot run inside one.
    for (const table of Object.values(physicalTables(projection, target))) {
      if (signal?.aborted) throw new RebuildAborted(name);
      await dataSource.query(`vacuum (analyze) ${quoteIdent(table)}`);
    }
    logger.info({ projection: name, generation: target, ms: Date.now() - startedAt }, 'projection rebuild settled');
  };

  const switchOver = async (onEvents?: (count: number) => void): Promise<RebuildResult> => {
    const switchParked: ParkedEvent[] = [];
    const previous = await dataSource.transaction(async (manager) => {
      const state = await lockOwnedState(manager, checkpoint);
      // The live runner cannot commit while we hold the row, so catching up to its checkpoint
      // terminates; going at least that far keeps read-your-writes waits that already resolved true.
      for (;;) {
        const result = await store.readAll({ from: checkpoint, maxCount: batchSize });
        if (result.events.length > 0) {
          // No retry can happen inside the switch: what fails here is bisected and parked at once.
          switchParked.push(
            ...(await applyWithParking(manager, scope, checkpoint, result.events, {
              isolate: true,
              mayHaveParked,
              retryInMs: parkedRetryMinMs,
            })),
          );
          if (switchParked.length > 0) mayHaveParked = true;
          checkpoint = result.checkpoint;
          onEvents?.(result.events.length);
        }
        const atLive = store.compareCheckpoints(checkpoint, state.checkpoint) >= 0;
        if (atLive && result.events.length < batchSize) break;
        if (result.events.length === 0) {
          throw new Error(`Rebuild of ${name} cannot see the events up to the live checkpoint`);
        }
      }
      await pointViewsAt(manager, projection, target);
      await manager.query(
        `update ${PROJECTION_STATE_TABLE}
            set generation = $2, checkpoint = $3, updated_at = now(), rebuild_generation = null,
                rebuild_checkpoint = null, rebuild_owner = null, rebuild_expires_at = null, rebuild_started_at = null
          where name = $1`,
        [name, target, toStoredCheckpoint(checkpoint)],
      );
      await dropGenerationTables(manager, projection, state.generation);
      await dropParkedOfOtherGenerations(manager, name, target);
      return state.generation;
    });
    switched = true;
    noteParked(switchParked);
    const parked = (await countParked(dataSource, [name])).get(name) ?? { failed: 0, held: 0 };
    logger.info({ projection: name, generation: target, checkpoint }, 'projection rebuild switched');
    return {
      projection: name,
      previousGeneration: previous,
      generation: target,
      checkpoint,
      events: 0,
      resumed,
      parkedEvents: parked.failed,
      heldEvents: parked.held,
    };
  };

  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    clearInterval(renewal);
    if (switched) return;
    // Lets a rerun from any process resume at once instead of waiting for the lease to expire.
    await dataSource
      .query(
        `update ${PROJECTION_STATE_TABLE} set rebuild_owner = null, rebuild_expires_at = null
          where name = $1 and rebuild_owner = $2`,
        [name, owner],
      )
      .catch(() => undefined);
  };

  return { projection, target, resumed, checkpoint: () => checkpoint, applyBatch, settle, switchOver, release };
};

/**
 * Builds the next generation of a projection from position 0 into fresh tables while the live
 * runner keeps serving the current one, then switches in one transaction with the state row
 * locked: the remaining events are applied, the views re-pointed, generation and checkpoint set and
 * the old tables dropped. A live runner's next batch fails its fence and continues from there.
 */
export const rebuildProjection = async (options: RebuildProjectionOptions): Promise<RebuildResult> => {
  const { store, projection } = options;
  const name = projection.name;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const signal = options.signal;
  const session = await openRebuildSession({ ...options, batchSize });
  const { target } = session;

  try {
    // Counted remaining-first: events appended between the two counts then cannot make `done`
    // smaller than the work already committed.
    const from = session.checkpoint();
    const remaining = from === 'start' ? null : await store.countEventsAfter(from, NO_LIMIT);
    let total = await store.countEventsAfter('start', NO_LIMIT);
    let done = remaining === null ? 0 : Math.max(0, total - remaining);
    let totalRefreshedAt = Date.now();
    const report = (phase: RebuildPhase): void =>
      options.onProgress?.({ projection: name, phase, generation: target, done, total: Math.max(total, done) });
    const refreshTotal = async (): Promise<void> => {
      if (done < total || Date.now() - totalRefreshedAt < TOTAL_REFRESH_MS) return;
      totalRefreshedAt = Date.now();
      total = done + (await store.countEventsAfter(session.checkpoint(), NO_LIMIT));
    };
    report('building');

    const read = (after: Checkpoint | 'start'): Promise<ReadAllResult> => {
      // The pass reads each event once: the store need not keep its opened personal data for others.
      const pending = store.readAll({ from: after, maxCount: batchSize, readOnce: true });
      pending.catch(() => undefined);
      return pending;
    };
    let next = read(from);
    for (;;) {
      if (signal?.aborted) throw new RebuildAborted(name);
      const result = await next;
      if (result.events.length === 0) break;
      const full = result.events.length >= batchSize;
      if (full) next = read(result.checkpoint);
      await session.applyBatch(result.events, result.checkpoint);
      done += result.events.length;
      await refreshTotal();
      report('building');
      if (!full) break;
    }

    if (signal?.aborted) throw new RebuildAborted(name);
    report('switching');
    await session.settle();
    const result = await session.switchOver((count) => (done += count));
    total = Math.max(total, done);
    report('done');
    return { ...result, events: done };
  } finally {
    await session.release();
  }
};
