import { createHash } from 'node:crypto';
import type { AccessLogEntry } from './access-log-entry';
import { canonicalJson } from './canonical-json';
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

/** sha256(previous_hash || canonical JSON of the entry), hex. */
export const entryHash = (previousHash: string, entry: HashedFields): string =>
  createHash('sha256')
    .update(previousHash, 'utf8')
    .update(canonicalJson(hashedContent(entry)), 'utf8')
    .digest('hex');
