import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Checkpoint, EventStore } from '../../port';
import type { ProjectionLogger } from '../logger';
import { createProjectionRunner } from '../projection-runner';
import type { Projection } from '../projection';

export const openDataSource = async (url: string, max = 6): Promise<DataSource> => {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max } });
  await dataSource.initialize();
  return dataSource;
};

export const silentLogger: ProjectionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type SeedOptions = {
  streams: number;
  eventsPerStream: number;
  /** Events per append call. */
  chunk?: number;
  streamPrefix?: string;
  /** Appends running at once, so transactions interleave in the log. */
  concurrency?: number;
  types?: string[];
};

/** Appends events with `data.n` and returns the checkpoint of the latest one. */
export const seedEvents = async (store: EventStore, options: SeedOptions): Promise<Checkpoint> => {
  const chunk = options.chunk ?? 25;
  const types = options.types ?? ['test.happened'];
  const prefix = options.streamPrefix ?? `s-${randomUUID().slice(0, 8)}`;
  const streams = Array.from({ length: options.streams }, (_, s) => `${prefix}-${s}`);
  let latest: Checkpoint | null = null;
  // Streams are appended in parallel so transactions interleave in the log; one stream in order.
  const worker = async (): Promise<void> => {
    for (let streamId = streams.shift(); streamId; streamId = streams.shift()) {
      for (let offset = 0; offset < options.eventsPerStream; offset += chunk) {
        const count = Math.min(chunk, options.eventsPerStream - offset);
        const { checkpoint } = await store.appendToStream(
          streamId,
          Array.from({ length: count }, (_, i) => ({ type: types[(offset + i) % types.length], data: { n: offset + i } })),
        );
        if (latest === null || store.compareCheckpoints(checkpoint, latest) > 0) latest = checkpoint;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  if (latest === null) throw new Error('seedEvents appended nothing');
  return latest;
};

/** Builds a projection in one pass in-process: the reference a crashed or rebuilt one must equal. */
export const buildInOnePass = async (
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  until: Checkpoint,
): Promise<void> => {
  const runner = createProjectionRunner({
    store,
    dataSource,
    projections: [projection],
    batchSize: 100_000,
    logger: silentLogger,
  });
  await runner.start();
  try {
    await runner.waitFor(projection.name, until, 60_000);
  } finally {
    await runner.stop();
  }
};

export const waitUntil = async (condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
