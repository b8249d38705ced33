import type { PersonalDataRegistry } from '@ketenregie/access-contracts';
import { feedbackEventTypes } from '@ketenregie/contracts';

// The wire names and payloads are published in the contracts, so the cases context can show the
// director how feedback went; they are re-exported here for this context's own code.
export { feedbackEventTypes, feedbackStreamId, feedbackStreamPrefix } from '@ketenregie/contracts';
export type { DeliveryOutcome, FeedbackEventType, MessageQueued, MessageSettled } from '@ketenregie/contracts';

// The outcome event's id is derived in the domain, where a history written elsewhere derives it too.
export { outcomeEventId } from '@ketenregie/feedback-domain';

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
