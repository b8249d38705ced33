import { isAfter, isBefore, isCalendarDate, toAmsterdamDate } from '@ketenregie/kernel';
import type { Actor, CalendarDate } from '@ketenregie/kernel';
import { caseErrors } from './case.errors';
import type { CaseState, OpenedCase } from './case.state';
import { isOpened, openAssessment, runningInvestigation } from './case.state';
import type { CaseStatus, Director, OrganisationKind, OrganisationRef, Owner, PersonRef } from './case.types';

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

/** The director or a colleague in the director's organisation (e.g. a team lead reassigning work). */
export const actsForDirector = (actor: Actor, director: Director): boolean =>
  actor.userId === director.person.personId ||
  (actor.organisationId !== undefined && actor.organisationId === director.organisation.organisationId);

export const requireActsForDirector = (actor: Actor, state: OpenedCase): void => {
  if (!actsForDirector(actor, state.director)) throw caseErrors.notDirector();
};

/** Statuses in which Veilig Thuis directs and may choose (another) route. */
const routeStatuses: readonly CaseStatus[] = [
  'in_safety_assessment',
  'escalated',
  'conditions_and_follow_up',
  'under_investigation',
];

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

export const validateOwner = (owner: Owner | undefined, path: string): Owner => {
  const organisation = validateOrganisation(owner?.organisation, `${path}.organisation`);
  return owner?.person ? { organisation, person: validatePerson(owner.person, `${path}.person`) } : { organisation };
};

export const sameDirector = (a: Director, b: Director): boolean =>
  a.person.personId === b.person.personId && a.organisation.organisationId === b.organisation.organisationId;
