import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireRouteChoice, requireSteering, requireText } from '../case.guards';
import type { CaseState } from '../case.state';

export type StartConditionsAndFollowUp = Command<'cases.start-conditions-and-follow-up', { caseId: string; reason: string }>;

/** Route "voorwaarden en vervolg": Veilig Thuis sets safety conditions; a partner writes the safety plan. */
export const decideStartConditionsAndFollowUp = (command: StartConditionsAndFollowUp, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  requireRouteChoice(opened, 'Voorwaarden en vervolg starten');
  if (opened.status === 'conditions_and_follow_up') {
    throw caseErrors.invalidTransition(opened.status, 'Voorwaarden en vervolg starten');
  }
  return [
    {
      type: 'cases.conditions-and-follow-up-started',
      schemaVersion: 1,
      data: { reason: requireText(command.data.reason, 'reason'), startedAt: command.metadata.now.toISOString(), ...steered },
    },
  ];
};
