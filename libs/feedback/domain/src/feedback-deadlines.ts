import { toAmsterdamDate } from '@ketenregie/kernel';
import type { CalendarDate } from '@ketenregie/kernel';
import type { Milestone } from './milestone';

/**
 * Feedback after the safety assessment is due when the assessment ends, and after an
 * investigation when it ends (Wmo 2015 art. 4.1.1, Handelingsprotocol): on the Dutch calendar day
 * it ended. The other milestones have no legal deadline.
 */
export const feedbackDueOn = (milestone: Milestone): CalendarDate | undefined =>
  milestone.kind === 'safety-assessment-done' || milestone.kind === 'investigation-finished'
    ? toAmsterdamDate(new Date(milestone.endedAt))
    : undefined;

export type FeedbackTimeliness = 'on-time' | 'late' | 'due' | 'overdue';

/** Sent on or before the due day is on time; not sent after it is overdue (the director's worklist shows it). */
export const feedbackTimeliness = (dueOn: CalendarDate, sentAt: string | undefined, now: string): FeedbackTimeliness => {
  if (sentAt !== undefined) return toAmsterdamDate(new Date(sentAt)) <= dueOn ? 'on-time' : 'late';
  return toAmsterdamDate(new Date(now)) <= dueOn ? 'due' : 'overdue';
};
