import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { DriverOptions, StoreDriver } from './driver';

/**
 * The floor to compare against: no stream versions, no idempotency, no commit-order safety. Its
 * `position > last` cursor is exactly the one our store must not use (it can skip late commits).
 */
const schema = [
  `create table if not exists events (
    position bigserial primary key,
    stream_id text not null,
    type text not null,
    data jsonb not null,
    metadata jsonb not null,
    recorded_at timestamptz not null default now()
  )`,
  'create index if not exists events_stream on events (stream_id, position)',
  'create table if not exists type_counts (type text primary key, events bigint not null)',
  'create table if not exists checkpoints (name text primary key, position bigint not null)',
];

type Row = { position: string; stream_id: string; type: string; data: unknown; metadata: unknown };

export const createRawPgDriver = async (options: DriverOptions): Promise<StoreDriver> => {
  const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize });
  for (const statement of schema) await pool.query(statement);

  const readPage = async (after: string, limit: number): Promise<Row[]> =>
    (
      await pool.query<Row>({
        name: 'raw_read_all',
        text: 'select position, stream_id, type, data, metadata from events where position > $1 order by position limit $2',
        values: [after, limit],
      })
    ).rows;

  return {
    system: 'raw-pg',
    notes: [
      `pg.Pool({ max: ${options.poolSize} }); single-row INSERT per append, one multi-VALUES INSERT per batch`,
      'read-all: where position > $1 order by position limit N',
      'catch-up: read batch, then begin; upsert counts (unnest); update checkpoint; commit',
    ],
    append: async (streamId, events) => {
      if (events.length === 1) {
        const [event] = events;
        await pool.query({
          name: 'raw_append_one',
          text: 'insert into events (stream_id, type, data, metadata) values ($1, $2, $3, $4)',
          values: [streamId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
        });
        return;
      }
      const values: unknown[] = [];
      const rows = events.map((event, i) => {
        values.push(streamId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
        return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
      });
      await pool.query(`insert into events (stream_id, type, data, metadata) values ${rows.join(', ')}`, values);
    },
    countEvents: async () => Number((await pool.query<{ n: string }>('select count(*) as n from events')).rows[0].n),
    readAllPass: async (pageSize, limit = Number.POSITIVE_INFINITY) => {
      let after = '0';
      let read = 0;
      for (;;) {
        const rows = await readPage(after, pageSize);
        read += rows.length;
        if (rows.length > 0) after = rows[rows.length - 1].position;
        if (rows.length < pageSize || read >= limit) return read;
      }
    },
    catchUp: async ({ batchSize, timeoutMs }) => {
      await pool.query('truncate type_counts');
      await pool.query(`insert into checkpoints (name, position) values ('type-counts', 0)
        on conflict (name) do update set position = 0`);
      const startedAt = performance.now();
      let after = (await pool.query<{ position: string }>(`select position from checkpoints where name = 'type-counts'`)).rows[0].position;
      for (;;) {
        if (performance.now() - startedAt > timeoutMs) throw new Error('raw pg catch-up timed out');
        const rows = await readPage(after, batchSize);
        if (rows.length === 0) break;
        const counts = new Map<string, number>();
        for (const row of rows) counts.set(row.type, (counts.get(row.type) ?? 0) + 1);
        const last = rows[rows.length - 1].position;
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(
            `insert into type_counts as t (type, events) select * from unnest($1::text[], $2::bigint[])
             on conflict (type) do update set events = t.events + excluded.events`,
            [[...counts.keys()], [...counts.values()]],
          );
          await client.query(`update checkpoints set position = $1 where name = 'type-counts'`, [last]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
        after = last;
        if (rows.length < batchSize) break;
      }
      const seconds = (performance.now() - startedAt) / 1000;
      const total = await pool.query<{ total: string }>('select coalesce(sum(events), 0)::text as total from type_counts');
      return {
        seconds,
        projectedEvents: Number(total.rows[0].total),
        method: `read ${batchSize} + upsert + checkpoint in one transaction, sequential`,
      };
    },
    close: () => pool.end(),
  };
};
