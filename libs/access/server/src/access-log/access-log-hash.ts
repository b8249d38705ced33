import { createHash } from 'node:crypto';
import type { AccessLogEntry } from './access-log-entry';
import type { CanonicalValue } from './canonical-json';

/** `previous_hash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

export type HashedFields = Omit<AccessLogEntry, 'previousHash' | 'hash'>;

// Every stored field except the two hashes is covered: changing any of them, the time included,
// breaks the entry's own hash. Field names are part of the format; renaming one is a new format.
// `outcome` and `completes` came later: they are hashed when set, so every entry written before
// them has the content (and hash) it had, and an entry with them cannot lose them unnoticed.
export const hashedContent = (entry: HashedFields): CanonicalValue => ({
  sequence: entry.sequence,
  recordedAt: entry.recordedAt.toISOString(),
  subjectType: entry.subjectType,
  subjectId: entry.subjectId,
  familyId: entry.familyId,
  actor: { userId: entry.actor.userId, organisationId: entry.actor.organisationId, role: entry.actor.role },
  onBehalfOf: entry.onBehalfOf && {
    userId: entry.onBehalfOf.userId,
    organisationId: entry.onBehalfOf.organisationId,
    role: entry.onBehalfOf.role,
  },
  action: entry.action,
  legalBasis: entry.legalBasis,
  emergency: entry.emergency,
  emergencyReason: entry.emergencyReason,
  requestId: entry.requestId,
  route: entry.route,
  ...(entry.outcome !== null ? { outcome: entry.outcome } : {}),
  ...(entry.completes !== null ? { completes: entry.completes } : {}),
});

const text = (value: string): string => {
  if (typeof value !== 'string') throw new TypeError('canonical entry: a text field is not a string');
  return JSON.stringify(value);
};

const nullableText = (value: string | null): string => (value === null ? 'null' : text(value));

const wholeNumber = (value: number): string => {
  if (!Number.isFinite(value)) throw new TypeError('canonical entry: numbers must be finite');
  return JSON.stringify(value);
};

const actorText = (actor: HashedFields['actor']): string =>
  `{"organisationId":${text(actor.organisationId)},"role":${nullableText(actor.role)},"userId":${text(actor.userId)}}`;

/**
 * `canonicalJson(hashedContent(entry))` of `fields` at `sequence` and `recordedAt`, written out key
 * by key in its sorted order. Every read of a family's data writes its entries (a planner answer
 * some 190 at once), and copying each entry into a new object to sort its keys, with the hashing,
 * took a fifth of such a request's CPU. A property test holds it to the definition above,
 * character for character, so the format cannot drift from it.
 */
export const canonicalEntryText = (fields: Omit<HashedFields, 'sequence' | 'recordedAt'>, sequence: number, recordedAt: Date): string =>
  `{"action":${text(fields.action)},"actor":${actorText(fields.actor)},` +
  (fields.completes !== null ? `"completes":${wholeNumber(fields.completes)},` : '') +
  `"emergency":${fields.emergency ? 'true' : 'false'},"emergencyReason":${nullableText(fields.emergencyReason)},` +
  `"familyId":${nullableText(fields.familyId)},"legalBasis":${text(fields.legalBasis)},` +
  `"onBehalfOf":${fields.onBehalfOf ? actorText(fields.onBehalfOf) : 'null'},` +
  (fields.outcome !== null ? `"outcome":${text(fields.outcome)},` : '') +
  `"recordedAt":${text(recordedAt.toISOString())},"requestId":${text(fields.requestId)},"route":${text(fields.route)},` +
  `"sequence":${wholeNumber(sequence)},"subjectId":${text(fields.subjectId)},"subjectType":${text(fields.subjectType)}}`;

/** The hash of `fields` placed at `sequence` and `recordedAt` after `previousHash`. */
export const hashAt = (
  previousHash: string,
  fields: Omit<HashedFields, 'sequence' | 'recordedAt'>,
  sequence: number,
  recordedAt: Date,
): string =>
  createHash('sha256')
    .update(previousHash, 'utf8')
    .update(canonicalEntryText(fields, sequence, recordedAt), 'utf8')
    .digest('hex');

/** sha256(previous_hash || canonical JSON of the entry), hex. */
export const entryHash = (previousHash: string, entry: HashedFields): string =>
  hashAt(previousHash, entry, entry.sequence, entry.recordedAt);
