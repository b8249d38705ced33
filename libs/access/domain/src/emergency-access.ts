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
  if (
    !Number.isFinite(policy.grantDurationHours) ||
    policy.grantDurationHours <= 0 ||
    policy.grantDurationHours > maximumGrantDurationHours
  ) {
    throw new InvalidEmergencyAccessPolicy(`grantDurationHours must be more than 0 and at most ${maximumGrantDurationHours}`);
  }
  if (!Number.isInteger(policy.minimumReasonCharacters) || policy.minimumReasonCharacters < 1) {
    throw new InvalidEmergencyAccessPolicy('minimumReasonCharacters must be a positive whole number');
  }
  return policy;
};

const letterOrDigit = /[\p{L}\p{N}]/u;

/** The reason's letters and digits, in order, compared without case or compatibility forms. */
const contentOf = (reason: string): string[] =>
  [...reason.normalize('NFKC').toLowerCase()].filter((character) => letterOrDigit.test(character));

/**
 * The shortest unit the content repeats, as in "abababab" (unit "ab") or "testtesttest" (unit
 * "test"); a last repetition may be cut short ("ababa"). Text written for a reader repeats no
 * unit, so this is the content itself. Knuth–Morris–Pratt: the smallest period of a string of
 * length n is n minus its longest proper prefix that is also a suffix.
 */
export const repeatedUnit = (content: readonly string[]): string[] => {
  const border = new Array<number>(content.length + 1).fill(0);
  border[0] = -1;
  for (let index = 1, length = -1; index <= content.length; index += 1) {
    while (length >= 0 && content[length] !== content[index - 1]) length = border[length];
    length += 1;
    border[index] = length;
  }
  return content.slice(0, content.length - Math.max(0, border[content.length]));
};

const runsCounted = (characters: readonly string[]): number =>
  characters.filter((character, index) => character !== characters[index - 1]).length;

/**
 * What a reason says, counted: the letters and digits of the unit it repeats (all of them for a
 * reason that repeats nothing), a run of the same character counted once. Length bought by
 * repetition counts for nothing: "aaaaaaaaaaaaaaaaaaaa", "...................." and
 * "testtesttesttesttest" cannot pass for a reason a privacy officer can review.
 */
export const meaningfulCharacters = (reason: string): number => runsCounted(repeatedUnit(contentOf(reason)));

export type EmergencyReasonRefusal = 'reason-too-short' | 'reason-repetitive' | 'reason-too-long';

export type EmergencyAccessRefusal = 'not-veilig-thuis-professional' | EmergencyReasonRefusal | 'already-has-access';

export type EmergencyAccessDecision =
  { granted: true; grant: NewEmergencyGrant } | { granted: false; refusal: EmergencyAccessRefusal; detail: string };

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

export type EmergencyReasonCheck = { ok: true; reason: string } | { ok: false; refusal: EmergencyReasonRefusal; detail: string };

/**
 * The reason on its own, before anything about the case is looked at: it is judged the same for
 * every case id, so its refusal cannot tell whether a case exists.
 */
export const checkEmergencyReason = (
  stated: string,
  policy: EmergencyAccessPolicy = defaultEmergencyAccessPolicy,
): EmergencyReasonCheck => {
  const reason = stated.trim();
  if (reason.length > maximumReasonLength) {
    return { ok: false, refusal: 'reason-too-long', detail: `De reden mag hoogstens ${maximumReasonLength} tekens lang zijn.` };
  }
  const content = contentOf(reason);
  const unit = repeatedUnit(content);
  if (runsCounted(unit) < policy.minimumReasonCharacters) {
    // Long enough, but only by repeating one short piece.
    if (runsCounted(content) >= policy.minimumReasonCharacters) {
      return {
        ok: false,
        refusal: 'reason-repetitive',
        detail: `De reden herhaalt steeds hetzelfde stukje tekst. Beschrijf in eigen woorden, in minstens ${policy.minimumReasonCharacters} verschillende letters of cijfers, waarom u deze casus nu moet inzien. De privacyfunctionaris beoordeelt deze reden.`,
      };
    }
    return {
      ok: false,
      refusal: 'reason-too-short',
      detail: `Beschrijf waarom u deze casus nu moet inzien, in minstens ${policy.minimumReasonCharacters} letters of cijfers. De privacyfunctionaris beoordeelt deze reden.`,
    };
  }
  return { ok: true, reason };
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
  const checked = checkEmergencyReason(request.reason, policy);
  if (!checked.ok) return refused(checked.refusal, checked.detail);
  const { reason } = checked;
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
