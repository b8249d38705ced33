import type { Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireActsForDirector, requireNoPendingHandover, requireText, validateDirector } from '../case.guards';
import type { CaseState } from '../case.state';
import type { Director, Phase } from '../case.types';
import { escalationStatuses, requireUnusedHandoverId, validatePhase } from './offer-handover';

export type EscalateCase = Command<
  'cases.escalate-case',
  { caseId: string; handoverId: string; to: Director; reason: string; phase: Phase }
>;

/**
 * Opschalen. When the Veilig Thuis professional who becomes director escalates, the receiver is
 * the one acting, so direction moves at once. Otherwise it is an offer the named professional must
 * accept (invariant 1), and `cases.case-escalated` follows on acceptance: made by the local team
 * that directs, or by a Veilig Thuis colleague naming someone else of their own organisation.
 */
export const decideEscalateCase = (command: EscalateCase, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  requireNoPendingHandover(opened);
  if (opened.director.organisation.kind === 'veilig-thuis') throw caseErrors.alreadyWithVeiligThuis();
  if (!escalationStatuses.includes(opened.status)) {
    throw caseErrors.invalidTransition(opened.status, 'Opschalen naar Veilig Thuis');
  }
  const to = validateDirector(data.to, 'to');
  if (to.organisation.kind !== 'veilig-thuis') throw caseErrors.escalationTargetNotVeiligThuis('to.organisation.kind');
  const reason = requireText(data.reason, 'reason');
  const phase = validatePhase(data.phase);
  const at = metadata.now.toISOString();
  const byReceivingOrganisation = metadata.actor.organisationId === to.organisation.organisationId;
  if (byReceivingOrganisation && metadata.actor.userId === to.person.personId) {
    return [
      {
        type: 'cases.case-escalated',
        schemaVersion: 1,
        data: { reason, phase, from: opened.director, to, trigger: 'taken-over', escalatedAt: at },
      },
    ];
  }
  if (!byReceivingOrganisation) requireActsForDirector(metadata.actor, opened);
  const handoverId = requireUnusedHandoverId(opened, data.handoverId);
  return [
    {
      type: 'cases.handover-offered',
      schemaVersion: 1,
      data: { handoverId, kind: 'escalation', from: opened.director, to, reason, phase, offeredAt: at },
    },
  ];
};
