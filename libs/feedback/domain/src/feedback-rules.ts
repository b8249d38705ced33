import type { Milestone, MilestoneKind, PlanPartsForReferrer } from './milestone';
import type { FeedbackChannel, Referrer } from './referrer';
import { isProfessional } from './referrer';

/** One thing a feedback message says. Only these can reach a referrer. */
export type FeedbackItem =
  | { item: 'report-reference'; reference: string }
  | { item: 'follow-up-decision'; started: boolean }
  | { item: 'handed-over-to'; organisations: readonly string[] }
  | { item: 'investigation-finished' }
  | { item: 'case-closed' }
  | { item: 'safety-conditions'; conditions: readonly string[] }
  | { item: 'monitoring-agreements'; agreements: readonly string[] }
  | { item: 'not-named-to-family' };

export type FeedbackItemName = FeedbackItem['item'];

/** What the case knew at the milestone and the message leaves out. */
export type WithheldItem =
  | 'assessment-content'
  | 'other-reports'
  | 'other-referrers'
  | 'report-reference'
  | 'handed-over-to'
  | 'safety-conditions'
  | 'monitoring-agreements';

export type NoFeedbackReason = 'informant' | 'no-consent' | 'not-for-citizens';

export type FeedbackDecision =
  | {
      kind: 'send';
      milestone: MilestoneKind;
      channel: FeedbackChannel;
      items: FeedbackItem[];
      withheld: WithheldItem[];
    }
  | { kind: 'none'; milestone: MilestoneKind; reason: NoFeedbackReason; withheld: WithheldItem[] };

export type FeedbackQuestion = {
  referrer: Referrer;
  milestone: Milestone;
  /** Whether the referrer's organisation has a task in the case's plan. */
  hasPlanRole: boolean;
};

/** Everything the milestone knows that could be told, before the rules pick. */
const knownAtMilestone = (milestone: Milestone): WithheldItem[] => {
  const known: WithheldItem[] = [];
  if ('assessment' in milestone) known.push('assessment-content');
  if (milestone.context.otherReportCount > 0) known.push('other-reports');
  if (milestone.context.otherReferrers.length > 0) known.push('other-referrers');
  known.push('report-reference');
  if (milestone.kind === 'handed-over') known.push('handed-over-to');
  if ('plan' in milestone && milestone.plan.safetyConditions.length > 0) known.push('safety-conditions');
  if ('plan' in milestone && milestone.plan.monitoringAgreements.length > 0) known.push('monitoring-agreements');
  return known;
};

const planItems = (plan: PlanPartsForReferrer): FeedbackItem[] => [
  ...(plan.safetyConditions.length > 0 ? [{ item: 'safety-conditions' as const, conditions: plan.safetyConditions }] : []),
  ...(plan.monitoringAgreements.length > 0 ? [{ item: 'monitoring-agreements' as const, agreements: plan.monitoringAgreements }] : []),
];

/** What a professional referrer is told at each milestone (Wmo 2015 art. 4.1.1, Handelingsprotocol). */
const professionalItems = (milestone: Milestone, hasPlanRole: boolean): FeedbackItem[] => {
  const reference: FeedbackItem = { item: 'report-reference', reference: milestone.reference };
  // Conditions and monitoring agreements reach only a referrer who has a task in the plan.
  const plan = (parts: PlanPartsForReferrer): FeedbackItem[] => (hasPlanRole ? planItems(parts) : []);
  switch (milestone.kind) {
    case 'report-received':
      return [reference];
    case 'safety-assessment-done':
      return [reference, { item: 'follow-up-decision', started: milestone.followUpStarted }, ...plan(milestone.plan)];
    case 'handed-over':
      return [reference, { item: 'handed-over-to', organisations: milestone.organisations }, ...plan(milestone.plan)];
    case 'investigation-finished':
      return [
        reference,
        { item: 'investigation-finished' },
        { item: 'follow-up-decision', started: milestone.followUpStarted },
        ...plan(milestone.plan),
      ];
    case 'case-closed':
      return [reference, { item: 'case-closed' }];
    default: {
      const unknown: never = milestone;
      throw new Error(`unknown milestone ${JSON.stringify(unknown)}`);
    }
  }
};

/** A citizen hears only the decision on follow-up, nothing about who else is involved or how. */
const citizenItems = (milestone: Milestone): FeedbackItem[] =>
  milestone.kind === 'safety-assessment-done' || milestone.kind === 'investigation-finished'
    ? [{ item: 'follow-up-decision', started: milestone.followUpStarted }]
    : [];

const told = (items: readonly FeedbackItem[]): Set<string> => {
  const names = new Set<string>(items.map((item) => item.item));
  return names;
};

/**
 * The rules for feedback to a referrer: what a message at this milestone includes, and what the
 * case knew but the message leaves out. Pure; the server renders the items with the fixed template
 * set and never adds to them.
 */
export const decideFeedback = ({ referrer, milestone, hasPlanRole }: FeedbackQuestion): FeedbackDecision => {
  const known = knownAtMilestone(milestone);
  if (referrer.kind === 'informant') return { kind: 'none', milestone: milestone.kind, reason: 'informant', withheld: known };
  if (referrer.feedback.kind === 'declined') return { kind: 'none', milestone: milestone.kind, reason: 'no-consent', withheld: known };
  const items = isProfessional(referrer) ? professionalItems(milestone, hasPlanRole) : citizenItems(milestone);
  if (items.length === 0) return { kind: 'none', milestone: milestone.kind, reason: 'not-for-citizens', withheld: known };
  // Says that the family will not hear the referrer's name, which is what a referrer in danger needs to know.
  if (referrer.namingEndangers) items.push({ item: 'not-named-to-family' });
  const names = told(items);
  return {
    kind: 'send',
    milestone: milestone.kind,
    channel: referrer.feedback.channel,
    items,
    withheld: known.filter((item) => !names.has(item)),
  };
};
