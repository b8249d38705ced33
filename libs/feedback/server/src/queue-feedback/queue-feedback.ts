import type { Actor } from '@ketenregie/kernel';
import type { AppendResult, EventStore, EventToAppend, SqlCompanion } from '@ketenregie/event-store';
import { messageToQueue } from '@ketenregie/feedback-domain';
import type { MessageToQueue, NoFeedbackReason } from '@ketenregie/feedback-domain';
import { feedbackEventTypes, feedbackStreamId } from '../feedback-events/feedback-events';
import type { MessageQueued } from '../feedback-events/feedback-events';

/** The message to queue (`messageId` chosen by the caller, so a retried request queues it once: idempotent append by id), and who queued it when. */
export type QueueFeedback = Omit<MessageToQueue, 'queuedAt'> & {
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

/**
 * `companions`: rows to write in the append's own statement (`SqlCompanion`), only where the store
 * offers that (`appendWithCompanions`); the caller writes them otherwise.
 */
export const queueFeedback = async (store: EventStore, command: QueueFeedback, companions: SqlCompanion[] = []): Promise<QueueOutcome> => {
  const { metadata, ...message } = command;
  const decided = messageToQueue({ ...message, queuedAt: metadata.now });
  if (decided.kind === 'none') return decided;
  const data: MessageQueued = decided.message;
  const streamId = feedbackStreamId(command.caseId);
  const events: EventToAppend[] = [
    {
      id: command.messageId,
      type: feedbackEventTypes.queued,
      schemaVersion: 1,
      data,
      metadata: { actor: command.metadata.actor, correlationId: command.metadata.correlationId, timestamp: command.metadata.now },
    },
  ];
  const append =
    companions.length > 0 && store.appendWithCompanions
      ? await store.appendWithCompanions(streamId, events, { expectedVersion: 'any' }, companions)
      : await store.appendToStream(streamId, events, { expectedVersion: 'any' });
  if (!append.alreadyStored) for (const listener of queuedListeners) listener();
  return { kind: 'queued', messageId: command.messageId, append, channel: data.channel };
};
