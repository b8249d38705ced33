import type { DataSource } from 'typeorm';
import type { EventStore, EventToAppend } from '../../port';
import type { Projection } from '../projection';
import { quoteIdent } from '../projection-state';

/**
 * A projection for the parking tests that fails the way the case register did in production: it
 * writes a text that arrives sealed (here base64, as the encrypted personal fields arrive decrypted
 * on read) through `jsonb_to_recordset`, and PostgreSQL cannot hold U+0000 in jsonb text (22P05).
 * The event store itself refuses such a text in an event's JSON, so it can only reach a projection
 * from inside a sealed field.
 *
 * Per event one row with how often it was applied; per stream the labels in the order they were
 * applied, so an event skipped, applied twice or applied out of order shows in the rows.
 */
export type LabelProjectionOptions = {
  name: string;
  prefix: string;
  /** The fix a deploy brings: U+0000 removed before the write. Read at every apply. */
  fixed?: () => boolean;
  /** Makes `apply` fail, with a PostgreSQL error of this SQLSTATE, while it returns one. */
  failWith?: () => string | undefined;
  /** The event type it reads, so projections of several tests in one database see only their own. */
  eventType?: string;
};

export const labelTables = (prefix: string) => ({ events: `${prefix}_events`, streams: `${prefix}_streams` });

export const sealLabel = (label: string): string => Buffer.from(label, 'utf8').toString('base64');

export const labelEvent = (label: string, type = 'test.labelled'): EventToAppend => ({ type, data: { sealedLabel: sealLabel(label) } });

export const createLabelProjection = (options: LabelProjectionOptions): Projection => {
  const tables = labelTables(options.prefix);
  return {
    name: options.name,
    tables: [tables.events, tables.streams],
    eventTypes: [options.eventType ?? 'test.labelled'],
    createTables: (physical) => [
      `create table ${quoteIdent(physical[tables.events])} (
        event_id text primary key,
        stream_id text not null,
        revision integer not null,
        label text not null,
        applications integer not null
      )`,
      `create table ${quoteIdent(physical[tables.streams])} (
        stream_id text primary key,
        labels text not null,
        events integer not null,
        last_revision integer not null
      )`,
    ],
    apply: async (events, { manager, tables: physical }) => {
      const failure = options.failWith?.();
      if (failure) {
        await manager.query(`do $$ begin raise exception 'requested by the test' using errcode = '${failure}'; end $$`);
      }
      const rows = events.map((event) => {
        const label = Buffer.from(String(event.data['sealedLabel']), 'base64').toString('utf8');
        return {
          id: event.id,
          stream: event.streamId,
          revision: event.revision,
          label: options.fixed?.() ? label.replaceAll('\u0000', '') : label,
        };
      });
      const json = JSON.stringify(rows);
      await manager.query(
        `insert into ${quoteIdent(physical[tables.events])} as t (event_id, stream_id, revision, label, applications)
         select id, stream, revision, label, 1 from jsonb_to_recordset($1::jsonb) as r(id text, stream text, revision int, label text)
         on conflict (event_id) do update set applications = t.applications + 1`,
        [json],
      );
      await manager.query(
        `insert into ${quoteIdent(physical[tables.streams])} as t (stream_id, labels, events, last_revision)
         select stream, string_agg(label, ',' order by revision), count(*), max(revision)
           from jsonb_to_recordset($1::jsonb) as r(stream text, revision int, label text) group by stream
         on conflict (stream_id) do update
           set labels = t.labels || ',' || excluded.labels, events = t.events + excluded.events,
               last_revision = greatest(t.last_revision, excluded.last_revision)`,
        [json],
      );
    },
  };
};

/** Appends one labelled event per label to a stream, each in its own append, so streams interleave. */
export const appendLabels = async (store: EventStore, streamId: string, labels: string[], type?: string): Promise<string> => {
  let checkpoint = '';
  for (const label of labels) checkpoint = (await store.appendToStream(streamId, [labelEvent(label, type)])).checkpoint;
  return checkpoint;
};

export const readLabels = async (dataSource: DataSource, prefix: string) => {
  const tables = labelTables(prefix);
  const events = (await dataSource.query(
    `select event_id, stream_id, revision, label, applications from ${quoteIdent(tables.events)} order by stream_id, revision`,
  )) as { event_id: string; stream_id: string; revision: number; label: string; applications: number }[];
  const streams = (await dataSource.query(
    `select stream_id, labels, events, last_revision from ${quoteIdent(tables.streams)} order by stream_id`,
  )) as {
    stream_id: string;
    labels: string;
    events: number;
    last_revision: number;
  }[];
  return { events, streams };
};
