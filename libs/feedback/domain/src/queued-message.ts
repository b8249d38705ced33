import { deliveryChannelOf, recipientEmailOf } from './delivery-channel';
import { feedbackDueOn } from './feedback-deadlines';
import { decideFeedback } from './feedback-rules';
import type { NoFeedbackReason } from './feedback-rules';
import type { Milestone, MilestoneKind } from './milestone';
import { checkPersonalNote, composeFeedback } from './personal-note';
import type { FeedbackChannel, Referrer } from './referrer';
import type { FeedbackLocale } from './templates';
import type { PlannedFeedback } from './case-milestones';

export type MessageToQueue = {
  messageId: string;
  caseId: string;
  /** The case's family, whose key seals the message's personal fields. */
  familyId?: string;
  reportId: string;
  referrer: Referrer;
  /** The address of a referrer with an account (the account store knows it); others carry their own. */
  accountEmail?: string;
  milestone: Milestone;
  hasPlanRole: boolean;
  locale: FeedbackLocale;
  note?: string;
  /** The moment the message is queued: the milestone's own, or the request's. */
  queuedAt: string;
};

/**
 * The message a planned one asks to queue, at the milestone's own moment: how the milestone
 * processor queues it, and how the archive writes what it would have queued.
 */
export const plannedMessageToQueue = (
  planned: PlannedFeedback & { messageId: string; note?: string; locale?: FeedbackLocale },
  locale: FeedbackLocale,
): MessageToQueue => ({
  messageId: planned.messageId,
  caseId: planned.caseId,
  ...(planned.familyId ? { familyId: planned.familyId } : {}),
  reportId: planned.reportId,
  referrer: planned.referrer,
  ...(planned.accountEmail ? { accountEmail: planned.accountEmail } : {}),
  milestone: planned.milestone,
  hasPlanRole: planned.hasPlanRole,
  locale: planned.locale ?? locale,
  ...(planned.note ? { note: planned.note } : {}),
  queuedAt: planned.at,
});

/**
 * A message as the feedback context stores it (the payload of `feedback.message-queued`, whose
 * wire shape the contracts publish; the server stores this value under that type, so the two
 * cannot drift apart without the compiler saying so).
 */
export type QueuedMessage = {
  messageId: string;
  caseId: string;
  familyId?: string;
  reportId: string;
  milestone: MilestoneKind;
  channel: FeedbackChannel;
  /** Null when the message is shown in the portal only (no address, or the referrer chose the portal or a call). */
  recipientEmail: string | null;
  locale: FeedbackLocale;
  subject: string;
  /** The composed text with the slot for the portal link. */
  text: string;
  dueOn: string | null;
  queuedAt: string;
  personal: boolean;
};

export type MessageDecision = { kind: 'queued'; message: QueuedMessage } | { kind: 'none'; reason: NoFeedbackReason };

/**
 * What the referrer may be told at the milestone, composed from the fixed templates into the one
 * message that is stored: the single way a message is made, whether the milestone happens now or
 * a history of past milestones is written.
 */
export const messageToQueue = (input: MessageToQueue): MessageDecision => {
  const decision = decideFeedback({ referrer: input.referrer, milestone: input.milestone, hasPlanRole: input.hasPlanRole });
  if (decision.kind === 'none') return { kind: 'none', reason: decision.reason };
  const { subject, text } = composeFeedback({ decision, locale: input.locale, note: input.note });
  const email = recipientEmailOf(input.referrer, input.accountEmail);
  const channel = deliveryChannelOf(decision.channel, email);
  const checked = checkPersonalNote(input.note);
  return {
    kind: 'queued',
    message: {
      messageId: input.messageId,
      caseId: input.caseId,
      ...(input.familyId ? { familyId: input.familyId } : {}),
      reportId: input.reportId,
      milestone: decision.milestone,
      channel,
      recipientEmail: channel === 'email' ? (email ?? null) : null,
      locale: input.locale,
      subject,
      text,
      dueOn: feedbackDueOn(input.milestone) ?? null,
      queuedAt: input.queuedAt,
      personal: checked.ok && checked.note !== undefined,
    },
  };
};
