/**
 * Storage layout of the PostgreSQL adapter.
 *
 * Ordering: a subscriber must never skip an event. A plain `global_position > last` cursor does
 * skip: positions come from a sequence at insert time, but transactions commit in another order,
 * so a reader can pass a position whose transaction commits later. We therefore order by
 * (transaction id, position) and only read transactions older than the oldest one still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`): below that horizon nothing can appear any more.
 *
 * An append is one SQL statement (one round trip, one transaction): an UPDATE, or for `any` and
 * `no_stream` an upsert, checks the expected version while locking and bumping the stream row
 * (re-checked against the newest row version under concurrency), and the same statement inserts
 * the batch set-based. Idempotency is resolved by the caller only when an append fails (a retry
 * trips the event-id unique index or the version check), so the common path pays nothing for it.
 * Subscribers are woken by a NOTIFY sent after commit, outside the append transaction: a NOTIFY
 * inside it would hold PostgreSQL's global notify lock until commit, serialising every append
 * including its WAL flush.
 *
 * `global_position` has no index of its own: readers use (transaction_id, global_position), and
 * every extra index costs each append an index insert and its WAL.
 */
export const schemaStatements = (schema: string): string[] => {
  const s = `"${schema}"`;
  return [
    `create schema if not exists ${s}`,
    `create table if not exists ${s}.es_streams (
      stream_id text primary key,
      -- revision of the last event ever appended; -1 while the stream has none
      version bigint not null default -1,
      deleted boolean not null default false,
      -- soft delete hides revisions below this; a recreated stream continues numbering
      truncate_before bigint not null default 0,
      metadata jsonb,
      metadata_revision integer
    )`,
    `create table if not exists ${s}.es_events (
      global_position bigint generated always as identity,
      transaction_id xid8 not null default pg_current_xact_id(),
      stream_id text not null,
      stream_revision bigint not null,
      event_id uuid not null,
      event_type text not null,
      schema_version integer not null,
      data jsonb not null,
      metadata jsonb not null,
      recorded_at timestamptz not null default clock_timestamp()
    )`,
    `create unique index if not exists es_events_stream_revision on ${s}.es_events (stream_id, stream_revision)`,
    `create unique index if not exists es_events_event_id on ${s}.es_events (event_id)`,
    `create index if not exists es_events_log_order on ${s}.es_events (transaction_id, global_position)`,
  ];
};
