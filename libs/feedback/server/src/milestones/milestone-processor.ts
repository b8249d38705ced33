import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '@ketenregie/event-store';
import { isPastMilestone } from '@ketenregie/feedback-domain';
import type { FeedbackLocale } from '@ketenregie/feedback-domain';
import type { DeliveryLogger } from '../delivery/delivery-worker';
import { CASE_FAMILIES_TABLE, isCaseMilestoneEvent, queueMilestoneFeedback } from './queue-milestone-feedback';
import { runSchemaOnce } from '../schema/run-schema';

type Queryable = { query: (sql: string, parameters?: unknown[]) => Promise<unknown> };

export const MILESTONE_CHECKPOINTS_TABLE = 'feedback_milestone_checkpoints';

export { CASE_FAMILIES_TABLE };

export const milestoneProcessorSchema = [
  `create table if not exists ${CASE_FAMILIES_TABLE} (
    case_id text primary key,
    family_id text not null
  )`,
  `create index if not exists feedback_case_families_family on ${CASE_FAMILIES_TABLE} (family_id)`,
  `create table if not exists ${MILESTONE_CHECKPOINTS_TABLE} (
    name text primary key,
    checkpoint text not null,
    updated_at timestamptz not null default now()
  )`,
];

export type MilestoneProcessorOptions = {
  store: EventStore;
  db: Queryable;
  /** Key of the checkpoint; one per deployment. Another name reads the whole log again (a replay). */
  name?: string;
  locale?: FeedbackLocale;
  batchSize?: number;
  /** Tries of one event before it is skipped (logged by id); each try after a backoff. */
  skipAfterFailures?: number;
  /**
   * Milestones that happened, or were stored, longer ago than this are read past without telling
   * anyone (default 14 days; the domain's `isPastMilestone`). A first start on a store with years
   * of history, a restore, or an archive imported today must not mail referrers a burst of old
   * news; a fresh milestone is told when it happens.
   */
  maxEventAgeMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
  logger?: DeliveryLogger;
};

export type MilestoneProcessor = {
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Resolves once every event up to `checkpoint` was handled (for tests and read-your-writes). */
  waitFor: (checkpoint: Checkpoint, timeoutMs: number) => Promise<void>;
};

const rowsOf = (result: unknown): Record<string, unknown>[] => (Array.isArray(result) ? (result as Record<string, unknown>[]) : []);

/** The processor's checkpoint key in a deployment (`MilestoneProcessorOptions.name`'s default). */
export const MILESTONE_PROCESSOR_NAME = 'feedback.milestones';

/**
 * Lets the processor start after history imported with its feedback already in it (`seed:archive`
 * writes every message the processor would queue, under the same ids): reading it would queue
 * nothing, and cost a process start a pass over the whole archive (half an hour for 11M events).
 * Moves the checkpoint from `importedAfter`, where the log ended before the import, to `importedUpTo`,
 * but only when the processor had read everything up to `importedAfter` (or never ran on an empty
 * log): live events it has not handled yet are read with the import, as always. Answers whether it moved.
 */
export const skipImportedHistory = async (
  db: Queryable,
  store: Pick<EventStore, 'compareCheckpoints' | 'isCheckpoint'>,
  importedAfter: Checkpoint | 'start',
  importedUpTo: Checkpoint | 'start',
  name = MILESTONE_PROCESSOR_NAME,
): Promise<boolean> => {
  if (importedUpTo === 'start') return false;
  await runSchemaOnce(db, 'feedback.milestones', milestoneProcessorSchema);
  const [row] = rowsOf(await db.query(`select checkpoint from ${MILESTONE_CHECKPOINTS_TABLE} where name = $1`, [name]));
  const stored = row?.['checkpoint'];
  const current = typeof stored === 'string' && store.isCheckpoint(stored) ? stored : 'start';
  if (store.compareCheckpoints(current, importedAfter) < 0) return false;
  if (store.compareCheckpoints(current, importedUpTo) >= 0) return true;
  // Only from the checkpoint just read: a processor that ran meanwhile keeps what it wrote.
  const moved = rowsOf(
    await db.query(
      `insert into ${MILESTONE_CHECKPOINTS_TABLE} as c (name, checkpoint) values ($1, $2)
       on conflict (name) do update set checkpoint = excluded.checkpoint, updated_at = now() where c.checkpoint = $3
       returning name`,
      [name, importedUpTo, current === 'start' ? null : current],
    ),
  );
  return moved.length === 1;
};

/**
 * Reacts to the case milestones with feedback to the referrers: reads the case events from its
 * checkpoint, decides per referrer what may be told (the pure rules, in `queueFeedback`) and
 * queues the message. At least once: a batch is handled before its checkpoint is saved, so a crash
 * in between handles it again; the message ids are derived from (case, report, milestone), so the
 * store appends each message once, and a replay from the start of the log queues nothing twice.
 * Two processes running it at once queue the same ids, which the store appends once too.
 */
