import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireText } from '../case.guards';
import type { CaseState } from '../case.state';
import { openAssessment } from '../case.state';

export type RegisterAcuteUnsafety = Command<'cases.register-acute-unsafety', { caseId: string; measures: string }>;

/** Acute unsafety at intake: immediate measures come first, the full assessment follows. */
export const decideRegisterAcuteUnsafety = (command: RegisterAcuteUnsafety, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const assessment = openAssessment(opened);
  if (opened.status !== 'received' || !assessment) {
    throw caseErrors.invalidTransition(opened.status, 'Acute onveiligheid vastleggen');
  }
  return [
    {
      type: 'cases.acute-unsafety-registered',
      schemaVersion: 1,
      data: {
        assessmentId: assessment.assessmentId,
        measures: requireText(command.data.measures, 'measures'),
        registeredAt: command.metadata.now.toISOString(),
      },
    },
  ];
};
