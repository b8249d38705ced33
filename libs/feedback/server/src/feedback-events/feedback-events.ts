import { createHash } from 'node:crypto';
import type { PersonalDataRegistry } from '@ketenregie/access-contracts';
import { feedbackEventTypes } from '@ketenregie/contracts';

// The wire names and payloads are published in the contracts, so the cases context can show the
// director how feedback went; they are re-exported here for this context's own code.
export { feedbackEventTypes, feedbackStreamId, feedbackStreamPrefix } from '@ketenregie/contracts';
export type { DeliveryOutcome, FeedbackEventType, MessageQueued, MessageSettled } from '@ketenregie/contracts';

/**
 * The id of a message's outcome event, the same from every process: two processes that both
 * record an outcome append the same event once (the store's idempotent append).
 */
export const outcomeEventId = (messageId: string): string => {
  const hex = createHash('sha256').update(`ketenregie:feedback-outcome:${messageId}`).digest('hex');
  // A version-5-shaped UUID (name-based), so the id fits the store's uuid column.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * For the encrypting event store: a queued message's recipient and text are the family's personal
 * data (the referrer's address, the organisations and conditions the milestone tells), sealed with
 * the family's key. An event without its family is refused, never stored in plain text.
 */
export const feedbackPersonalDataRegistry: PersonalDataRegistry = {
  [feedbackEventTypes.queued]: {
    familyId: (data) => (typeof data['familyId'] === 'string' && data['familyId'] !== '' ? data['familyId'] : undefined),
    personalFields: ['recipientEmail', 'subject', 'text'],
  },
};
