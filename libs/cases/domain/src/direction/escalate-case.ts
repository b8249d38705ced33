import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireNoPendingHandover, requireSteering, requireText, validateReceiver } from '../case.guards';
import type { CaseState } from '../case.state';
import type { HandoverReceiver, Phase } from '../case.types';
import { escalationStatuses, requireUnusedHandoverId, validatePhase } from './offer-handover';

export type EscalateCase = Command<
  'cases.escalate-case',
  { caseId: string; handoverId: string; to: HandoverReceiver; reason: string; phase: Phase }
>;

/**
 * Opschalen. A Veilig Thuis professional who names themselves takes direction back at once, in any
 * state of a case a local team directs: Veilig Thuis may always do so when safety demands it (the
 * reason says why), and a hand-over still pending lapses first, because direction cannot be in two
 * places. Which Veilig Thuis reaches this command is the access policy's: that of the family's
 * region (or the one an offer is pending to), never one acting on a break-the-glass grant.
 *
 * Otherwise it is an offer the named professional (or the Veilig Thuis team) must accept
 * (invariant 1), and `cases.case-escalated` follows on acceptance: made by the local team that
 * directs (steering, ADR 0008), or by a Veilig Thuis professional naming a colleague or their team.
 */
export const decideEscalateCase = (command: EscalateCase, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  if (opened.director.organisation.kind === 'veilig-thuis') throw caseErrors.alreadyWithVeiligThuis();
  const to = validateReceiver(data.to, 'to');
  if (to.organisation.kind !== 'veilig-thuis') throw caseErrors.escalationTargetNotVeiligThuis('to.organisation.kind');
  const reason = requireText(data.reason, 'reason');
  const phase = validatePhase(data.phase);
  const at = metadata.now.toISOString();
  const byVeiligThuis = metadata.actor.organisationId === to.organisation.organisationId;
  if (byVeiligThuis && to.person !== undefined && metadata.actor.userId === to.person.personId) {
    const events: CaseEvent[] = [];
    if (opened.pendingHandover) {
      events.push({
        type: 'cases.handover-withdrawn',
        schemaVersion: 1,
        data: { handoverId: opened.pendingHandover.handoverId, reason: 'Vervallen: Veilig Thuis neemt de regie terug.', withdrawnAt: at },
      });
    }
    events.push({
      type: 'cases.case-escalated',
      schemaVersion: 1,
      data: {
        reason,
        phase,
        from: opened.director,
        to: { person: to.person, organisation: to.organisation },
        trigger: 'taken-over',
        escalatedAt: at,
      },
    });
    return events;
  }
  const steered = byVeiligThuis ? {} : requireSteering(metadata.actor, opened);
  requireNoPendingHandover(opened);
  if (!byVeiligThuis && !escalationStatuses.includes(opened.status)) {
    throw caseErrors.invalidTransition(opened.status, 'Opschalen naar Veilig Thuis');
  }
  const handoverId = requireUnusedHandoverId(opened, data.handoverId);
  return [
    {
      type: 'cases.handover-offered',
      schemaVersion: 1,
      data: { handoverId, kind: 'escalation', from: opened.director, to, reason, phase, offeredAt: at, ...steered },
    },
  ];
};
