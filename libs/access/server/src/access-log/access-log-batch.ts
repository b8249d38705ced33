import type { AccessLogEntry } from './access-log-entry';
import { entryHash } from './access-log-hash';
import { ACCESS_LOG_HEAD_TABLE, ACCESS_LOG_TABLE } from './access-log-schema';

/** An entry as `normaliseEntry` returns it: validated, not yet placed in the chain. */
export type UnchainedEntry = Omit<AccessLogEntry, 'sequence' | 'recordedAt' | 'previousHash' | 'hash'>;

export type ChainHead = { sequence: number; hash: string };

export type ChainedEntry = UnchainedEntry & { sequence: number; recordedAt: Date; previousHash: string; hash: string };

/**
 * Places entries after the head in the order given: consecutive sequences, each hash over its
 * predecessor's. One time for the whole batch: it is taken once under the head lock, so time
 * still never goes back as the sequence goes up.
 */
export const chainBatch = (head: ChainHead, recordedAt: Date, entries: readonly UnchainedEntry[]): ChainedEntry[] => {
  const chained: ChainedEntry[] = [];
  let previousHash = head.hash;
  entries.forEach((fields, index) => {
    const sequence = head.sequence + 1 + index;
    const hash = entryHash(previousHash, { ...fields, sequence, recordedAt });
    chained.push({ ...fields, sequence, recordedAt, previousHash, hash });
    previousHash = hash;
  });
  return chained;
};

/**
 * The whole batch and the new head in one statement. Columns travel as one array parameter each
 * (`unnest`), so the statement text and its parameter count are the same for 1 or 1,000 entries:
 * PostgreSQL plans it once per connection and no batch runs into the 65,535-parameter limit.
 */
export const appendBatchSql = `with appended as (
    insert into ${ACCESS_LOG_TABLE} (sequence, recorded_at, subject_type, subject_id, family_id, actor_user_id,
      actor_organisation_id, actor_role, on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role,
      action, legal_basis, emergency, emergency_reason, request_id, route, outcome, completes, previous_hash, hash)
    select entry.sequence, $1::timestamptz, entry.subject_type, entry.subject_id, entry.family_id, entry.actor_user_id,
      entry.actor_organisation_id, entry.actor_role, entry.on_behalf_of_user_id, entry.on_behalf_of_organisation_id,
      entry.on_behalf_of_role, entry.action, entry.legal_basis, entry.emergency, entry.emergency_reason, entry.request_id,
      entry.route, entry.outcome, entry.completes, entry.previous_hash, entry.hash
    from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
      $11::text[], $12::text[], $13::text[], $14::boolean[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bigint[],
      $20::text[], $21::text[])
      as entry(sequence, subject_type, subject_id, family_id, actor_user_id, actor_organisation_id, actor_role,
        on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role, action, legal_basis, emergency,
        emergency_reason, request_id, route, outcome, completes, previous_hash, hash)
    returning 1)
  update ${ACCESS_LOG_HEAD_TABLE} set sequence = $22, hash = $23
  where id and (select count(*) from appended) = $24`;

/** The parameters of `appendBatchSql` for a non-empty chained batch. */
export const appendBatchParameters = (entries: readonly ChainedEntry[]): unknown[] => {
  const last = entries[entries.length - 1];
  if (!last) throw new Error('appendBatchParameters: an empty batch has nothing to append');
  const column = <T>(pick: (entry: ChainedEntry) => T): T[] => entries.map(pick);
  return [
    last.recordedAt,
    column((entry) => entry.sequence),
    column((entry) => entry.subjectType),
    column((entry) => entry.subjectId),
    column((entry) => entry.familyId),
    column((entry) => entry.actor.userId),
    column((entry) => entry.actor.organisationId),
    column((entry) => entry.actor.role),
    column((entry) => entry.onBehalfOf?.userId ?? null),
    column((entry) => entry.onBehalfOf?.organisationId ?? null),
    column((entry) => entry.onBehalfOf?.role ?? null),
    column((entry) => entry.action),
    column((entry) => entry.legalBasis),
    column((entry) => entry.emergency),
    column((entry) => entry.emergencyReason),
    column((entry) => entry.requestId),
    column((entry) => entry.route),
    column((entry) => entry.outcome),
    column((entry) => entry.completes),
    column((entry) => entry.previousHash),
    column((entry) => entry.hash),
    last.sequence,
    last.hash,
    entries.length,
  ];
};
