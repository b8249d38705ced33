import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive } from '../case.guards';
import type { Assessment, CaseState, OpenedCase } from '../case.state';

export type StartSafetyAssessment = Command<'cases.start-safety-assessment', { caseId: string; assessmentId: string }>;

export const findAssessment = (state: OpenedCase, assessmentId: string): Assessment => {
  const assessment = state.assessments.find((candidate) => candidate.assessmentId === assessmentId);
  if (!assessment) throw caseErrors.assessmentNotFound();
  return assessment;
};

export const decideStartSafetyAssessment = (command: StartSafetyAssessment, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const assessment = findAssessment(opened, command.data.assessmentId);
  if (assessment.status === 'completed') throw caseErrors.assessmentAlreadyCompleted();
  if (assessment.status === 'started') throw caseErrors.assessmentAlreadyStarted();
  return [
    {
      type: 'cases.safety-assessment-started',
      schemaVersion: 1,
      data: { assessmentId: assessment.assessmentId, startedAt: command.metadata.now.toISOString() },
    },
  ];
};
