import type { RecordedEvent } from '@ketenregie/event-store';
import { milestoneMessageId, planCaseMilestones as planMilestones } from '@ketenregie/feedback-domain';
import type { PlannedFeedback } from '@ketenregie/feedback-domain';

// Which messages the case's events call for is a pure rule of the feedback domain (the cases
// context previews from it too); this side gives each message its id.
export { caseMilestoneEventTypes, caseStreamPrefix, referrerOf, caseMilestoneFor, milestoneMessageId } from '@ketenregie/feedback-domain';

/** One message the case's events call for, under the id it is queued with. */
export type PlannedMessage = PlannedFeedback & { messageId: string };

/** The messages an event of a case calls for (see the domain's `planCaseMilestones`), each with its id. */
export const planCaseMilestones = (caseId: string, history: readonly RecordedEvent[], trigger: RecordedEvent): PlannedMessage[] =>
  planMilestones(caseId, history, trigger).map((planned) => ({
    ...planned,
    messageId: milestoneMessageId(caseId, planned.reportId, planned.milestone.kind, planned.occurrence),
  }));
