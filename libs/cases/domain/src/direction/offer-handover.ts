import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import {
  requireActive,
  requireNoPendingHandover,
  requireRouteChoice,
  requireSteering,
  requireText,
  validateReceiver,
} from '../case.guards';
import type { CaseState, OpenedCase } from '../case.state';
import type { CaseStatus, HandoverReceiver, Phase } from '../case.types';
import { handoverKind } from './handover-kind';

export type OfferHandover = Command<
  'cases.offer-handover',
  { caseId: string; handoverId: string; to: HandoverReceiver; reason: string; phase: Phase }
>;

const phases: readonly Phase[] = ['immediate-safety', 'stable-safety', 'recovery'];

/** Statuses from which a local team may hand the case back to Veilig Thuis (opschalen). */
export const escalationStatuses: readonly CaseStatus[] = ['handed_over', 'monitoring', 'de_escalated'];

export const validatePhase = (phase: Phase | undefined): Phase => {
  if (!phase || !phases.includes(phase)) throw caseErrors.required('phase');
  return phase;
};

export const requireUnusedHandoverId = (state: OpenedCase, handoverId: string | undefined): string => {
  const id = requireText(handoverId, 'handoverId');
  if (state.handoverIds.includes(id)) throw caseErrors.handoverIdUsed();
  return id;
};

/**
 * Invariant 1: offering direction changes nothing yet; the current director stays accountable
 * until the receiver accepts. Offering is steering: the director's team decides it (ADR 0008). The
 * offer names a professional, or only the receiving organisation so any of its team may accept.
 */
export const decideOfferHandover = (command: OfferHandover, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const steered = requireSteering(metadata.actor, opened);
  requireNoPendingHandover(opened);
  const handoverId = requireUnusedHandoverId(opened, data.handoverId);
  const to = validateReceiver(data.to, 'to');
  if (to.person?.personId === opened.director.person.personId) throw caseErrors.handoverToCurrentDirector();
  const reason = requireText(data.reason, 'reason');
  const phase = validatePhase(data.phase);
  const kind = handoverKind(opened.director, to);
  switch (kind) {
    case 'de-escalation':
      // After a request to the child protection board the local team may still take direction.
      if (opened.status !== 'referred_to_child_protection') requireRouteChoice(opened, 'Overdragen aan het lokale team');
      break;
    case 'escalation':
      if (!escalationStatuses.includes(opened.status)) {
        throw caseErrors.invalidTransition(opened.status, 'Opschalen naar Veilig Thuis');
      }
      break;
    case 'transfer':
      break;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
  return [
    {
      type: 'cases.handover-offered',
      schemaVersion: 1,
      data: { handoverId, kind, from: opened.director, to, reason, phase, offeredAt: metadata.now.toISOString(), ...steered },
    },
  ];
};
