import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireText, steeringBy } from '../case.guards';
import type { CaseState } from '../case.state';
import { requireHandoverReceiver, requirePendingHandover } from './accept-handover';

export type DeclineHandover = Command<'cases.decline-handover', { caseId: string; handoverId: string; reason: string }>;
export type WithdrawHandover = Command<'cases.withdraw-handover', { caseId: string; handoverId: string; reason: string }>;

/** A refusal needs a reason so the offering director knows what to arrange before trying again. */
export const decideDeclineHandover = (command: DeclineHandover, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const pending = requirePendingHandover(opened, command.data.handoverId);
  requireHandoverReceiver(command.metadata.actor, pending);
  const reason = requireText(command.data.reason, 'reason');
  return [
    {
      type: 'cases.handover-declined',
      schemaVersion: 1,
      data: { handoverId: pending.handoverId, reason, declinedAt: command.metadata.now.toISOString() },
    },
  ];
};

/** Withdrawing is the offering side's steering decision: the director who offered, or their team. */
export const decideWithdrawHandover = (command: WithdrawHandover, state: CaseState): CaseEvent[] => {
  const opened = requireActive(state);
  const pending = requirePendingHandover(opened, command.data.handoverId);
  const steered = steeringBy(command.metadata.actor, pending.from);
  if (!steered) throw caseErrors.notHandoverOfferer();
  const reason = requireText(command.data.reason, 'reason');
  return [
    {
      type: 'cases.handover-withdrawn',
      schemaVersion: 1,
      data: { handoverId: pending.handoverId, reason, withdrawnAt: command.metadata.now.toISOString(), ...steered },
    },
  ];
};
