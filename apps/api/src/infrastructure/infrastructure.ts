import { DataSource } from 'typeorm';
import type { EventStore, Projection, ProjectionRunner } from '@ketenregie/event-store';
import { createEventStoreDbEventStore, createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { ApiConfig } from '../config/config';
import { checkPostgres } from '../database/check-postgres';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { eventStoreHosts, probeEventStore, withTimeout } from '../event-store/probe-event-store';
import type { Logger } from '../logging/logger';
import { errorFields } from '../logging/logger';
import { StartupError } from '../startup-error';

export type DatabaseKind = 'embedded' | 'external';

export type Infrastructure = {
  database: { url: string; kind: DatabaseKind };
  dataSource: DataSource;
  eventStore: EventStore;
  projectionRunner: ProjectionRunner;
  /** Stops the runner, then closes the store, the read-model pool and the embedded server. */
  close: () => Promise<void>;
};

export type InfrastructureOptions = {
  projections: Projection[];
  /** TypeORM entities of the read models; projections write with SQL and need none. */
  entities?: NonNullable<ConstructorParameters<typeof DataSource>[0]['entities']>;
};

const startupTimeoutMs = 5000;
const closeTimeoutMs = 10_000;

const connectEventStoreDb = async (connectionString: string): Promise<EventStore> => {
  const store = await Promise.resolve()
    .then(() => createEventStoreDbEventStore(connectionString))
    .catch((error: unknown) => {
    throw new StartupError(
      `EVENTSTORE_CONNECTION_STRING is not usable: ${error instanceof Error ? error.message : String(error)}.`,
    );
  });
  try {
    await probeEventStore(store, startupTimeoutMs);
    return store;
  } catch (error) {
    await withTimeout(store.close(), startupTimeoutMs, 'closing the client').catch(() => undefined);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StartupError(
      `Cannot reach EventStoreDB at ${eventStoreHosts(connectionString)} (${reason}): start it or correct EVENTSTORE_CONNECTION_STRING.`,
    );
  }
};

/**
 * Everything with a connection or a process behind it, created before Nest so a bad setting ends
 * start-up with one sentence, and closed in one place in a fixed order.
 */
export const createInfrastructure = async (
  config: ApiConfig,
  logger: Logger,
  options: InfrastructureOptions,
): Promise<Infrastructure> => {
  const closers: { name: string; close: () => Promise<unknown> }[] = [];
  // Shutdown must finish even if one part hangs: an orchestrator's kill -9 would otherwise leave
  // the embedded PostgreSQL behind.
  const closeAll = async (): Promise<void> => {
    for (const { name, close } of closers.reverse().splice(0)) {
      await withTimeout(close(), closeTimeoutMs, name).catch((error: unknown) =>
        logger.warn({ component: name, ...errorFields(error), stack: undefined }, `${name} did not close cleanly`),
      );
    }
  };
  try {
    let database: Infrastructure['database'];
    if (config.databaseUrl) {
      await checkPostgres(config.databaseUrl, { timeoutMs: startupTimeoutMs });
      database = { url: config.databaseUrl, kind: 'external' };
    } else {
      const embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        log: (message) => logger.info({ component: 'embedded-postgres' }, message),
      });
      closers.push({ name: 'embedded PostgreSQL', close: embedded.stop });
      database = { url: embedded.url, kind: 'embedded' };
    }

    const dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: options.entities ?? [],
      synchronize: false,
      // SQL text and parameters can hold personal data: TypeORM must not log them.
      logging: false,
      connectTimeoutMS: startupTimeoutMs,
      applicationName: 'ketenregie-api',
    });
    await dataSource.initialize();
    closers.push({ name: 'read-model pool', close: () => dataSource.destroy() });

    const eventStore = config.eventStoreConnectionString
      ? await connectEventStoreDb(config.eventStoreConnectionString)
      : await createPostgresEventStore({ connectionString: database.url });
    closers.push({ name: 'event store', close: () => eventStore.close() });

    const projectionRunner = createProjectionRunner({
      store: eventStore,
      dataSource,
      projections: options.projections,
      logger: logger.child({ component: 'projections' }),
    });
    // Registered last so it is stopped first: batches in flight still need the store and pool.
    closers.push({ name: 'projection runner', close: () => projectionRunner.stop() });

    let closing: Promise<void> | undefined;
    return { database, dataSource, eventStore, projectionRunner, close: () => (closing ??= closeAll()) };
  } catch (error) {
    await closeAll();
    throw error;
  }
};
