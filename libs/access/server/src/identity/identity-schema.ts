import type { DataSource } from 'typeorm';
import { ensureSchema } from '@ketenregie/platform-persistence';

export const ACCOUNTS_TABLE = 'auth_accounts';
export const SESSIONS_TABLE = 'auth_sessions';
export const OIDC_FLOWS_TABLE = 'auth_oidc_flows';

/**
 * Accounts are never deleted, only disabled: their id is the `userId` in events and in the access
 * log, which outlive the account. Sessions and sign-ins in progress are keyed by the SHA-256 of
 * their random id; the id itself exists only in the user's cookie.
 */
const statements = [
  `create table if not exists ${ACCOUNTS_TABLE} (
    id text primary key check (length(id) between 1 and 200),
    username text not null check (length(username) between 1 and 200),
    display_name text not null check (length(display_name) between 1 and 200),
    organisation_id text not null check (length(organisation_id) between 1 and 200),
    roles text[] not null default '{}',
    password_hash text,
    failed_attempts integer not null default 0,
    locked_until timestamptz,
    disabled boolean not null default false,
    oidc_issuer text,
    oidc_subject text,
    demo boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((oidc_issuer is null) = (oidc_subject is null))
  )`,
  `create unique index if not exists auth_accounts_username on ${ACCOUNTS_TABLE} (lower(username))`,
  `create unique index if not exists auth_accounts_oidc on ${ACCOUNTS_TABLE} (oidc_issuer, oidc_subject) where oidc_subject is not null`,
  `create table if not exists ${SESSIONS_TABLE} (
    id_hash text primary key,
    account_id text not null references ${ACCOUNTS_TABLE} (id) on delete cascade,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    csrf_token text not null,
    authenticated_by text not null
  )`,
  `create index if not exists auth_sessions_account on ${SESSIONS_TABLE} (account_id)`,
  `create index if not exists auth_sessions_expires on ${SESSIONS_TABLE} (expires_at)`,
  `create table if not exists ${OIDC_FLOWS_TABLE} (
    id_hash text primary key,
    state text not null,
    nonce text not null,
    code_verifier text not null,
    return_to text not null,
    expires_at timestamptz not null
  )`,
];

/** Idempotent; safe to run from every process at start-up. */
export const ensureIdentitySchema = (dataSource: DataSource): Promise<void> => ensureSchema(dataSource, 'identity', statements);
