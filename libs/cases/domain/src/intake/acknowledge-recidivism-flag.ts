import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireOpened } from '../case.guards';
import type { CaseState } from '../case.state';

export type AcknowledgeRecidivismFlag = Command<'cases.acknowledge-recidivism-flag', { caseId: string; flagId: string }>;

/** Only the director in person: the point of the flag is that the accountable person has seen it. */
export const decideAcknowledgeRecidivismFlag = (command: AcknowledgeRecidivismFlag, state: CaseState): CaseEvent[] => {
  const opened = requireOpened(state);
  const flag = opened.recidivismFlags.find((candidate) => candidate.flagId === command.data.flagId);
  if (!flag) throw caseErrors.flagNotFound();
  if (flag.acknowledged) throw caseErrors.flagAlreadyAcknowledged();
  if (command.metadata.actor.userId !== opened.director.person.personId) throw caseErrors.notDirectorInPerson(opened.director);
  return [
    {
      type: 'cases.recidivism-flag-acknowledged',
      schemaVersion: 1,
      data: {
        flagId: flag.flagId,
        acknowledgedBy: opened.director.person,
        acknowledgedAt: command.metadata.now.toISOString(),
      },
    },
  ];
};
