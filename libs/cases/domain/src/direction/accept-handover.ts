import type { Actor, Command } from '@ketenregie/kernel';
import { caseErrors } from '../case.errors';
import type { CaseEvent } from '../case.events';
import { requireActive, requireText, today } from '../case.guards';
import type { CaseState, OpenedCase, PendingHandover } from '../case.state';
import type { Director, PersonRef } from '../case.types';

/**
 * `acceptedBy` is the accepting professional as the account directory names them (the server fills
 * it from the signed-in account, never from the request body): needed when the offer went to a team,
 * because the one who accepts becomes director.
 */
export type AcceptHandover = Command<'cases.accept-handover', { caseId: string; handoverId: string; acceptedBy?: PersonRef }>;

export const requirePendingHandover = (state: OpenedCase, handoverId: string): PendingHandover => {
  const pending = state.pendingHandover;
  if (!pending || pending.handoverId !== handoverId) throw caseErrors.handoverNotPending();
  return pending;
};

/**
 * Who may answer an offer: the named professional; for an offer to a team, any professional of
 * the receiving organisation (the access policy has checked their role).
 */
export const requireHandoverReceiver = (actor: Actor, pending: PendingHandover): void => {
  const { person, organisation } = pending.to;
  const ofReceivingOrganisation = actor.organisationId === organisation.organisationId;
  if (!ofReceivingOrganisation || (person !== undefined && actor.userId !== person.personId)) {
    throw caseErrors.notHandoverReceiver(pending.to);
  }
};

/** The accepting professional of a team offer, who must be the actor. */
const acceptingPerson = (actor: Actor, acceptedBy: PersonRef | undefined): PersonRef => {
  if (acceptedBy?.personId !== actor.userId) throw caseErrors.required('acceptedBy.personId');
  return { personId: actor.userId, name: requireText(acceptedBy.name, 'acceptedBy.name') };
};

/** Direction moves here and only here (or when Veilig Thuis itself takes a case back). */
export const decideAcceptHandover = (command: AcceptHandover, state: CaseState): CaseEvent[] => {
  const { data, metadata } = command;
  const opened = requireActive(state);
  const pending = requirePendingHandover(opened, data.handoverId);
  requireHandoverReceiver(metadata.actor, pending);
  if (metadata.actor.userId === opened.director.person.personId) throw caseErrors.alreadyDirector();
  const to: Director = pending.to.person
    ? { person: pending.to.person, organisation: pending.to.organisation }
    : { person: acceptingPerson(metadata.actor, data.acceptedBy), organisation: pending.to.organisation };
  const at = metadata.now.toISOString();
  const events: CaseEvent[] = [
    {
      type: 'cases.handover-accepted',
      schemaVersion: 1,
      data: {
        handoverId: pending.handoverId,
        kind: pending.kind,
        from: pending.from,
        to,
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
        to,
        trigger: 'handover-accepted',
        handoverId: pending.handoverId,
        escalatedAt: at,
      },
    });
  }
  return events;
};
