// What one NEN 7513 log line says. Ids only: the log outlives the case and must never need to be
// touched when a family's personal data is erased, so nothing in it may identify a person by itself.
import { legalBases } from '@ketenregie/access-domain';
import type { LegalBasis } from '@ketenregie/access-domain';

// `disclose`: case information sent outside the platform (feedback mailed to a referrer).
export const accessActions = ['read', 'create', 'update', 'erase', 'export', 'search', 'disclose'] as const;
export type AccessAction = (typeof accessActions)[number];

/**
 * What a command came to, on its one entry. `pending`: written before the change was stored (no
 * change without its entry); a later entry that `completes` it says what happened. Reads and the
 * other actions carry none: a read entry is written before the data is served.
 */
export const accessOutcomes = ['pending', 'changed', 'unchanged', 'refused', 'conflict', 'replayed', 'failed'] as const;
export type AccessOutcome = (typeof accessOutcomes)[number];

export const subjectTypes = ['family', 'case'] as const;
export type SubjectType = (typeof subjectTypes)[number];

// The legal bases moved to the access domain, where the policy names one with every decision;
// re-exported here so the log's users keep their imports.
export { legalBases, legalBasisDescriptions } from '@ketenregie/access-domain';
export type { LegalBasis } from '@ketenregie/access-domain';

export type AccessActor = {
  userId: string;
  organisationId: string;
  /** The role the user acted in (e.g. `veilig-thuis-professional`); the family sees roles, not people. */
  role?: string;
};

export type AccessLogEntryInput = {
  subjectType: SubjectType;
  subjectId: string;
  /** Required to find a case's entries in a family's export; defaults to `subjectId` for a family. */
  familyId?: string;
  actor: AccessActor;
  onBehalfOf?: AccessActor;
  action: AccessAction;
  legalBasis: LegalBasis;
  /** Break-the-glass: access outside the user's relation to the case, with the stated reason. */
  emergency?: { reason: string };
  requestId: string;
  /**
   * HTTP method and route template (`GET /api/v1/cases/:caseId`), or `CLI <command>`: never the
   * concrete URL, whose query string can hold a searched name.
   */
  route: string;
  outcome?: AccessOutcome;
  /** The sequence of the `pending` entry this one completes: the same access, now with its outcome. */
  completes?: number;
};

export type AccessLogEntry = {
  sequence: number;
  recordedAt: Date;
  subjectType: SubjectType;
  subjectId: string;
  familyId: string | null;
  actor: { userId: string; organisationId: string; role: string | null };
  onBehalfOf: { userId: string; organisationId: string; role: string | null } | null;
  action: AccessAction;
  legalBasis: LegalBasis;
  emergency: boolean;
  emergencyReason: string | null;
  requestId: string;
  route: string;
  outcome: AccessOutcome | null;
  completes: number | null;
  previousHash: string;
  hash: string;
};

export class InvalidAccessLogEntry extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`Invalid access log entry: ${field} ${problem}`);
    this.name = 'InvalidAccessLogEntry';
  }
}

const maxIdLength = 200;
const maxReasonLength = 2000;

const id = (field: string, value: unknown): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidAccessLogEntry(field, 'must be a non-empty string');
  if (value.length > maxIdLength) throw new InvalidAccessLogEntry(field, `must be at most ${maxIdLength} characters`);
  return value;
};

const optionalId = (field: string, value: unknown): string | null => (value === undefined || value === null ? null : id(field, value));

const oneOf = <T extends string>(field: string, value: unknown, allowed: readonly T[]): T => {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidAccessLogEntry(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
};

const actor = (field: string, value: AccessActor | undefined): AccessLogEntry['actor'] => {
  if (typeof value !== 'object' || value === null) throw new InvalidAccessLogEntry(field, 'is required');
  return {
    userId: id(`${field}.userId`, value.userId),
    organisationId: id(`${field}.organisationId`, value.organisationId),
    role: optionalId(`${field}.role`, value.role),
  };
};

// Callers may be plain JavaScript or pass values straight from a request: the log is evidence,
// so a malformed entry is refused rather than stored.
export const normaliseEntry = (input: AccessLogEntryInput): Omit<AccessLogEntry, 'sequence' | 'recordedAt' | 'previousHash' | 'hash'> => {
  const subjectType = oneOf('subjectType', input.subjectType, subjectTypes);
  const subjectId = id('subjectId', input.subjectId);
  let familyId = optionalId('familyId', input.familyId);
  if (subjectType === 'family') {
    if (familyId !== null && familyId !== subjectId) throw new InvalidAccessLogEntry('familyId', 'must equal subjectId for a family');
    familyId = subjectId;
  }
  const route = id('route', input.route);
  if (!/^[A-Z]+ \S+$/.test(route) || /[?#]/.test(route)) {
    throw new InvalidAccessLogEntry(
      'route',
      'must be a method and a route template without query string, e.g. "GET /api/v1/cases/:caseId"',
    );
  }
  let emergencyReason: string | null = null;
  if (input.emergency !== undefined && input.emergency !== null) {
    const reason: unknown = input.emergency.reason;
    if (typeof reason !== 'string' || reason.trim() === '') throw new InvalidAccessLogEntry('emergency.reason', 'must be stated');
    if (reason.length > maxReasonLength)
      throw new InvalidAccessLogEntry('emergency.reason', `must be at most ${maxReasonLength} characters`);
    emergencyReason = reason;
  }
  const outcome = input.outcome === undefined || input.outcome === null ? null : oneOf('outcome', input.outcome, accessOutcomes);
  let completes: number | null = null;
  if (input.completes !== undefined && input.completes !== null) {
    if (!Number.isSafeInteger(input.completes) || input.completes < 1)
      throw new InvalidAccessLogEntry('completes', 'must be the sequence of an entry');
    if (outcome === null || outcome === 'pending') throw new InvalidAccessLogEntry('outcome', 'must say what the completed access came to');
    completes = input.completes;
  }
  return {
    subjectType,
    subjectId,
    familyId,
    actor: actor('actor', input.actor),
    onBehalfOf: input.onBehalfOf === undefined || input.onBehalfOf === null ? null : actor('onBehalfOf', input.onBehalfOf),
    action: oneOf('action', input.action, accessActions),
    legalBasis: oneOf('legalBasis', input.legalBasis, legalBases),
    emergency: emergencyReason !== null,
    emergencyReason,
    requestId: id('requestId', input.requestId),
    route,
    outcome,
    completes,
  };
};
