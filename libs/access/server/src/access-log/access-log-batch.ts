import type { AccessLogEntry } from './access-log-entry';
import { hashAt, hashedContent } from './access-log-hash';
import { canonicalJson } from './canonical-json';
import type { CanonicalValue } from './canonical-json';
import { ACCESS_LOG_HEAD_TABLE, ACCESS_LOG_TABLE } from './access-log-schema';

/** An entry as `normaliseEntry` returns it: validated, not yet placed in the chain. */
export type UnchainedEntry = Omit<AccessLogEntry, 'sequence' | 'recordedAt' | 'previousHash' | 'hash'>;

export type ChainHead = { sequence: number; hash: string };

/** An entry placed in the chain; its fields are not copied (a planner answer places some 170 at once). */
export type ChainedEntry = { fields: UnchainedEntry; sequence: number; recordedAt: Date; previousHash: string; hash: string };

/**
 * Places entries after the head in the order given: consecutive sequences, each hash over its
 * predecessor's. One time for the whole batch: it is taken once under the head lock, so time
 * still never goes back as the sequence goes up.
 */
export const chainBatch = (head: ChainHead, recordedAt: Date, entries: readonly UnchainedEntry[]): ChainedEntry[] => {
  const chained: ChainedEntry[] = new Array<ChainedEntry>(entries.length);
  let previousHash = head.hash;
  for (let index = 0; index < entries.length; index += 1) {
    const fields = entries[index];
    const sequence = head.sequence + 1 + index;
    const hash = hashAt(previousHash, fields, sequence, recordedAt);
    chained[index] = { fields, sequence, recordedAt, previousHash, hash };
    previousHash = hash;
  }
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
  const field = <T>(pick: (fields: UnchainedEntry) => T): T[] => entries.map((entry) => pick(entry.fields));
  return [
    last.recordedAt,
    column((entry) => entry.sequence),
    field((entry) => entry.subjectType),
    field((entry) => entry.subjectId),
    field((entry) => entry.familyId),
    field((entry) => entry.actor.userId),
    field((entry) => entry.actor.organisationId),
    field((entry) => entry.actor.role),
    field((entry) => entry.onBehalfOf?.userId ?? null),
    field((entry) => entry.onBehalfOf?.organisationId ?? null),
    field((entry) => entry.onBehalfOf?.role ?? null),
    field((entry) => entry.action),
    field((entry) => entry.legalBasis),
    field((entry) => entry.emergency),
    field((entry) => entry.emergencyReason),
    field((entry) => entry.requestId),
    field((entry) => entry.route),
    field((entry) => entry.outcome),
    field((entry) => entry.completes),
    column((entry) => entry.previousHash),
    column((entry) => entry.hash),
    last.sequence,
    last.hash,
    entries.length,
  ];
};

// Stand-ins for the two fields only the chain head decides; no validated field holds a control character.
const recordedAtMark = '\u0001recordedAt\u0001';
const sequenceMark = '\u0001sequence\u0001';

/**
 * One entry placed after the head by PostgreSQL itself, in one statement: lock the head, take the
 * time, hash, insert, move the head. The canonical JSON is built here with the sequence and the time
 * left open (keys are sorted, so the time comes first); the statement fills them in and hashes
 * `previous_hash || text` as `entryHash` does. The head's lock is then held for this statement
 * and the commit only, not for a round trip to the process and back.
 */
