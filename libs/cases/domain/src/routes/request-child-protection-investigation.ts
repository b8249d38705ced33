import type { Command } from '@ketenregie/kernel';
import type { CaseEvent } from '../case.events';
import { requireActive, requireRouteChoice, requireSteering, requireText } from '../case.guards';
import type { CaseState } from '../case.state';

export type RequestChildProtectionInvestigation = Command<
  'cases.request-child-protection-investigation',
  { caseId: string; reason: string }
>;

/** Verzoek tot onderzoek bij de Raad voor de Kinderbescherming. */
export const decideRequestChildProtectionInvestigation = (command: RequestChildProtectionInvestigation, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  requireRouteChoice(opened, 'Verzoek tot onderzoek bij de Raad');
  return [
    {
      type: 'cases.child-protection-investigation-requested',
      schemaVersion: 1,
      data: { reason: requireText(command.data.reason, 'reason'), requestedAt: command.metadata.now.toISOString(), ...steered },
    },
  ];
};
