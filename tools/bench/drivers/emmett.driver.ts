import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { dumbo, sql } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, postgreSQLRawBatchSQLProjection, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { EVENT_TYPES } from '../bench-workload';
import type { DriverOptions, StoreDriver } from './driver';

type BenchEmmettEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;

const COUNTS_TABLE = 'emmett_type_counts';

/** The same per-type count upsert as our projection, in Emmett's raw-SQL batch projection form. */
const typeCountsProjection = postgreSQLRawBatchSQLProjection<BenchEmmettEvent>({
  name: 'bench-type-counts',
  canHandle: [...EVENT_TYPES],
  init: () => sql(`create table if not exists ${COUNTS_TABLE} (type text primary key, events bigint not null)`),
  evolve: (events) => {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    if (counts.size === 0) return [];
    const rows = [...counts].map(([type, count]) => sql('(%L, %s)', type, count)).join(', ');
    return [
      sql(
        `insert into ${COUNTS_TABLE} as t (type, events) values ${rows}
         on conflict (type) do update set events = t.events + excluded.events`,
      ),
    ];
  },
});

export const createEmmettDriver = async (options: DriverOptions): Promise<StoreDriver> => {
  // Emmett's own pool would be pg's default of 10 connections: hand it one as large as the others'.
  const pgPool = new Pool({ connectionString: options.connectionString, max: options.poolSize });
  const pool = dumbo({ connectionString: options.connectionString, pool: pgPool });
  const store = getPostgreSQLEventStore(options.connectionString, { connectionOptions: { dumbo: pool } });
  await store.schema.migrate();

  return {
    system: 'emmett',
    notes: [
      `@event-driven-io/emmett-postgresql 0.42.0, getPostgreSQLEventStore with a pg.Pool({ max: ${options.poolSize} }), no expected version`,
      'read-all: readMessagesBatch({ after, batchSize }) pages',
      'catch-up: store.consumer({ stopWhen: noMessagesLeft, pulling: { batchSize, pullingFrequencyInMs: 0 } }) + projector(postgreSQLRawBatchSQLProjection)',
      "Emmett 0.42's projector hands the projection one event at a time (eachMessage) and stores the checkpoint per event, inside one transaction per pulled batch",
    ],
    append: async (streamId, events) => {
      await store.appendToStream<BenchEmmettEvent>(
        streamId,
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { ...event.metadata, messageId: event.id },
        })),
      );
    },
    countEvents: async () => Number((await pgPool.query<{ n: string }>('select count(*)::text as n from emt_messages')).rows[0].n),
    readAllPass: async (pageSize, limit = Number.POSITIVE_INFINITY) => {
      let after = 0n;
      let read = 0;
      for (;;) {
        const batch = await readMessagesBatch<BenchEmmettEvent>(pool.execute, { after, batchSize: pageSize });
        read += batch.messages.length;
        after = batch.currentGlobalPosition;
        if (batch.messages.length < pageSize || read >= limit) return read;
      }
    },
    catchUp: async ({ batchSize, timeoutMs }) => {
      const consumer = store.consumer({
        stopWhen: { noMessagesLeft: true },
        // The default (100 events, 50 ms pause between batches) would cap catch-up at ~2,000
        // events/s; this gives Emmett the same batch size as the others and no pause.
        pulling: { batchSize, pullingFrequencyInMs: 0 },
      });
      consumer.projector<BenchEmmettEvent>({ projection: typeCountsProjection });
      const startedAt = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          consumer.start(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('Emmett catch-up timed out')), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
      const seconds = (performance.now() - startedAt) / 1000;
      await consumer.stop();
      const total = await pgPool.query<{ total: string }>(`select coalesce(sum(events), 0)::text as total from ${COUNTS_TABLE}`);
      return {
        seconds,
        projectedEvents: Number(total.rows[0].total),
        method: `consumer + projector(postgreSQLRawBatchSQLProjection), pulling batchSize ${batchSize}`,
      };
    },
    close: async () => {
      await store.close();
      await pgPool.end();
    },
  };
};