export const createMilestoneProcessor = (options: MilestoneProcessorOptions): MilestoneProcessor => {
  const { store, db } = options;
  const name = options.name ?? MILESTONE_PROCESSOR_NAME;
  const locale = options.locale ?? 'nl';
  let subscription: Subscription | undefined;
  let position: Checkpoint | 'start' = 'start';

  const loadCheckpoint = async (): Promise<Checkpoint | 'start'> => {
    const [row] = rowsOf(await db.query(`select checkpoint from ${MILESTONE_CHECKPOINTS_TABLE} where name = $1`, [name]));
    const value = row?.['checkpoint'];
    return typeof value === 'string' && store.isCheckpoint(value) ? value : 'start';
  };

  const saveCheckpoint = async (checkpoint: Checkpoint): Promise<void> => {
    await db.query(
      `insert into ${MILESTONE_CHECKPOINTS_TABLE} (name, checkpoint) values ($1, $2)
       on conflict (name) do update set checkpoint = excluded.checkpoint, updated_at = now()`,
      [name, checkpoint],
    );
  };

  // Every milestone after a case's first would otherwise insert its family row again (a round
  // trip for nothing on every accepted hand-over, investigation and closing). Bounded: cleared
  // when full, which only costs those inserts again.
  const recordedCaseFamilies = new Set<string>();
  const rememberedCaseFamiliesLimit = 100_000;

  const maxEventAgeMs = options.maxEventAgeMs ?? 14 * 24 * 60 * 60 * 1000;
  const now = options.now ?? (() => new Date());

  const handleEvent = async (event: RecordedEvent): Promise<number> => {
    if (!isCaseMilestoneEvent(event)) return 0;
    if (isPastMilestone(event, now(), maxEventAgeMs)) return 0;
    if (recordedCaseFamilies.size >= rememberedCaseFamiliesLimit) recordedCaseFamilies.clear();
    const results = await queueMilestoneFeedback(store, db, event, { locale, recordedCaseFamilies });
    return results.filter(({ outcome }) => outcome.kind === 'queued' && !outcome.append.alreadyStored).length;
  };

  const failuresOf = new Map<string, number>();
  const skipAfter = options.skipAfterFailures ?? 5;

  // One event that cannot be handled must not stop feedback for every other case: after a few
  // tries (each a restart with backoff) it is skipped and logged by id, never by content.
  const handleOrSkip = async (event: RecordedEvent): Promise<number> => {
    try {
      const queued = await handleEvent(event);
      failuresOf.delete(event.id);
      return queued;
    } catch (error) {
      const failures = (failuresOf.get(event.id) ?? 0) + 1;
      failuresOf.set(event.id, failures);
      if (failures < skipAfter) throw error;
      failuresOf.delete(event.id);
      options.logger?.warn(
        { eventId: event.id, eventType: event.type, error: error instanceof Error ? error.name : 'unknown' },
        'feedback milestone skipped after repeated failures',
      );
      return 0;
    }
  };

  const handle = async (events: RecordedEvent[]): Promise<void> => {
    let queued = 0;
    for (const event of events) queued += await handleOrSkip(event);
    const last = events.at(-1);
    if (last) {
      await saveCheckpoint(last.checkpoint);
      position = last.checkpoint;
    }
    // Counts only: which family or referrer a message is for is never logged.
    if (queued > 0) options.logger?.info({ queued }, 'feedback milestones queued');
  };

  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  // A failed batch ends the subscription; it starts again from the saved checkpoint after a pause
  // that doubles per failure (capped), so a database restart does not stop feedback for good.
  const subscribe = (): void => {
    const current = store.subscribeToAll(
      async (events) => {
        await handle(events);
        failures = 0;
      },
      {
        from: position,
        batchSize: options.batchSize ?? 100,
        onError: (error) =>
          options.logger?.warn(
            { error: error instanceof Error ? error.name : 'unknown', failures: ++failures },
            'feedback milestones failed',
          ),
      },
    );
    subscription = current;
    void current.done.then(() => {
      if (stopped || subscription !== current) return;
      retryTimer = setTimeout(subscribe, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
    });
  };

  return {
    start: async () => {
      stopped = false;
      await runSchemaOnce(db, 'feedback.milestones', milestoneProcessorSchema);
      position = await loadCheckpoint();
      subscribe();
    },
    stop: async () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await subscription?.stop();
      subscription = undefined;
    },
    waitFor: async (checkpoint, timeoutMs) => {
      const until = Date.now() + timeoutMs;
      while (position === 'start' || store.compareCheckpoints(position, checkpoint) < 0) {
        if (Date.now() > until) throw new Error(`feedback milestones did not reach ${checkpoint} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
};