export const appendOneChainedSql = `with head as (
    select sequence + 1 as sequence, hash as previous_hash,
      (select set_config('synchronous_commit', 'on', true) where current_setting('synchronous_commit') = 'off') as durable
    from ${ACCESS_LOG_HEAD_TABLE} where id for update),
  chained as (
    select head.sequence, head.previous_hash, timed.recorded_at,
      encode(sha256(convert_to(head.previous_hash || $1 || to_char(timed.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || $2 || head.sequence::text || $3, 'UTF8')), 'hex') as hash
    from head, lateral (select date_trunc('milliseconds', clock_timestamp()) as recorded_at) as timed),
  appended as (
    insert into ${ACCESS_LOG_TABLE} (sequence, recorded_at, subject_type, subject_id, family_id, actor_user_id,
      actor_organisation_id, actor_role, on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role,
      action, legal_basis, emergency, emergency_reason, request_id, route, outcome, completes, previous_hash, hash)
    select chained.sequence, chained.recorded_at, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
      $20::bigint, chained.previous_hash, chained.hash
    from chained
    returning sequence, hash),
  moved as (update ${ACCESS_LOG_HEAD_TABLE} set sequence = appended.sequence, hash = appended.hash from appended where id returning 1)
  -- Fails the statement, and so the transaction, unless the entry was chained: its commit may be queued behind it.
  select 1 / (select count(*)::int from moved) as chained`;

/**
 * `appendOneChainedSql` as the companion of an append (`SqlCompanion`): the same chaining, written by
 * the append's own statement and only when its events went in (`append_result`). No durability of
 * its own here: the append's owner makes the one commit durable before anyone is answered. Its
 * check fails the statement, and so the append, unless the entry was chained.
 */
export const appendOneChainedCtes = `access_log_head as (
    select sequence + 1 as sequence, hash as previous_hash
    from ${ACCESS_LOG_HEAD_TABLE} where id and exists (select 1 from append_result) for update),
  access_log_chained as (
    select head.sequence, head.previous_hash, timed.recorded_at,
      encode(sha256(convert_to(head.previous_hash || $1 || to_char(timed.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || $2 || head.sequence::text || $3, 'UTF8')), 'hex') as hash
    from access_log_head as head, lateral (select date_trunc('milliseconds', clock_timestamp()) as recorded_at) as timed),
  access_log_appended as (
    insert into ${ACCESS_LOG_TABLE} (sequence, recorded_at, subject_type, subject_id, family_id, actor_user_id,
      actor_organisation_id, actor_role, on_behalf_of_user_id, on_behalf_of_organisation_id, on_behalf_of_role,
      action, legal_basis, emergency, emergency_reason, request_id, route, outcome, completes, previous_hash, hash)
    select chained.sequence, chained.recorded_at, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
      $20::bigint, chained.previous_hash, chained.hash
    from access_log_chained as chained
    returning sequence, hash),
  access_log_moved as (update ${ACCESS_LOG_HEAD_TABLE} set sequence = appended.sequence, hash = appended.hash
    from access_log_appended as appended where id returning 1),
  access_log_check as (select 1 / (select count(*)::int from access_log_moved) as chained)`;

/** The parameters of `appendOneChainedSql`. */
export const appendOneChainedParameters = (entry: UnchainedEntry): unknown[] => {
  const open = canonicalJson({
    ...(hashedContent({ ...entry, sequence: 0, recordedAt: new Date(0) }) as Record<string, CanonicalValue>),
    recordedAt: recordedAtMark,
    sequence: sequenceMark,
  });
  const [beforeTime, afterTime] = open.split(JSON.stringify(recordedAtMark).slice(1, -1));
  const [beforeSequence, afterSequence, ...rest] = (afterTime ?? '').split(JSON.stringify(sequenceMark));
  if (afterTime === undefined || afterSequence === undefined || rest.length > 0)
    throw new Error('An access-log entry holds a stand-in of the chain fields');
  return [
    beforeTime,
    beforeSequence,
    afterSequence,
    entry.subjectType,
    entry.subjectId,
    entry.familyId,
    entry.actor.userId,
    entry.actor.organisationId,
    entry.actor.role,
    entry.onBehalfOf?.userId ?? null,
    entry.onBehalfOf?.organisationId ?? null,
    entry.onBehalfOf?.role ?? null,
    entry.action,
    entry.legalBasis,
    entry.emergency,
    entry.emergencyReason,
    entry.requestId,
    entry.route,
    entry.outcome,
    entry.completes,
  ];
};
