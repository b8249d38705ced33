import type { CaseDetail, CaseSignal } from '@ketenregie/contracts';
import type { CaseSignalRecord } from '@ketenregie/cases-domain';
import type { CalendarDate } from '@ketenregie/kernel';
import { workingDaysLeft } from '@ketenregie/kernel';
import type { CaseSummaryRow } from '../projections/case-summaries';

type OpenDeadline = CaseDetail['openDeadlines'][number];

/**
 * Deadlines still open on `today`. A passed date counts as overdue even before the scheduler
 * marked it: overdue work must be impossible to miss, whatever the scheduler's delay.
 */
export const openDeadlines = (
  row: Pick<CaseSummaryRow, 'status' | 'assessments' | 'investigations' | 'plan' | 'rappels'>,
  today: CalendarDate,
): OpenDeadline[] => {
  const closed = row.status === 'closed';
  const deadlines: OpenDeadline[] = [];
  if (!closed) {
    for (const assessment of row.assessments) {
      if (assessment.status === 'completed') continue;
      deadlines.push({
        kind: 'safety-assessment',
        id: assessment.assessmentId,
        dueOn: assessment.dueOn,
        overdue: assessment.overdue || assessment.dueOn < today,
        workingDaysLeft: workingDaysLeft(today, assessment.dueOn),
      });
    }
    for (const investigation of row.investigations) {
      if (investigation.status !== 'running') continue;
      deadlines.push({
        kind: 'investigation',
        id: investigation.investigationId,
        dueOn: investigation.dueOn,
        overdue: investigation.overdue || investigation.dueOn < today,
        workingDaysLeft: workingDaysLeft(today, investigation.dueOn),
      });
    }
    for (const condition of row.plan.safetyConditions) {
      if (condition.status !== 'open') continue;
      deadlines.push({ kind: 'safety-condition', id: condition.conditionId, dueOn: condition.dueOn, overdue: condition.dueOn < today });
    }
  }
  for (const rappel of row.rappels) {
    if (rappel.status !== 'scheduled' && rappel.status !== 'due') continue;
    deadlines.push({
      kind: 'rappel',
      id: rappel.rappelId,
      dueOn: rappel.dueOn,
      deadlineOn: rappel.deadlineOn,
      overdue: rappel.overdue || rappel.deadlineOn < today,
    });
  }
  return deadlines.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id.localeCompare(b.id)));
};

/** The register's columns case detail shows (and the as-of replay's fold gives as a row too). */
export const caseDetailColumns = [
  'case_id',
  'family_id',
  'version',
  'status',
  'phase',
  'family_label',
  'municipality',
  'household',
  'director',
  'pending_handover',
  'plan',
  'chain_partners',
  'reports',
  'advice_request_ids',
  'recidivism_flags',
  'rappels',
  'assessments',
  'investigations',
  'last_closure',
  'opened_at',
  'last_event_at',
  'signals',
] as const;

export type CaseDetailRow = Pick<CaseSummaryRow, (typeof caseDetailColumns)[number]>;

/** A signal as the case page shows it: a referrer only by their report, a partner by its organisation. */
export const caseSignalView = (signal: CaseSignalRecord): CaseSignal => ({
  signalId: signal.signalId,
  kind: signal.kind,
  source:
    signal.source.kind === 'referrer'
      ? { kind: 'referrer', reportId: signal.source.reportId }
      : {
          kind: 'chain-partner',
          organisation: { organisationId: signal.source.organisation.organisationId, name: signal.source.organisation.name },
        },
  reason: signal.reason,
  raisedAt: signal.raisedAt,
  acknowledged: signal.acknowledged,
});

/** `actions`: none by default, as for a case shown as it was (history is not acted on). */
export const caseDetail = (
  row: CaseDetailRow,
  today: CalendarDate,
  asOf?: CalendarDate,
  actions: CaseDetail['actions'] = [],
  emergencyAccess?: CaseDetail['emergencyAccess'],
): CaseDetail => ({
  caseId: row.case_id,
  familyId: row.family_id,
  version: row.version,
  ...(asOf ? { asOf } : {}),
  status: row.status,
  phase: row.phase,
  familyLabel: row.family_label,
  municipality: row.municipality,
  household: row.household,
  director: row.director,
  pendingHandover: row.pending_handover
    ? {
        handoverId: row.pending_handover.handoverId,
        kind: row.pending_handover.kind,
        from: row.pending_handover.from,
        to: row.pending_handover.to,
        reason: row.pending_handover.reason,
        phase: row.pending_handover.phase,
      }
    : null,
  plan: row.plan,
  chainPartners: row.chain_partners,
  reports: row.reports,
  adviceRequests: row.advice_request_ids.length,
  // A register built before flags kept their context has none: null rather than a guess.
  recidivismFlags: row.recidivism_flags.map((flag) => ({
    ...flag,
    earlierInvolvement: flag.earlierInvolvement ?? null,
    earlierDirector: flag.earlierDirector ?? null,
    earlierReportCount: flag.earlierReportCount ?? null,
  })),
  rappels: row.rappels,
  openDeadlines: openDeadlines(row, today),
  lastClosure: row.last_closure
    ? { outcome: row.last_closure.outcome, closedOn: row.last_closure.closedOn, director: row.last_closure.director }
    : null,
  openedAt: row.opened_at,
  lastEventAt: row.last_event_at,
  actions,
  signals: row.signals.map(caseSignalView),
  ...(emergencyAccess ? { emergencyAccess } : {}),
  feedback: [],
});
