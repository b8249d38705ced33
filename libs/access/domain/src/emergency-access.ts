import type { Principal } from '@ketenregie/kernel';
import type { CaseRelations } from './case-relations';
import { decideCaseAccess } from './case-access';
import type { OrganisationDirectory } from './organisation-directory';
import { effectiveRoles } from './organisation-directory';
import type { EmergencyGrant } from './emergency-grant';

/** What to record; the store assigns the id. */
export type NewEmergencyGrant = Omit<EmergencyGrant, 'grantId'>;

export type EmergencyAccessPolicy = {
  /** How long a grant lasts. Default 8 hours: one shift, after which the professional asks again. */
  grantDurationHours: number;
  /** Letters and digits a reason needs at least, repeated characters counted once. */
  minimumReasonCharacters: number;
};

export const defaultEmergencyAccessPolicy: EmergencyAccessPolicy = { grantDurationHours: 8, minimumReasonCharacters: 20 };

/** A grant longer than a day would stop being an emergency measure. */
export const maximumGrantDurationHours = 24;

/** The access log refuses longer reasons; a grant must be loggable. */
export const maximumReasonLength = 2_000;

export class InvalidEmergencyAccessPolicy extends Error {
  constructor(problem: string) {
    super(`Invalid emergency access policy: ${problem}`);
    this.name = 'InvalidEmergencyAccessPolicy';
  }
}

/** A region's setting, checked once at start-up rather than at the moment someone needs it. */
export const emergencyAccessPolicy = (overrides: Partial<EmergencyAccessPolicy> = {}): EmergencyAccessPolicy => {
  const policy = { ...defaultEmergencyAccessPolicy, ...overrides };
  if (!Number.isFinite(policy.grantDurationHours) || policy.grantDurationHours <= 0 || policy.grantDurationHours > maximumGrantDurationHours) {
    throw new InvalidEmergencyAccessPolicy(`grantDurationHours must be more than 0 and at most ${maximumGrantDurationHours}`);
  }
  if (!Number.isInteger(policy.minimumReasonCharacters) || policy.minimumReasonCharacters < 1) {
    throw new InvalidEmergencyAccessPolicy('minimumReasonCharacters must be a positive whole number');
  }
  return policy;
};

/**
 * Letters and digits, a run of the same character counted once: "aaaaaaaaaaaaaaaaaaaa" or
 * "...................." cannot pass for a reason a privacy officer can review.
 */
export const meaningfulCharacters = (reason: string): number => {
  let count = 0;
  let previous = '';
  for (const character of reason.normalize('NFKC').toLowerCase()) {
    if (!/[\p{L}\p{N}]/u.test(character)) continue;
    if (character !== previous) count += 1;
    previous = character;
  }
  return count;
};

export type EmergencyAccessRefusal = 'not-veilig-thuis-professional' | 'reason-too-short' | 'reason-too-long' | 'already-has-access';

export type EmergencyAccessDecision =
  | { granted: true; grant: NewEmergencyGrant }
  | { granted: false; refusal: EmergencyAccessRefusal; detail: string };

const refused = (refusal: EmergencyAccessRefusal, detail: string): EmergencyAccessDecision => ({ granted: false, refusal, detail });

export type EmergencyAccessRequest = {
  principal: Principal;
  relations: CaseRelations;
  directory: OrganisationDirectory;
  /** The user's active grant for this case, if any: asking again while one runs gains nothing. */
  activeGrant: EmergencyGrant | undefined;
  reason: string;
  now: Date;
  policy?: EmergencyAccessPolicy;
};

/**
 * Whether to grant emergency access. Refused to anyone but a Veilig Thuis professional (at a
 * Veilig Thuis organisation), for a reason that says nothing, and to someone who already sees the
 * whole case (through a relation or a running grant): such a grant would only add noise to the
 * privacy officer's review.
 */
export const decideEmergencyAccess = (request: EmergencyAccessRequest): EmergencyAccessDecision => {
  const { principal, relations, directory, activeGrant, now } = request;
  const policy = request.policy ?? defaultEmergencyAccessPolicy;
  const effective = effectiveRoles(principal, directory);
  if (!effective?.roles.includes('veilig-thuis-professional')) {
    return refused('not-veilig-thuis-professional', 'Alleen een professional van Veilig Thuis kan noodtoegang tot een casus vragen.');
  }
  const reason = request.reason.trim();
  if (reason.length > maximumReasonLength) {
    return refused('reason-too-long', `De reden mag hoogstens ${maximumReasonLength} tekens lang zijn.`);
  }
  if (meaningfulCharacters(reason) < policy.minimumReasonCharacters) {
    return refused(
      'reason-too-short',
      `Beschrijf waarom u deze casus nu moet inzien, in minstens ${policy.minimumReasonCharacters} letters of cijfers. De privacyfunctionaris beoordeelt deze reden.`,
    );
  }
  if (decideCaseAccess(principal, relations, directory, activeGrant, now).scope === 'full') {
    return refused('already-has-access', 'U hebt al toegang tot deze casus; noodtoegang is niet nodig.');
  }
  return {
    granted: true,
    grant: {
      userId: principal.userId,
      organisationId: principal.organisationId,
      caseId: relations.caseId,
      reason,
      grantedAt: now,
      expiresAt: new Date(now.getTime() + policy.grantDurationHours * 3_600_000),
    },
  };
};

/** Review is a second pair of eyes: a privacy officer never signs off their own emergency access. */
export const mayReviewEmergencyGrant = (
  reviewer: Principal,
  grant: Pick<EmergencyGrant, 'userId'>,
  directory: OrganisationDirectory,
): boolean => {
  const effective = effectiveRoles(reviewer, directory);
  return effective?.roles.includes('privacy-officer') === true && reviewer.userId !== grant.userId;
};
