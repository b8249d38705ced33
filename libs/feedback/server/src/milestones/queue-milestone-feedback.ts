import type { EventStore, RecordedEvent, SqlCompanion } from '@ketenregie/event-store';
import { feedbackRequestedEventType, planRequestedFeedback, plannedMessageToQueue } from '@ketenregie/feedback-domain';
import type { FeedbackLocale } from '@ketenregie/feedback-domain';
import { queueFeedback } from '../queue-feedback/queue-feedback';
import type { QueueOutcome } from '../queue-feedback/queue-feedback';
import { caseMilestoneEventTypes, caseStreamPrefix, planCaseMilestones } from './case-milestones';
import type { PlannedMessage } from './case-milestones';

type Queryable = { query: (sql: string, parameters?: unknown[]) => Promise<unknown> };

export const CASE_FAMILIES_TABLE = 'feedback_case_families';

/** Which family each case with feedback belongs to: how the family's erasure finds its messages. */
const recordCaseFamily = async (db: Queryable, caseId: string, familyId: string): Promise<void> => {
  await db.query(`insert into ${CASE_FAMILIES_TABLE} (case_id, family_id) values ($1, $2) on conflict (case_id) do nothing`, [
    caseId,
    familyId,
  ]);
};

/** `recordCaseFamily` in the statement of the append of the case's message: both commit, or neither. */
const caseFamilyCompanion = (caseId: string, familyId: string): SqlCompanion => ({
  ctes: `case_family_recorded as (insert into ${CASE_FAMILIES_TABLE} (case_id, family_id)
      select $1, $2 from append_result on conflict (case_id) do nothing returning 1)`,
  values: [caseId, familyId],
});

/** Staff asked to send a milestone's feedback with a personal note (a published event of the cases context). */
export const FEEDBACK_REQUESTED = feedbackRequestedEventType;

type PlannedWithNote = PlannedMessage & { note?: string; locale?: FeedbackLocale };

const milestoneTypes = new Set<string>([...Object.values(caseMilestoneEventTypes), FEEDBACK_REQUESTED]);

/** The message staff asked for (the domain's `planRequestedFeedback`). */
const requestedMessage = (caseId: string, history: readonly RecordedEvent[], event: RecordedEvent): PlannedWithNote[] => {
  const requested = planRequestedFeedback(caseId, history, event);
  return requested ? [requested] : [];
};

/** A case event at which referrers are told something, or at which staff asked to tell them. */
export const isCaseMilestoneEvent = (event: Pick<RecordedEvent, 'type' | 'streamId'>): boolean =>
  milestoneTypes.has(event.type) && event.streamId.startsWith(caseStreamPrefix);

export type MilestoneFeedbackOptions = {
  locale: FeedbackLocale;
  /** The case's events up to at least `event`; read from the store when absent. */
  history?: readonly RecordedEvent[];
  /** Called for each message before it is queued (e.g. to record how a message of the past was delivered). */
  beforeQueue?: (planned: PlannedMessage) => Promise<void>;
  /**
   * Cases whose family row is known to be committed: their later milestones skip the insert. Only
   * for a `db` that commits each statement; the rows are never deleted (a case's family does not
   * change, and the family's erasure keeps the link to find what it erased).
   */
  recordedCaseFamilies?: Set<string>;
};

export type QueuedMilestoneFeedback = { planned: PlannedMessage; outcome: QueueOutcome };

/**
 * The feedback one case milestone calls for, queued: decides per referrer of the case's reports
 * what may be told (`planCaseMilestones`, the pure rules in `queueFeedback`) and queues each
 * message with the milestone's own moment as its `now`. The one path from a case event to
 * feedback: the milestone processor takes it for events as they happen, and a load of past
 * events (the demo region) takes it for each milestone it writes. Idempotent: the message ids
 * are derived from (case, report, milestone), so a second pass over the same event queues nothing.
 */
export const queueMilestoneFeedback = async (
  store: EventStore,
  db: Queryable,
  event: RecordedEvent,
  options: MilestoneFeedbackOptions,
): Promise<QueuedMilestoneFeedback[]> => {
  if (!isCaseMilestoneEvent(event)) return [];
  const caseId = event.streamId.slice(caseStreamPrefix.length);
  const history = options.history ?? (await store.readStream(event.streamId, { maxCount: event.revision + 1 }));
  const messages: PlannedWithNote[] =
    event.type === FEEDBACK_REQUESTED ? requestedMessage(caseId, history, event) : planCaseMilestones(caseId, history, event);
  const familyId = messages.find((message) => message.familyId)?.familyId;
  // Before or with the messages: the eraser finds a family's messages by this row. With the first
  // message's own statement where the store can, which saves a round trip per milestone.
  let familyRow = familyId && !options.recordedCaseFamilies?.has(caseId) ? caseFamilyCompanion(caseId, familyId) : undefined;
  if (familyId && familyRow && !store.appendWithCompanions) {
    await recordCaseFamily(db, caseId, familyId);
    options.recordedCaseFamilies?.add(caseId);
    familyRow = undefined;
  }
  const results: QueuedMilestoneFeedback[] = [];
  for (const planned of messages) {
    await options.beforeQueue?.(planned);
    const { queuedAt, ...message } = plannedMessageToQueue(planned, options.locale);
    const outcome = await queueFeedback(
      store,
      {
        ...message,
        metadata: {
          now: queuedAt,
          // A requested message is the requester's act; a milestone's is the system's.
          ...(event.type === FEEDBACK_REQUESTED && event.metadata.actor ? { actor: event.metadata.actor } : {}),
          ...(event.metadata.correlationId ? { correlationId: event.metadata.correlationId } : {}),
        },
      },
      familyRow ? [familyRow] : [],
    );
    // Written once its message is: an earlier try that stored the message wrote the row with it.
    if (familyRow && outcome.kind === 'queued') {
      options.recordedCaseFamilies?.add(caseId);
      familyRow = undefined;
    }
    results.push({ planned, outcome });
  }
  return results;
};
