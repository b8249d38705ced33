import type { Actor } from '@ketenregie/kernel';
import type { AppendResult, EventStore } from '@ketenregie/event-store';
import { messageToQueue } from '@ketenregie/feedback-domain';
import type { FeedbackLocale, Milestone, NoFeedbackReason, Referrer } from '@ketenregie/feedback-domain';
import { feedbackEventTypes, feedbackStreamId } from '../feedback-events/feedback-events';
import type { MessageQueued } from '../feedback-events/feedback-events';

export type QueueFeedback = {
  /** Chosen by the caller, so a retried request queues the message once (idempotent append by id). */
  messageId: string;
  caseId: string;
  /** The case's family, whose key seals the message's personal fields (required by the encrypting store). */
  familyId?: string;
  reportId: string;
  referrer: Referrer;
  /** The address of a referrer with an account (the account store knows it); others carry their own. */
  accountEmail?: string;
  milestone: Milestone;
  hasPlanRole: boolean;
  locale: FeedbackLocale;
  note?: string;
  metadata: { now: string; actor?: Actor; correlationId?: string };
};

/** `channel`: as queued; `email` only with an address to mail (the delivery worker's work), else shown in the portal. */
export type QueueOutcome =
  | { kind: 'queued'; messageId: string; append: AppendResult; channel: MessageQueued['channel'] }
  | { kind: 'none'; reason: NoFeedbackReason };

/**
 * Decides what the referrer may be told, composes it from the fixed templates and records it as one
 * event. Delivery happens later, by the outbox worker; the event is the message.
 */
const queuedListeners = new Set<() => void>();

/**
 * Told each time this process queues a new message, so the delivery worker here looks at once
 * instead of at its next (rare) idle look. Returns the unsubscribe.
 */
export const onFeedbackQueued = (listener: () => void): (() => void) => {
  queuedListeners.add(listener);
  return () => queuedListeners.delete(listener);
};

export const queueFeedback = async (store: EventStore, command: QueueFeedback): Promise<QueueOutcome> => {
  const decided = messageToQueue({
    messageId: command.messageId,
    caseId: command.caseId,
    ...(command.familyId ? { familyId: command.familyId } : {}),
    reportId: command.reportId,
    referrer: command.referrer,
    ...(command.accountEmail ? { accountEmail: command.accountEmail } : {}),
    milestone: command.milestone,
    hasPlanRole: command.hasPlanRole,
    locale: command.locale,
    ...(command.note !== undefined ? { note: command.note } : {}),
    queuedAt: command.metadata.now,
  });
  if (decided.kind === 'none') return decided;
  const data: MessageQueued = decided.message;
  const append = await store.appendToStream(
    feedbackStreamId(command.caseId),
    [
      {
        id: command.messageId,
        type: feedbackEventTypes.queued,
        schemaVersion: 1,
        data,
        metadata: { actor: command.metadata.actor, correlationId: command.metadata.correlationId, timestamp: command.metadata.now },
      },
    ],
    { expectedVersion: 'any' },
  );
  if (!append.alreadyStored) for (const listener of queuedListeners) listener();
  return { kind: 'queued', messageId: command.messageId, append, channel: data.channel };
};
