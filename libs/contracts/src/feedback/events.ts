import type { FeedbackMilestoneName } from '../cases/case-feedback';

// Stored events are contracts: explicit wire names, versioned payloads. Every message to a
// referrer is one `message-queued` event (what, to whom, when) in its case's feedback stream, and
// how its delivery ended is one more event on the same stream. Published here so the cases
// context can show the director how feedback went without reading the feedback context's code.
export const feedbackEventTypes = {
  queued: 'feedback.message-queued',
  delivered: 'feedback.message-delivered',
  refused: 'feedback.message-refused',
  failed: 'feedback.message-failed',
} as const;

export type FeedbackEventType = (typeof feedbackEventTypes)[keyof typeof feedbackEventTypes];

export const feedbackStreamPrefix = 'feedback-';

export const feedbackStreamId = (caseId: string): string => `${feedbackStreamPrefix}${caseId}`;

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
  milestone: FeedbackMilestoneName;
  channel: 'email' | 'portal' | 'phone';
  /** Null when the message is shown in the portal only (no address, or the referrer chose the portal). */
  recipientEmail: string | null;
  locale: 'nl' | 'en';
  subject: string;
  /** The composed text with the slot for the portal link: exactly what staff previewed. */
  text: string;
  /** The Dutch calendar day the feedback was due, when the milestone has a deadline. */
  dueOn: string | null;
  queuedAt: string;
  /** Staff added a personal note (absent in messages queued before it was recorded). */
  personal?: boolean;
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
