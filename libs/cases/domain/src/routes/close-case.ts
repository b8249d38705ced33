import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireNoPendingHandover, requireSteering, today } from '../case.guards';
import type { CaseState, OpenedCase } from '../case.state';
import { latestAssessment, openAssessment, runningInvestigation } from '../case.state';
import type { CaseStatus, ClosureOutcome } from '../case.types';

export type CloseCase = Command<'cases.close-case', { caseId: string; outcome: ClosureOutcome; notes: string }>;

const outcomes: readonly ClosureOutcome[] = [
  'no-unsafety-found',
  'safety-established',
  'continued-in-voluntary-care',
  'child-protection-measure',
  'advice-given',
  'other',
];

/**
 * Before an assessment is done a case cannot end: every report must be assessed (Wmo art. 4.1.1).
 * `advice` is the one status without one: a case that holds only advice requests has no report
 * to assess, and closing it ends the consultation, not an involvement (ADR 0008).
 */
const closableStatuses: readonly CaseStatus[] = [
  'advice',
  'assessed',
  'escalated',
  'conditions_and_follow_up',
  'under_investigation',
  'referred_to_child_protection',
  'handed_over',
  'monitoring',
  'de_escalated',
];

/**
 * Statuses in which no route follows the latest assessment: it is recorded and nothing was chosen
 * yet (`assessed`), or Veilig Thuis took direction back and has not chosen again (`escalated`).
 */
const withoutRoute: readonly CaseStatus[] = ['assessed', 'escalated'];

/** An advice request is a consultation: it ends with the advice given (or, rarely, otherwise). */
const adviceOutcomes: readonly ClosureOutcome[] = ['advice-given', 'other'];

const foundUnsafety = (state: OpenedCase): boolean => {
  const assessment = latestAssessment(state);
  return assessment?.status === 'completed' && (assessment.acuteUnsafety === true || assessment.structuralUnsafety === true);
};

/**
 * Einde bemoeienis, a steering decision (ADR 0008). Open rappels lapse with the case. Unacknowledged
 * recidivism flags block closing, so a repeat report can never be closed without the director
 * having seen it. A family found unsafe is not left without a route unless the director records why.
 */
export const decideCloseCase = (command: CloseCase, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const steered = requireSteering(metadata.actor, opened);
  requireNoPendingHandover(opened);
  if (openAssessment(opened)) throw caseErrors.assessmentNotCompleted();
  if (runningInvestigation(opened)) throw caseErrors.investigationNotCompleted();
  if (!closableStatuses.includes(opened.status)) throw caseErrors.invalidTransition(opened.status, 'Sluiten');
  if (opened.recidivismFlags.some((flag) => !flag.acknowledged)) throw caseErrors.flagsUnacknowledged();
  if (!outcomes.includes(data.outcome)) throw caseErrors.required('outcome');
  const advice = opened.status === 'advice';
  const unsafe = !advice && foundUnsafety(opened);
  const fitting = advice
    ? adviceOutcomes.includes(data.outcome)
    : data.outcome !== 'advice-given' && !(unsafe && data.outcome === 'no-unsafety-found');
  if (!fitting) {
    throw caseErrors.closureOutcomeNotFitting(advice);
  }
  const notes = (data.notes ?? '').trim();
  if (unsafe && withoutRoute.includes(opened.status) && notes === '') throw caseErrors.closingReasonRequired();
  return [
    {
      type: 'cases.case-closed',
      schemaVersion: 1,
      data: {
        outcome: data.outcome,
        notes,
        director: opened.director,
        closedAt: metadata.now.toISOString(),
        closedOn: today(metadata.now),
        ...steered,
      },
    },
  ];
};
