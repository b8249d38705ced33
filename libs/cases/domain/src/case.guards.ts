import { isAfter, isBefore, isCalendarDate, isMailboxAddress, toAmsterdamDate } from '@ketenregie/kernel';
import type { Actor, CalendarDate } from '@ketenregie/kernel';
import { caseErrors } from './case.errors';
import type { CaseState, OpenedCase } from './case.state';
import { isOpened, openAssessment, runningInvestigation } from './case.state';
import type { Steered } from './case.events';
import type { CaseStatus, Director, HandoverReceiver, OrganisationKind, OrganisationRef, Owner, PersonRef } from './case.types';

export const requireOpened = (state: CaseState): OpenedCase => {
  if (!isOpened(state)) throw caseErrors.notFound();
  return state;
};

export const requireActive = (state: CaseState): OpenedCase => {
  const opened = requireOpened(state);
  if (opened.status === 'closed') throw caseErrors.closed();
  return opened;
};

export const requireNoPendingHandover = (state: OpenedCase): void => {
  if (state.pendingHandover) throw caseErrors.handoverPending();
};

/**
 * Who may take a steering decision for `director` (ADR 0008): the director, or a colleague of the
 * director's team (same organisation) acting for them, e.g. during leave or when a team lead
 * reassigns work. Answers what the event records (`onBehalfOf` when a colleague acted), or
 * `undefined` for anyone else. The access policy has already checked the actor's role.
 */
export const steeringBy = (actor: Actor, director: Director): Steered | undefined => {
  if (actor.organisationId === undefined || actor.organisationId !== director.organisation.organisationId) return undefined;
  return actor.userId === director.person.personId ? {} : { onBehalfOf: director };
};

export const actsForDirector = (actor: Actor, director: Director): boolean => steeringBy(actor, director) !== undefined;

/** Steering commands: refused (403) to everyone but the director's team, naming who directs. */
export const requireSteering = (actor: Actor, state: OpenedCase): Steered => {
  const steered = steeringBy(actor, state.director);
  if (!steered) throw caseErrors.notDirector(state.director);
  return steered;
};

/** Statuses in which Veilig Thuis directs and may choose (another) route. */
const routeStatuses: readonly CaseStatus[] = ['assessed', 'escalated', 'conditions_and_follow_up', 'under_investigation'];

/**
 * A route may be chosen once the safety assessment is done, no investigation is still running and
 * no hand-over is pending; every route command checks this first so the errors are the same.
 */
export const requireRouteChoice = (state: OpenedCase, action: string): void => {
  if (state.status === 'closed') throw caseErrors.closed();
  requireNoPendingHandover(state);
  if (openAssessment(state)) throw caseErrors.assessmentNotCompleted();
  if (runningInvestigation(state)) throw caseErrors.investigationNotCompleted();
  if (!routeStatuses.includes(state.status)) throw caseErrors.invalidTransition(state.status, action);
};

export const today = (now: Date): CalendarDate => toAmsterdamDate(now);

export const requireText = (value: string | undefined, path: string): string => {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw caseErrors.required(path);
  return trimmed;
};

/**
 * An e-mail address feedback may go to, trimmed, or undefined when none was given: one mailbox,
 * never a list, which a mail library would send to every name in it.
 */
export const optionalEmail = (value: string | undefined, path: string): string | undefined => {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') return undefined;
  if (!isMailboxAddress(trimmed)) throw caseErrors.invalidEmail(path);
  return trimmed;
};

export const requireDate = (value: string | undefined, path: string): CalendarDate => {
  if (!value) throw caseErrors.required(path);
  if (!isCalendarDate(value)) throw caseErrors.invalidDate(path);
  return value;
};

export const requireNotInFuture = (value: CalendarDate, now: Date, path: string): void => {
  if (isAfter(value, today(now))) throw caseErrors.dateInFuture(path);
};

export const requireNotInPast = (value: CalendarDate, now: Date, path: string): void => {
  if (isBefore(value, today(now))) throw caseErrors.dateInPast(path);
};

export const validatePerson = (person: PersonRef | undefined, path: string): PersonRef => ({
  personId: requireText(person?.personId, `${path}.personId`),
  name: requireText(person?.name, `${path}.name`),
});

const organisationKinds: readonly OrganisationKind[] = ['veilig-thuis', 'local-team', 'other'];

export const validateOrganisation = (organisation: OrganisationRef | undefined, path: string): OrganisationRef => {
  const organisationId = requireText(organisation?.organisationId, `${path}.organisationId`);
  const name = requireText(organisation?.name, `${path}.name`);
  if (!organisation || !organisationKinds.includes(organisation.kind)) throw caseErrors.required(`${path}.kind`);
  return { organisationId, name, kind: organisation.kind };
};

export const validateDirector = (director: Director | undefined, path: string): Director => ({
  person: validatePerson(director?.person, `${path}.person`),
  organisation: validateOrganisation(director?.organisation, `${path}.organisation`),
});

export const validateReceiver = (receiver: HandoverReceiver | undefined, path: string): HandoverReceiver => {
  const organisation = validateOrganisation(receiver?.organisation, `${path}.organisation`);
  return receiver?.person ? { organisation, person: validatePerson(receiver.person, `${path}.person`) } : { organisation };
};

export const validateOwner = (owner: Owner | undefined, path: string): Owner => {
  const organisation = validateOrganisation(owner?.organisation, `${path}.organisation`);
  return owner?.person ? { organisation, person: validatePerson(owner.person, `${path}.person`) } : { organisation };
};

export const sameDirector = (a: Director, b: Director): boolean =>
  a.person.personId === b.person.personId && a.organisation.organisationId === b.organisation.organisationId;
