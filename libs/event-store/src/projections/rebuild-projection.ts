import type { DataSource, EntityManager } from 'typeorm';
import type { Checkpoint, EventStore, ReadAllResult, RecordedEvent } from '../port';
import type { Projection } from './projection';
import { RebuildInProgress, RebuildInterrupted } from './errors';
import type { ProjectionLogger } from './logger';
import { defaultOwnerId, describeError, stderrLogger } from './logger';
import {
  PROJECTION_STATE_TABLE,
  createGenerationTables,
  dropGenerationTables,
  filterProjectionEvents,
  ensureProjectionSchema,
  initialiseProjection,
  millis,
  physicalTables,
  pointViewsAt,
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
};

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_LEASE_MS = 30_000;
const TOTAL_REFRESH_MS = 1_000;
// Adapters cap counts by default (lag display); a progress total must be exact.
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export class RebuildAborted extends Error {
  override readonly name = 'RebuildAborted';
  constructor(readonly projection: string) {
    super(`Rebuild of projection ${projection} was stopped; run it again to resume`);
  }
}

/**
 * Builds the next generation of a projection from position 0 into fresh tables while the live
 * runner keeps serving the current one, then switches in one transaction with the state row
 * locked: the remaining events are applied, the views re-pointed, generation and checkpoint set and
 * the old tables dropped. A live runner's next batch fails its fence and continues from there.
 */
export const rebuildProjection = async (options: RebuildProjectionOptions): Promise<RebuildResult> => {
  const { store, dataSource, projection } = options;
  const name = projection.name;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const owner = options.owner ?? defaultOwnerId();
  const leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_MS;
  const logger = options.logger ?? stderrLogger;
  const signal = options.signal;

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
  // Counted remaining-first: events appended between the two counts then cannot make `done`
  // smaller than the work already committed.
  const remaining = checkpoint === 'start' ? null : await store.countEventsAfter(checkpoint, NO_LIMIT);
  let total = await store.countEventsAfter('start', NO_LIMIT);
  let done = remaining === null ? 0 : Math.max(0, total - remaining);
  let totalRefreshedAt = Date.now();
  const report = (phase: RebuildPhase): void =>
    options.onProgress?.({ projection: name, phase, generation: target, done, total: Math.max(total, done) });
  const refreshTotal = async (): Promise<void> => {
    if (done < total || Date.now() - totalRefreshedAt < TOTAL_REFRESH_MS) return;
    totalRefreshedAt = Date.now();
    total = done + (await store.countEventsAfter(checkpoint, NO_LIMIT));
  };

  logger.info({ projection: name, generation: target, checkpoint, resumed }, 'projection rebuild started');
  report('building');

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

  const applyEvents = async (manager: EntityManager, events: RecordedEvent[]): Promise<void> => {
    const relevant = filterProjectionEvents(projection, events);
    if (relevant.length > 0) await projection.apply(relevant, { manager, tables });
  };

  let switched = false;
  try {
    const read = (after: Checkpoint | 'start'): Promise<ReadAllResult> => {
      const pending = store.readAll({ from: after, maxCount: batchSize });
      pending.catch(() => undefined);
      return pending;
    };
    let next = read(checkpoint);
    for (;;) {
      if (signal?.aborted) throw new RebuildAborted(name);
      const result = await next;
      if (result.events.length === 0) break;
      const full = result.events.length >= batchSize;
      if (full) next = read(result.checkpoint);
      const from = checkpoint;
      await dataSource.transaction(async (manager) => {
        await lockOwnedState(manager, from);
        await applyEvents(manager, result.events);
        await manager.query(
          `update ${PROJECTION_STATE_TABLE}
              set rebuild_checkpoint = $2, rebuild_expires_at = now() + $3::interval
            where name = $1`,
          [name, toStoredCheckpoint(result.checkpoint), millis(leaseDurationMs)],
        );
      });
      checkpoint = result.checkpoint;
      done += result.events.length;
      await refreshTotal();
      report('building');
      if (!full) break;
    }

    if (signal?.aborted) throw new RebuildAborted(name);
    report('switching');
    const previous = await dataSource.transaction(async (manager) => {
      const state = await lockOwnedState(manager, checkpoint);
      // The live runner cannot commit while we hold the row, so catching up to its checkpoint
      // terminates; going at least that far keeps read-your-writes waits that already resolved true.
      for (;;) {
        const result = await store.readAll({ from: checkpoint, maxCount: batchSize });
        if (result.events.length > 0) {
          await applyEvents(manager, result.events);
          checkpoint = result.checkpoint;
          done += result.events.length;
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
      return state.generation;
    });
    switched = true;
    total = Math.max(total, done);
    report('done');
    logger.info({ projection: name, generation: target, checkpoint }, 'projection rebuild switched');
    return { projection: name, previousGeneration: previous, generation: target, checkpoint, events: done, resumed };
  } finally {
    clearInterval(renewal);
    if (!switched) {
      // Lets a rerun from any process resume at once instead of waiting for the lease to expire.
      await dataSource
        .query(
          `update ${PROJECTION_STATE_TABLE} set rebuild_owner = null, rebuild_expires_at = null
            where name = $1 and rebuild_owner = $2`,
          [name, owner],
        )
        .catch(() => undefined);
    }
  }
};
