import type { CaseDetail } from '@ketenregie/contracts';
import type { CalendarDate } from '@ketenregie/kernel';
import type { OpenedCase } from '@ketenregie/cases-domain';
import { familyLabel } from '../projections/case-record';

type OpenDeadline = CaseDetail['openDeadlines'][number];

/**
 * Deadlines still open on `today`. A passed date counts as overdue even before the scheduler
 * marked it: overdue work must be impossible to miss, whatever the scheduler's delay.
 */
export const openDeadlines = (state: OpenedCase, today: CalendarDate): OpenDeadline[] => {
  const closed = state.status === 'closed';
  const deadlines: OpenDeadline[] = [];
  if (!closed) {
    for (const assessment of state.assessments) {
      if (assessment.status === 'completed') continue;
      deadlines.push({
        kind: 'safety-assessment',
        id: assessment.assessmentId,
        dueOn: assessment.dueOn,
        overdue: assessment.overdue || assessment.dueOn < today,
      });
    }
    for (const investigation of state.investigations) {
      if (investigation.status !== 'running') continue;
      deadlines.push({
        kind: 'investigation',
        id: investigation.investigationId,
        dueOn: investigation.dueOn,
        overdue: investigation.overdue || investigation.dueOn < today,
      });
    }
    for (const condition of state.plan.safetyConditions) {
      if (condition.status !== 'open') continue;
      deadlines.push({ kind: 'safety-condition', id: condition.conditionId, dueOn: condition.dueOn, overdue: condition.dueOn < today });
    }
  }
  for (const rappel of state.rappels) {
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

export type CaseDetailSource = {
  state: OpenedCase;
  version: number;
  openedAt: string;
  lastEventAt: string;
};

export const caseDetail = (source: CaseDetailSource, today: CalendarDate, asOf?: CalendarDate): CaseDetail => {
  const { state } = source;
  return {
    caseId: state.caseId,
    familyId: state.familyId,
    version: source.version,
    ...(asOf ? { asOf } : {}),
    status: state.status,
    phase: state.phase,
    familyLabel: familyLabel(state.household),
    municipality: state.household.address.municipality,
    household: state.household,
    director: state.director,
    pendingHandover: state.pendingHandover
      ? {
          handoverId: state.pendingHandover.handoverId,
          kind: state.pendingHandover.kind,
          from: state.pendingHandover.from,
          to: state.pendingHandover.to,
          reason: state.pendingHandover.reason,
          phase: state.pendingHandover.phase,
        }
      : null,
    plan: state.plan,
    chainPartners: state.chainPartners,
    reports: state.reports,
    adviceRequests: state.adviceRequestIds.length,
    // A register built before flags kept their context has none: null rather than a guess.
    recidivismFlags: state.recidivismFlags.map((flag) => ({
      ...flag,
      earlierInvolvement: flag.earlierInvolvement ?? null,
      earlierDirector: flag.earlierDirector ?? null,
      earlierReportCount: flag.earlierReportCount ?? null,
    })),
    rappels: state.rappels,
    openDeadlines: openDeadlines(state, today),
    lastClosure: state.lastClosure
      ? { outcome: state.lastClosure.outcome, closedOn: state.lastClosure.closedOn, director: state.lastClosure.director }
      : null,
    openedAt: source.openedAt,
    lastEventAt: source.lastEventAt,
  };
};
