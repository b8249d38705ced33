/**
 * The fixed moments a referrer hears back. Each carries what the case knows at that moment, also
 * what may never be told (the assessment's content, other reports, other referrers), so the rules
 * decide visibly what leaves and what stays.
 */
export type MilestoneKind = 'report-received' | 'safety-assessment-done' | 'handed-over' | 'investigation-finished' | 'case-closed';

export const milestoneKinds: readonly MilestoneKind[] = [
  'report-received',
  'safety-assessment-done',
  'handed-over',
  'investigation-finished',
  'case-closed',
];

/** What the case knows besides this report; never part of any feedback. */
export type CaseContext = {
  otherReportCount: number;
  otherReferrers: readonly string[];
};

/** The safety assessment's findings; never part of any feedback. */
export type AssessmentContent = {
  conclusion: string;
  findings: readonly string[];
};

/** The plan's safety conditions and monitoring agreements that concern this referrer's organisation. */
export type PlanPartsForReferrer = {
  safetyConditions: readonly string[];
  monitoringAgreements: readonly string[];
};

export type Milestone = { context: CaseContext } & (
  | { kind: 'report-received'; reference: string; receivedAt: string }
  | {
      kind: 'safety-assessment-done';
      reference: string;
      endedAt: string;
      followUpStarted: boolean;
      assessment: AssessmentContent;
      plan: PlanPartsForReferrer;
    }
  | { kind: 'handed-over'; reference: string; organisations: readonly string[]; plan: PlanPartsForReferrer }
  | {
      kind: 'investigation-finished';
      reference: string;
      endedAt: string;
      followUpStarted: boolean;
      assessment: AssessmentContent;
      plan: PlanPartsForReferrer;
    }
  | { kind: 'case-closed'; reference: string }
);
