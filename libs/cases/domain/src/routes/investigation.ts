import { addWeeks, isAfter } from '@ketenregie/kernel';
import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireRouteChoice, requireSteering, requireText, today } from '../case.guards';
import type { CasePolicy } from '../case.policy';
import type { CaseState } from '../case.state';

export type StartInvestigation = Command<'cases.start-investigation', { caseId: string; investigationId: string }>;

export type CompleteInvestigation = Command<
  'cases.complete-investigation',
  { caseId: string; investigationId: string; conclusion: string }
>;

/** Investigation (onderzoek) takes at most 10 weeks; the due date is fixed in the event. */
export const decideStartInvestigation = (command: StartInvestigation, state: CaseState, policy: CasePolicy): CaseEvent[] => {
  const opened = requireActive(state);
  const steered = requireSteering(command.metadata.actor, opened);
  requireRouteChoice(opened, 'Onderzoek starten');
  if (opened.status === 'under_investigation') throw caseErrors.invalidTransition(opened.status, 'Onderzoek starten');
  const investigationId = requireText(command.data.investigationId, 'investigationId');
  if (opened.investigations.some((investigation) => investigation.investigationId === investigationId)) {
    throw caseErrors.idInUse('investigation', 'investigationId');
  }
  const startedOn = today(command.metadata.now);
  return [
    {
      type: 'cases.investigation-started',
      schemaVersion: 1,
      data: {
        investigationId,
        startedAt: command.metadata.now.toISOString(),
        startedOn,
        dueOn: addWeeks(startedOn, policy.investigationWeeks),
        ...steered,
      },
    },
  ];
};

export const decideCompleteInvestigation = (command: CompleteInvestigation, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const investigation = opened.investigations.find((candidate) => candidate.investigationId === command.data.investigationId);
  if (!investigation) throw caseErrors.investigationNotFound();
  if (investigation.status === 'completed') throw caseErrors.investigationAlreadyCompleted();
  const completedOn = today(command.metadata.now);
  return [
    {
      type: 'cases.investigation-completed',
      schemaVersion: 1,
      data: {
        investigationId: investigation.investigationId,
        conclusion: requireText(command.data.conclusion, 'conclusion'),
        completedAt: command.metadata.now.toISOString(),
        completedOn,
        onTime: !isAfter(completedOn, investigation.dueOn),
      },
    },
  ];
};
