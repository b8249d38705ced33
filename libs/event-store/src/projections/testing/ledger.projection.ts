import type { DataSource } from 'typeorm';
import type { Projection } from '../projection';
import { quoteIdent } from '../projection-state';

/**
 * A projection for the runner's own tests: one row per event with how often it was applied and by
 * whom, plus a per-stream aggregate. An event applied twice or skipped shows up in the rows.
 */
export type LedgerProjectionOptions = {
  name: string;
  /** Logical table prefix, so several ledgers can live in one database. */
  prefix: string;
  /** Recorded in `applied_by`: tells which runner applied an event. */
  label?: string;
  /** Seconds `pg_sleep` holds each batch's transaction open after its writes, to widen the window for a crash. */
  sleepSeconds?: number;
  /** Makes `apply` throw while it returns true (for the retry test). */
  failWhen?: () => boolean;
};

export const ledgerTables = (prefix: string) => ({ events: `${prefix}_events`, streams: `${prefix}_streams` });

export const createLedgerProjection = (options: LedgerProjectionOptions): Projection => {
  const tables = ledgerTables(options.prefix);
  return {
    name: options.name,
    tables: [tables.events, tables.streams],
    createTables: (physical) => [
      `create table ${quoteIdent(physical[tables.events])} (
        event_id text primary key,
        stream_id text not null,
        revision integer not null,
        n integer,
        applications integer not null,
        applied_by text not null
      )`,
      `create table ${quoteIdent(physical[tables.streams])} (
        stream_id text primary key,
        events integer not null,
        total bigint not null,
        last_revision integer not null
      )`,
    ],
    apply: async (events, { manager, tables: physical }) => {
      if (options.failWhen?.()) throw new Error('ledger projection failure requested by the test');
      await manager.query(
        `insert into ${quoteIdent(physical[tables.events])} as t (event_id, stream_id, revision, n, applications, applied_by)
         select id, stream, revision, n, 1, $5 from unnest($1::text[], $2::text[], $3::int[], $4::int[]) as u(id, stream, revision, n)
         on conflict (event_id) do update set applications = t.applications + 1, applied_by = t.applied_by || ',' || excluded.applied_by`,
        [
          events.map((event) => event.id),
          events.map((event) => event.streamId),
          events.map((event) => event.revision),
          events.map((event) => (typeof event.data['n'] === 'number' ? event.data['n'] : null)),
          options.label ?? 'ledger',
        ],
      );
      await manager.query(
        `insert into ${quoteIdent(physical[tables.streams])} as t (stream_id, events, total, last_revision)
         select stream, count(*), coalesce(sum(n), 0), max(revision)
           from unnest($1::text[], $2::int[], $3::int[]) as u(stream, revision, n) group by stream
         on conflict (stream_id) do update
           set events = t.events + excluded.events, total = t.total + excluded.total,
               last_revision = greatest(t.last_revision, excluded.last_revision)`,
        [
          events.map((event) => event.streamId),
          events.map((event) => event.revision),
          events.map((event) => (typeof event.data['n'] === 'number' ? event.data['n'] : 0)),
        ],
      );
      // After the writes: a crash while this sleeps finds the batch written but not yet committed.
      if (options.sleepSeconds) await manager.query('select pg_sleep($1)', [options.sleepSeconds]);
    },
  };
};

/** Rows of a ledger's logical tables (the views), in a stable order, without the runner label. */
export const readLedger = async (dataSource: DataSource, prefix: string): Promise<{ events: unknown[]; streams: unknown[] }> => {
  const tables = ledgerTables(prefix);
  const events = (await dataSource.query(
    `select event_id, stream_id, revision, n, applications from ${quoteIdent(tables.events)} order by event_id`,
  )) as unknown[];
  const streams = (await dataSource.query(
    `select stream_id, events, total::text as total, last_revision from ${quoteIdent(tables.streams)} order by stream_id`,
  )) as unknown[];
  return { events, streams };
};
