import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireNoPendingHandover, today } from '../case.guards';
import type { CaseState } from '../case.state';
import { openAssessment, runningInvestigation } from '../case.state';
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

/** Before an assessment is done a case cannot end: every report must be assessed (Wmo art. 4.1.1). */
const closableStatuses: readonly CaseStatus[] = [
  'advice',
  'in_safety_assessment',
  'escalated',
  'conditions_and_follow_up',
  'under_investigation',
  'referred_to_child_protection',
  'handed_over',
  'monitoring',
  'de_escalated',
];

/**
 * Einde bemoeienis. Open rappels lapse with the case. Unacknowledged recidivism flags block closing,
 * so a repeat report can never be closed without the director having seen it.
 */
export const decideCloseCase = (command: CloseCase, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  requireNoPendingHandover(opened);
  if (openAssessment(opened)) throw caseErrors.assessmentNotCompleted();
  if (runningInvestigation(opened)) throw caseErrors.investigationNotCompleted();
  if (!closableStatuses.includes(opened.status)) throw caseErrors.invalidTransition(opened.status, 'Sluiten');
  if (opened.recidivismFlags.some((flag) => !flag.acknowledged)) throw caseErrors.flagsUnacknowledged();
  if (!outcomes.includes(data.outcome)) throw caseErrors.required('outcome');
  return [
    {
      type: 'cases.case-closed',
      schemaVersion: 1,
      data: {
        outcome: data.outcome,
        notes: (data.notes ?? '').trim(),
        director: opened.director,
        closedAt: metadata.now.toISOString(),
        closedOn: today(metadata.now),
      },
    },
  ];
};
