import { createHash } from 'node:crypto';
import type { PersonalDataRegistry } from '@ketenregie/access-contracts';
import type { FeedbackChannel, FeedbackLocale, MilestoneKind } from '@ketenregie/feedback-domain';

// Stored events are contracts: explicit wire names, versioned payloads. Every message to a
// referrer is one `message-queued` event (what, to whom, when) in its case's feedback stream, and
// how its delivery ended is one more event on the same stream.
export const feedbackEventTypes = {
  queued: 'feedback.message-queued',
  delivered: 'feedback.message-delivered',
  refused: 'feedback.message-refused',
  failed: 'feedback.message-failed',
} as const;

export type FeedbackEventType = (typeof feedbackEventTypes)[keyof typeof feedbackEventTypes];

export const feedbackStreamId = (caseId: string): string => `feedback-${caseId}`;

export type MessageQueued = {
  messageId: string;
  caseId: string;
  /**
   * The family of the case: its key seals the recipient and the text (see
   * `feedbackPersonalDataRegistry`), so erasing the family erases them. Absent only in events
   * stored without the encrypting store (delivery tests and benchmarks).
   */
  familyId?: string;
  reportId: string;
  milestone: MilestoneKind;
  channel: FeedbackChannel;
  /** Null when the message is shown in the portal only (no address, or the referrer chose the portal). */
  recipientEmail: string | null;
  locale: FeedbackLocale;
  subject: string;
  /** The composed text with the slot for the portal link: exactly what staff previewed. */
  text: string;
  /** The Dutch calendar day the feedback was due, when the milestone has a deadline. */
  dueOn: string | null;
  queuedAt: string;
};

export type DeliveryOutcome = 'delivered' | 'refused' | 'failed';

/** How a delivery ended. `smtpCode` and `reason` describe the receiving server's answer, never the message. */
export type MessageSettled = {
  messageId: string;
  caseId: string;
  attempts: number;
  at: string;
  smtpCode: number | null;
  reason: string | null;
};

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
