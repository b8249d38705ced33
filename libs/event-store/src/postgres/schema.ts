/**
 * Storage layout of the PostgreSQL adapter.
 *
 * Ordering: a subscriber must never skip an event. A plain `global_position > last` cursor does
 * skip: positions come from a sequence at insert time, but transactions commit in another order,
 * so a reader can pass a position whose transaction commits later. We therefore order by
 * (transaction id, position) and only read transactions older than the oldest one still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`): below that horizon nothing can appear any more.
 *
 * Appends run as one function call (one round trip, one transaction): check the expected version
 * while locking and bumping the stream row, insert the batch set-based. Idempotency is
 * resolved by the caller only when the append fails (a retry hits the event-id unique index or
 * the version check), so the common path pays nothing for it. Subscribers are woken by a NOTIFY
 * sent after commit, outside the append transaction: a NOTIFY inside it would take PostgreSQL's
 * global notify-queue lock until commit, serialising every append including its WAL flush.
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
      global_position bigint generated always as identity primary key,
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
    `create or replace function ${s}.es_append(p_stream text, p_expected text, p_events jsonb)
      returns table (next_version bigint, tx text, last_position bigint)
      language plpgsql as $fn$
    declare
      v_count integer := jsonb_array_length(p_events);
      v_revision bigint := case when p_expected ~ '^[0-9]+$' then p_expected::bigint end;
      v_base bigint;
      v_current bigint;
      v_position bigint;
    begin
      for attempt in 1..2 loop
        -- Fast path: one statement checks the expected version, locks the stream and bumps it.
        -- Under concurrent writers the WHERE clause is re-checked against the latest row version.
        update ${s}.es_streams st
          set version = st.version + v_count, deleted = false
          where st.stream_id = p_stream
            and (p_expected = 'any'
              or (p_expected = 'no_stream' and (st.deleted or st.version < 0))
              or (p_expected = 'stream_exists' and not st.deleted and st.version >= 0)
              or (v_revision is not null and not st.deleted and st.version = v_revision))
          returning st.version - v_count into v_base;
        exit when found;
        if p_expected in ('any', 'no_stream') then
          insert into ${s}.es_streams (stream_id, version) values (p_stream, v_count - 1)
            on conflict (stream_id) do nothing;
          if found then
            v_base := -1;
            exit;
          end if;
          -- Created concurrently: go round once more against the committed row.
          continue;
        end if;
        exit;
      end loop;

      if v_base is null then
        select case when st.deleted or st.version < 0 then -1 else st.version end into v_current
          from ${s}.es_streams st where st.stream_id = p_stream;
        raise exception using errcode = 'P0001', message = 'wrong_expected_version',
          detail = coalesce(v_current, -1)::text;
      end if;

      with inserted as (
        insert into ${s}.es_events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
          select p_stream, v_base + x.ord, (x.e->>'id')::uuid, x.e->>'type',
                 (x.e->>'schemaVersion')::integer, x.e->'data', x.e->'metadata'
            from jsonb_array_elements(p_events) with ordinality as x(e, ord)
          returning global_position
      )
      select max(global_position) into v_position from inserted;

      return query select v_base + v_count, pg_current_xact_id()::text, v_position;
    end
    $fn$`,
  ];
};
