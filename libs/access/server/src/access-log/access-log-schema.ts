import type { DataSource } from 'typeorm';
import { guardTriggerStatement } from '@ketenregie/platform-persistence';
import { GENESIS_HASH } from './access-log-hash';

export const ACCESS_LOG_TABLE = 'access_log';
export const ACCESS_LOG_HEAD_TABLE = 'access_log_head';

// Serialises the one-time DDL across processes, as the projection state table does.
const MIGRATION_LOCK = "hashtext('ketenregie.access_log.schema')";

/**
 * No foreign keys to any case table and no cascade from anywhere: the log outlives the case and
 * its family's personal data. The append-only trigger is `enable always`, so it also fires under
 * `session_replication_role = replica`; only the table owner disabling or dropping it gets past,
 * and the hash chain is what exposes that (docs/adr/0004-access-log.md).
 *
 * The head row is the chain's tip and its lock: one row locked `for update` by each append, so
 * appends are linear, and rolled back with the caller's transaction, so a rollback leaves no gap
 * (a PostgreSQL sequence would).
 */
const statements = [
  `create table if not exists ${ACCESS_LOG_TABLE} (
    sequence bigint primary key check (sequence > 0),
    recorded_at timestamptz not null,
    subject_type text not null,
    subject_id text not null,
    family_id text,
    actor_user_id text not null,
    actor_organisation_id text not null,
    actor_role text,
    on_behalf_of_user_id text,
    on_behalf_of_organisation_id text,
    on_behalf_of_role text,
    action text not null,
    legal_basis text not null,
    emergency boolean not null,
    emergency_reason text,
    request_id text not null,
    route text not null,
    previous_hash text not null,
    hash text not null
  )`,
  // What a command came to (docs/adr/0004-access-log.md); added after the first release, hence apart.
  `alter table ${ACCESS_LOG_TABLE} add column if not exists outcome text`,
  `alter table ${ACCESS_LOG_TABLE} add column if not exists completes bigint`,
  `create index if not exists access_log_completes on ${ACCESS_LOG_TABLE} (completes) where completes is not null`,
  `create index if not exists access_log_family on ${ACCESS_LOG_TABLE} (family_id, sequence) where family_id is not null`,
  // The privacy officer's filters. Few and narrow, since every append maintains them; the time
  // range uses BRIN, which fits a column that only grows with the sequence and costs next to nothing.
  `create index if not exists access_log_actor on ${ACCESS_LOG_TABLE} (actor_user_id, sequence)`,
  `create index if not exists access_log_case on ${ACCESS_LOG_TABLE} (subject_id, sequence) where subject_type = 'case'`,
  `create index if not exists access_log_emergency on ${ACCESS_LOG_TABLE} (sequence) where emergency`,
  `create index if not exists access_log_recorded_at on ${ACCESS_LOG_TABLE} using brin (recorded_at)`,
  `create table if not exists ${ACCESS_LOG_HEAD_TABLE} (
    id boolean primary key default true check (id),
    sequence bigint not null,
    hash text not null
  )`,
  `insert into ${ACCESS_LOG_HEAD_TABLE} (id, sequence, hash) values (true, 0, '${GENESIS_HASH}') on conflict (id) do nothing`,
  `create or replace function access_log_reject_change() returns trigger language plpgsql as $$
  begin
    raise exception 'access_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
  end $$`,
  // Forward by any number of entries: a batch of appends moves the head once. Moving it back would
  // hide a cut-off tail from verify; moving it past the last entry, verify reports as a gap.
  `create or replace function access_log_head_advance_only() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'UPDATE' or new.sequence <= old.sequence or new.id <> old.id then
      raise exception 'access_log_head only advances' using errcode = 'insufficient_privilege';
    end if;
    return new;
  end $$`,
  guardTriggerStatement([
    {
      name: 'access_log_append_only',
      table: ACCESS_LOG_TABLE,
      event: 'before update or delete',
      forEach: 'row',
      execute: 'access_log_reject_change',
    },
    {
      name: 'access_log_no_truncate',
      table: ACCESS_LOG_TABLE,
      event: 'before truncate',
      forEach: 'statement',
      execute: 'access_log_reject_change',
    },
    {
      name: 'access_log_head_advance_only',
      table: ACCESS_LOG_HEAD_TABLE,
      event: 'before update or delete',
      forEach: 'row',
      execute: 'access_log_head_advance_only',
    },
  ]),
];

/** Idempotent; safe to run from every process at start-up. */
export const ensureAccessLogSchema = async (dataSource: DataSource): Promise<void> => {
  await dataSource.transaction(async (manager) => {
    await manager.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    for (const statement of statements) await manager.query(statement);
  });
};
