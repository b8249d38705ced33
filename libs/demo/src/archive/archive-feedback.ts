import { feedbackEventTypes, feedbackStreamId } from '@ketenregie/contracts';
import type { DeliveryOutcome, FeedbackMilestoneName, MessageQueued, MessageSettled } from '@ketenregie/contracts';
import type { EventMetadata, EventToAppend } from '@ketenregie/event-store';
import {
  caseMilestoneEventTypes,
  feedbackRequestedEventType,
  messageToQueue,
  plannedMessageToQueue,
  milestoneMessageId,
  outcomeEventId,
  planCaseMilestones,
  planRequestedFeedback,
} from '@ketenregie/feedback-domain';
import type { CaseEventOnWire, PlannedFeedback } from '@ketenregie/feedback-domain';
import type { Random } from '../prng';

/**
 * How a mail of the archive's past ended, as the delivery worker records it: the sink writes it
 * as the worker's settled claim, so no worker ever sends history again.
 */
export type ArchiveDelivery = { messageId: string; outcome: DeliveryOutcome; attempts: number; settledAt: string };

/** A message that did not arrive, for staff to send again once it is on their worklist. */
export type FeedbackRetry = { at: number; reportId: string; milestone: FeedbackMilestoneName };

/** The note staff add when they send feedback again (personal data of no one). */
export const retryNote = 'Ons eerdere bericht over uw melding kwam niet aan. Hierbij sturen we het opnieuw.';

type Settled = { outcome: DeliveryOutcome; attempts: number; afterSeconds: number; smtpCode: number; reason: string | null };

/**
 * How the receiving server answered, in the shares the demo year uses: most accept at once, some
 * defer and accept after the worker's retries (30 s, 1, 2, 4 min), a few refuse (the address no
 * longer takes mail) or never answer (failed after six tries, about 15 minutes).
 */
const deliveryOf = (rng: Random): Settled => {
  const roll = rng.next();
  const seconds = rng.int(5, 59);
  if (roll < 0.012) return { outcome: 'refused', attempts: 1, afterSeconds: seconds, smtpCode: 550, reason: 'mailbox unavailable' };
  if (roll < 0.016) return { outcome: 'failed', attempts: 6, afterSeconds: 930 + seconds, smtpCode: 421, reason: 'service not available' };
  if (roll < 0.06) {
    const attempts = rng.int(2, 4);
    return { outcome: 'delivered', attempts, afterSeconds: [0, 30, 90, 210, 450][attempts - 1] + seconds, smtpCode: 250, reason: null };
  }
  return { outcome: 'delivered', attempts: 1, afterSeconds: seconds, smtpCode: 250, reason: null };
};

const milestoneTypes = new Set<string>([...Object.values(caseMilestoneEventTypes), feedbackRequestedEventType]);

export type ArchiveFeedbackOptions = {
  caseId: string;
  /** Its own stream of chances, so the case's events are drawn as they were without feedback. */
  rng: Random;
  /** When staff, having seen a message refused or failed on their worklist, send it again. */
  retryAfter: (settledMs: number) => number;
};

export type ArchiveFeedback = {
  /** Reads the case's events not read yet (all of `caseEvents` up to its end) and writes the feedback their milestones call for. */
  follow: (caseEvents: readonly EventToAppend[]) => void;
  /** The messages to send again before `ms` (earliest first), taken off the list. */
  retriesBefore: (ms: number) => FeedbackRetry[];
  readonly streamId: string;
  readonly events: EventToAppend[];
  readonly deliveries: ArchiveDelivery[];
};

/**
 * The feedback context's events for a case of the archive, as the live system would have written
 * them: at each milestone the messages the feedback rules give its referrers (`planCaseMilestones`,
 * composed by `messageToQueue`, under the milestone processor's ids and with its metadata), at a
 * staff request the message asked for, and after each e-mail how its delivery ended. Deterministic:
 * the case's events and the chances drawn decide it all.
 */
export const createArchiveFeedback = (options: ArchiveFeedbackOptions): ArchiveFeedback => {
  const { caseId, rng } = options;
  const onWire: CaseEventOnWire[] = [];
  const events: EventToAppend[] = [];
  const deliveries: ArchiveDelivery[] = [];
  const queued = new Set<string>();
  let retries: FeedbackRetry[] = [];

  const queue = (planned: PlannedFeedback & { messageId: string; note?: string; locale?: 'nl' | 'en' }, trigger: EventToAppend): void => {
    // The store keeps an id once: a second hand-over within one involvement tells the referrer nothing new.
    if (queued.has(planned.messageId)) return;
    const decided = messageToQueue(plannedMessageToQueue(planned, 'nl'));
    if (decided.kind === 'none') return;
    queued.add(planned.messageId);
    const message: MessageQueued = decided.message;
    // As the milestone processor queues it: a requested message is the requester's act, a milestone's the system's.
    const requester = trigger.type === feedbackRequestedEventType ? trigger.metadata?.actor : undefined;
    const metadata: EventMetadata = {
      ...(requester ? { actor: requester } : {}),
      ...(trigger.metadata?.correlationId ? { correlationId: trigger.metadata.correlationId } : {}),
      timestamp: planned.at,
    };
    events.push({ id: planned.messageId, type: feedbackEventTypes.queued, schemaVersion: 1, data: message, metadata });
    if (message.channel !== 'email') return;
    const settled = deliveryOf(rng);
    const settledMs = Date.parse(planned.at) + settled.afterSeconds * 1000;
    const at = new Date(settledMs).toISOString();
    const outcome: MessageSettled = {
      messageId: planned.messageId,
      caseId,
      attempts: settled.attempts,
      at,
      smtpCode: settled.smtpCode,
      reason: settled.reason,
    };
    events.push({
      id: outcomeEventId(planned.messageId),
      type: feedbackEventTypes[settled.outcome],
      schemaVersion: 1,
      data: outcome,
      metadata: { timestamp: at },
    });
    deliveries.push({ messageId: planned.messageId, outcome: settled.outcome, attempts: settled.attempts, settledAt: at });
    if (settled.outcome !== 'delivered') {
      retries.push({ at: options.retryAfter(settledMs), reportId: planned.reportId, milestone: message.milestone });
    }
  };

  const follow = (caseEvents: readonly EventToAppend[]): void => {
    for (let revision = onWire.length; revision < caseEvents.length; revision += 1) {
      const event = caseEvents[revision];
      const timestamp = typeof event.metadata?.timestamp === 'string' ? event.metadata.timestamp : undefined;
      const wire: CaseEventOnWire = {
        type: event.type,
        revision,
        data: event.data,
        metadata: timestamp === undefined ? {} : { timestamp },
        recordedAt: timestamp === undefined ? new Date(0) : new Date(timestamp),
      };
      onWire.push(wire);
      if (!milestoneTypes.has(event.type)) continue;
      if (event.type === feedbackRequestedEventType) {
        const requested = planRequestedFeedback(caseId, onWire, wire);
        if (requested) queue(requested, event);
        continue;
      }
      for (const planned of planCaseMilestones(caseId, onWire, wire)) {
        queue({ ...planned, messageId: milestoneMessageId(caseId, planned.reportId, planned.milestone.kind, planned.occurrence) }, event);
      }
    }
  };

  return {
    follow,
    retriesBefore: (ms) => {
      if (retries.length === 0) return [];
      const due = retries.filter((retry) => retry.at < ms).sort((a, b) => a.at - b.at);
      retries = retries.filter((retry) => retry.at >= ms);
      return due;
    },
    streamId: feedbackStreamId(caseId),
    events,
    deliveries,
  };
};
