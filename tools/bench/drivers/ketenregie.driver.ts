import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { Checkpoint } from '@ketenregie/event-store';
// Deep imports: the package index exports neither the adapter nor the projections.
import { createPostgresEventStore } from '../../../libs/event-store/src/postgres';
import { EVENT_STATISTICS_PROJECTION, createProjectionRunner, eventStatisticsProjection } from '../../../libs/event-store/src/projections';
import type { ProjectionLogger } from '../../../libs/event-store/src/projections';
import type { DriverOptions, StoreDriver } from './driver';

const silentLogger: ProjectionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const createKetenregieDriver = async (options: DriverOptions): Promise<StoreDriver> => {
  const store = await createPostgresEventStore({
    connectionString: options.connectionString,
    poolSize: options.poolSize,
  });
  let head: Checkpoint | 'start' = 'start';

  const readAllPass = async (pageSize: number, limit = Number.POSITIVE_INFINITY): Promise<number> => {
    let from: Checkpoint | 'start' = 'start';
    let read = 0;
    for (;;) {
      const page = await store.readAll({ from, maxCount: pageSize });
      read += page.events.length;
      from = page.checkpoint;
      if (page.events.length < pageSize) break;
      if (read >= limit) return read;
    }
    head = from;
    return read;
  };

  return {
    system: 'ketenregie',
    notes: [
      `createPostgresEventStore({ poolSize: ${options.poolSize} }), expected version 'any'`,
      'read-all: store.readAll pages (transaction id, position) below the xmin horizon',
      'catch-up: ProjectionRunner + eventStatisticsProjection (one upsert + checkpoint per batch transaction), runner prefetches the next batch',
    ],
    append: async (streamId, events) => {
      await store.appendToStream(streamId, events);
    },
    countEvents: () => store.countAll(),
    readAllPass,
    catchUp: async ({ batchSize, headEvents, timeoutMs }) => {
      if (head === 'start' && headEvents > 0) await readAllPass(1000);
      if (head === 'start') throw new Error('Nothing to catch up on');
      const target = head;
      const dataSource = new DataSource({ type: 'postgres', url: options.connectionString, extra: { max: 4 } });
      await dataSource.initialize();
      const runner = createProjectionRunner({
        store,
        dataSource,
        projections: [eventStatisticsProjection],
        batchSize,
        logger: silentLogger,
      });
      try {
        const startedAt = performance.now();
        await runner.start();
        await runner.waitFor(EVENT_STATISTICS_PROJECTION, target, timeoutMs);
        const seconds = (performance.now() - startedAt) / 1000;
        await runner.stop();
        const rows = (await dataSource.query('select coalesce(sum(events), 0)::text as total from event_type_counts')) as {
          total: string;
        }[];
        return {
          seconds,
          projectedEvents: Number(rows[0].total),
          method: `ProjectionRunner(eventStatisticsProjection, batchSize ${batchSize})`,
        };
      } finally {
        await runner.stop().catch(() => undefined);
        await dataSource.destroy();
      }
    },
    close: () => store.close(),
  };
};
