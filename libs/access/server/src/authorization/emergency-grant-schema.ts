import type { DataSource } from 'typeorm';
import { ensureSchema, guardTriggerStatement } from '@ketenregie/platform-persistence';

export const EMERGENCY_GRANTS_TABLE = 'emergency_access_grants';

/**
 * A grant is evidence for the privacy officer's review, so the table is append-only apart from
 * the review itself: the trigger (`enable always`, as on the access log) refuses deletes, and
 * updates other than setting the review once. No foreign key to any case table: like the access
 * log, a grant outlives the case it opened. Self-review is refused by the database as well.
 */
const statements = [
  `create table if not exists ${EMERGENCY_GRANTS_TABLE} (
    grant_id text primary key,
    user_id text not null,
    organisation_id text not null,
    case_id text not null,
    reason text not null check (btrim(reason) <> '' and length(reason) <= 2000),
    granted_at timestamptz not null,
    expires_at timestamptz not null,
    reviewed_by text,
    reviewed_at timestamptz,
    review_note text check (length(review_note) <= 2000),
    review_outcome text check (review_outcome in ('justified', 'unjustified')),
    check (expires_at > granted_at),
    check ((reviewed_by is null) = (reviewed_at is null)),
    check (reviewed_by is null or reviewed_by <> user_id)
  )`,
  // Tables created before the outcome had a column of its own: their reviews kept it as the
  // note's first word, and are read that way (see emergency-grant-review-note.ts).
  `alter table ${EMERGENCY_GRANTS_TABLE} add column if not exists review_outcome text check (review_outcome in ('justified', 'unjustified'))`,
  `create index if not exists emergency_access_grants_active on ${EMERGENCY_GRANTS_TABLE} (user_id, case_id, expires_at)`,
  `create index if not exists emergency_access_grants_unreviewed on ${EMERGENCY_GRANTS_TABLE} (granted_at, grant_id) where reviewed_at is null`,
  `create or replace function emergency_access_grants_review_once() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'UPDATE' then
      raise exception 'emergency_access_grants keeps every grant: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end if;
    if old.reviewed_at is not null
       or (new.grant_id, new.user_id, new.organisation_id, new.case_id, new.reason, new.granted_at, new.expires_at)
          is distinct from (old.grant_id, old.user_id, old.organisation_id, old.case_id, old.reason, old.granted_at, old.expires_at) then
      raise exception 'emergency_access_grants: only an unreviewed grant''s review may be set' using errcode = 'insufficient_privilege';
    end if;
    return new;
  end $$`,
  guardTriggerStatement([
    {
      name: 'emergency_access_grants_review_once',
      table: EMERGENCY_GRANTS_TABLE,
      event: 'before update or delete',
      forEach: 'row',
      execute: 'emergency_access_grants_review_once',
    },
    {
      name: 'emergency_access_grants_no_truncate',
      table: EMERGENCY_GRANTS_TABLE,
      event: 'before truncate',
      forEach: 'statement',
      execute: 'emergency_access_grants_review_once',
    },
  ]),
];

/** Idempotent; safe to run from every process at start-up. */
export const ensureEmergencyGrantsSchema = (dataSource: DataSource): Promise<void> =>
  ensureSchema(dataSource, EMERGENCY_GRANTS_TABLE, statements);
