import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@ketenregie/event-store';
import { planCaseMilestones as planMilestones } from '@ketenregie/feedback-domain';
import type { MilestoneKind, PlannedFeedback } from '@ketenregie/feedback-domain';

// Which messages the case's events call for is a pure rule of the feedback domain (the cases
// context previews from it too); this side gives each message its id.
export { caseMilestoneEventTypes, caseStreamPrefix, referrerOf, caseMilestoneFor } from '@ketenregie/feedback-domain';

/** One message the case's events call for, under the id it is queued with. */
export type PlannedMessage = PlannedFeedback & { messageId: string };

/**
 * The message id of a report's feedback at a milestone, the same in every process and on every
 * replay: the store appends an event id once, so a milestone is queued once per report however
 * often its case events are read again.
 */
export const milestoneMessageId = (caseId: string, reportId: string, milestone: MilestoneKind): string => {
  const hex = createHash('sha256').update(`ketenregie:feedback-milestone:${caseId}:${reportId}:${milestone}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** The messages an event of a case calls for (see the domain's `planCaseMilestones`), each with its id. */
export const planCaseMilestones = (caseId: string, history: readonly RecordedEvent[], trigger: RecordedEvent): PlannedMessage[] =>
  planMilestones(caseId, history, trigger).map((planned) => ({
    ...planned,
    messageId: milestoneMessageId(caseId, planned.reportId, planned.milestone.kind),
  }));
