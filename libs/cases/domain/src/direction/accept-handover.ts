import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, today } from '../case.guards';
import type { CaseState, OpenedCase, PendingHandover } from '../case.state';

export type AcceptHandover = Command<'cases.accept-handover', { caseId: string; handoverId: string }>;

export const requirePendingHandover = (state: OpenedCase, handoverId: string): PendingHandover => {
  const pending = state.pendingHandover;
  if (!pending || pending.handoverId !== handoverId) throw caseErrors.handoverNotPending();
  return pending;
};

/** Direction moves here and only here (or when Veilig Thuis itself takes a case back). */
export const decideAcceptHandover = (command: AcceptHandover, state: CaseState): CaseEvent[] => {
  const { metadata } = command;
  const opened = requireActive(state);
  const pending = requirePendingHandover(opened, command.data.handoverId);
  if (metadata.actor.userId !== pending.to.person.personId) throw caseErrors.notHandoverReceiver();
  const at = metadata.now.toISOString();
  const events: CaseEvent[] = [
    {
      type: 'cases.handover-accepted',
      schemaVersion: 1,
      data: {
        handoverId: pending.handoverId,
        kind: pending.kind,
        from: pending.from,
        to: pending.to,
        phase: pending.phase,
        acceptedAt: at,
        acceptedOn: today(metadata.now),
      },
    },
  ];
  if (pending.kind === 'escalation') {
    events.push({
      type: 'cases.case-escalated',
      schemaVersion: 1,
      data: {
        reason: pending.reason,
        phase: pending.phase,
        from: pending.from,
        to: pending.to,
        trigger: 'handover-accepted',
        handoverId: pending.handoverId,
        escalatedAt: at,
      },
    });
  }
  return events;
};
