import { isAfter } from '@ketenregie/kernel';
import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, today } from '../case.guards';
import type { CaseState } from '../case.state';
import { findAssessment } from './start-safety-assessment';

export type CompleteSafetyAssessment = Command<
  'cases.complete-safety-assessment',
  { caseId: string; assessmentId: string; acuteUnsafety: boolean; structuralUnsafety: boolean }
>;

/**
 * Records the outcome only; the route is a separate decision. `onTime` is stored so the monitor's
 * "share on time" never depends on re-running deadline math with a later holiday table.
 */
export const decideCompleteSafetyAssessment = (command: CompleteSafetyAssessment, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const assessment = findAssessment(opened, data.assessmentId);
  if (assessment.status === 'completed') throw caseErrors.assessmentAlreadyCompleted();
  if (assessment.status === 'pending') throw caseErrors.assessmentNotStarted();
  if (typeof data.acuteUnsafety !== 'boolean') throw caseErrors.required('acuteUnsafety');
  if (typeof data.structuralUnsafety !== 'boolean') throw caseErrors.required('structuralUnsafety');
  const completedOn = today(metadata.now);
  return [
    {
      type: 'cases.safety-assessment-completed',
      schemaVersion: 1,
      data: {
        assessmentId: assessment.assessmentId,
        acuteUnsafety: data.acuteUnsafety,
        structuralUnsafety: data.structuralUnsafety,
        completedAt: metadata.now.toISOString(),
        completedOn,
        dueOn: assessment.dueOn,
        onTime: !isAfter(completedOn, assessment.dueOn),
      },
    },
  ];
};
