import type { Checkpoint, ReadAllResult, RecordedEvent } from '../port';
import type { Projection } from './projection';
import type { RebuildPhase, RebuildProjectionOptions, RebuildResult, RebuildSession } from './rebuild-projection';
import { RebuildAborted, openRebuildSession } from './rebuild-projection';
import { stderrLogger } from './logger';

export type RebuildAllProgress = {
  phase: RebuildPhase;
  /** Events read from the log so far, including those every projection had from an interrupted run. */
  done: number;
  /** Events in the log; grows while events are appended during the rebuild. */
  total: number;
  /** Projections switched so far (in the switching phase). */
  switched: number;
  projections: number;
};

export type RebuildAllOptions = Omit<RebuildProjectionOptions, 'projection' | 'onProgress'> & {
  projections: Projection[];
  /**
   * Batches read ahead of the slowest projection. With more than one, a projection that is done
   * with a batch folds the next one while the others still write theirs, so the client's work
   * overlaps the server's.
   */
  readAhead?: number;
  onProgress?: (progress: RebuildAllProgress) => void;
};

export type RebuildAllResult = {
  /** Events read from the log by the whole rebuild (resumed runs included). */
  events: number;
  projections: RebuildResult[];
  /** Wall time of the build phase (one pass over the log) and of the switches. */
  buildMs: number;
  switchMs: number;
};

// Measured on a 1M-event archive (README, "Rebuilding read models"): 5,000 is where larger batches
// stop paying off while memory stays bounded (a batch of decrypted events is held per read-ahead).
const DEFAULT_BATCH_SIZE = 5_000;
const DEFAULT_READ_AHEAD = 2;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
const TOTAL_REFRESH_MS = 1_000;

/**
 * Rebuilds every given projection into its next generation from one pass over the log: each batch
 * is read (and decrypted) once and applied to every projection on its own connection, each
 * projection committing its writes with its own rebuild checkpoint, exactly as a rebuild of that
 * projection alone would (docs/adr/0002). An interrupted run resumes each projection from its own
 * checkpoint. The live runner keeps serving the old generations until each switch; the switches
 * happen one projection after another once the log is read.
 */
export const rebuildProjections = async (options: RebuildAllOptions): Promise<RebuildAllResult> => {
  const { store, projections } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const readAhead = Math.max(1, options.readAhead ?? DEFAULT_READ_AHEAD);
  const signal = options.signal;
  const logger = options.logger ?? stderrLogger;
  const names = new Set<string>();
  for (const projection of projections) {
    if (names.has(projection.name)) throw new Error(`Projection ${projection.name} is given twice`);
    names.add(projection.name);
  }

  const sessions: RebuildSession[] = [];
  try {
    for (const projection of projections) {
      sessions.push(await openRebuildSession({ ...options, projection, batchSize }));
    }

    // The pass starts at the projection furthest behind; the others skip what they already have.
    let from: Checkpoint | 'start' = 'start';
    for (const [index, session] of sessions.entries()) {
      const at = session.checkpoint();
      if (index === 0 || store.compareCheckpoints(at, from) < 0) from = at;
    }
    const remaining = from === 'start' ? null : await store.countEventsAfter(from, NO_LIMIT);
    let total = await store.countEventsAfter('start', NO_LIMIT);
    let done = remaining === null ? 0 : Math.max(0, total - remaining);
    let totalRefreshedAt = Date.now();
    let switched = 0;
    let position: Checkpoint | 'start' = from;
    const report = (phase: RebuildPhase): void =>
      options.onProgress?.({ phase, done, total: Math.max(total, done), switched, projections: sessions.length });
    const refreshTotal = async (): Promise<void> => {
      if (done < total || Date.now() - totalRefreshedAt < TOTAL_REFRESH_MS) return;
      totalRefreshedAt = Date.now();
      total = done + (await store.countEventsAfter(position, NO_LIMIT));
    };
    logger.info({ projections: sessions.length, batchSize, readAhead, checkpoint: from }, 'rebuild of all projections started');
    report('building');

    const startedAt = Date.now();
    // Each projection applies its batches in log order on a chain of its own; the pass waits for a
    // batch to be done everywhere only once `readAhead` newer ones are queued behind it.
    const chains: Promise<void>[] = sessions.map(() => Promise.resolve());
    const inFlight: Promise<unknown>[] = [];
    let failure: unknown = null;
    const queue = (events: RecordedEvent[], to: Checkpoint | 'start'): Promise<unknown> => {
      const applied = sessions.map((session, index) => {
        const chained = chains[index].then(async () => {
          if (failure !== null) return;
          const after = session.checkpoint();
          const fresh = after === 'start' ? events : events.filter((event) => store.compareCheckpoints(event.checkpoint, after) > 0);
          if (fresh.length === 0 && store.compareCheckpoints(after, to) >= 0) return;
          await session.applyBatch(fresh, to);
        });
        chains[index] = chained.catch((error: unknown) => {
          failure ??= error;
        });
        return chains[index];
      });
      return Promise.all(applied);
    };
    const read = (after: Checkpoint | 'start'): Promise<ReadAllResult> => {
      // The pass reads each event once: the store need not keep its opened personal data for others.
      const pending = store.readAll({ from: after, maxCount: batchSize, readOnce: true });
      pending.catch(() => undefined);
      return pending;
    };

    try {
      let next = read(from);
      for (;;) {
        if (signal?.aborted || failure !== null) break;
        const result = await next;
        if (result.events.length === 0) break;
        const full = result.events.length >= batchSize;
        if (full) next = read(result.checkpoint);
        const count = result.events.length;
        position = result.checkpoint;
        inFlight.push(
          queue(result.events, result.checkpoint).then(async () => {
            done += count;
            await refreshTotal();
            report('building');
          }),
        );
        while (inFlight.length >= readAhead) await inFlight.shift();
        if (!full) break;
      }
    } finally {
      await Promise.all(inFlight);
    }
    if (failure !== null) throw failure;
    if (signal?.aborted) throw new RebuildAborted(sessions.map((session) => session.projection.name).join(', '));
    const buildMs = Date.now() - startedAt;

    report('switching');
    const switchStartedAt = Date.now();
    for (const session of sessions) await session.settle();
    const results: RebuildResult[] = [];
    for (const session of sessions) {
      let caughtUp = 0;
      const result = await session.switchOver((count) => (caughtUp += count));
      results.push({ ...result, events: done + caughtUp });
      switched++;
      report('switching');
    }
    const switchMs = Date.now() - switchStartedAt;
    total = Math.max(total, done);
    report('done');
    logger.info({ projections: sessions.length, events: done, buildMs, switchMs }, 'rebuild of all projections switched');
    return { events: done, projections: results, buildMs, switchMs };
  } finally {
    for (const session of sessions) await session.release();
  }
};
