import type { Milestone, MilestoneKind, PlanPartsForReferrer } from '../milestone';
import type { Referrer, ReferrerKind } from '../referrer';

// Every milestone carries content that must never leave: its strings are searched for in the
// rendered messages.
export const secretAssessment = { conclusion: 'ASSESSMENT-CONCLUSION', findings: ['ASSESSMENT-FINDING'] };
export const context = { otherReportCount: 2, otherReferrers: ['OTHER-REFERRER'] };
export const plan: PlanPartsForReferrer = {
  safetyConditions: ['School meldt afwezigheid binnen een dag'],
  monitoringAgreements: ['School geeft elke maand een update'],
};

export const milestone = (kind: MilestoneKind): Milestone => {
  switch (kind) {
    case 'report-received':
      return { kind, reference: 'VT-2026-00042', receivedAt: '2026-03-02T09:00:00Z', context };
    case 'safety-assessment-done':
      return {
        kind,
        reference: 'VT-2026-00042',
        endedAt: '2026-03-06T15:00:00Z',
        followUpStarted: true,
        assessment: secretAssessment,
        plan,
        context,
      };
    case 'handed-over':
      return { kind, reference: 'VT-2026-00042', organisations: ['Team Sociaal Gorinchem'], plan, context };
    case 'investigation-finished':
      return {
        kind,
        reference: 'VT-2026-00042',
        endedAt: '2026-05-11T10:00:00Z',
        followUpStarted: false,
        assessment: secretAssessment,
        plan,
        context,
      };
    case 'case-closed':
      return { kind, reference: 'VT-2026-00042', context };
  }
};

export const referrer = (kind: ReferrerKind, overrides: Partial<Pick<Referrer, 'namingEndangers' | 'feedback'>> = {}): Referrer => {
  const base = { namingEndangers: false, feedback: { kind: 'granted' as const, channel: 'email' as const }, ...overrides };
  switch (kind) {
    case 'directory-professional':
      return { ...base, kind, organisationId: 'school-de-linde', account: { kind: 'invite', email: 'juf@delinde.example' } };
    case 'outside-professional':
      return { ...base, kind, name: 'H. de Huisarts', organisation: 'Praktijk Centrum', email: 'huisarts@example.nl' };
    case 'citizen':
      return { ...base, kind, name: 'Buurman', email: 'buur@example.nl' };
    case 'informant':
      return { ...base, kind };
  }
};
