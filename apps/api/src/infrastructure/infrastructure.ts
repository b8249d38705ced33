import { hkdfSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventStore, Projection, ProjectionRunner } from '@ketenregie/event-store';
import { createEventStoreDbEventStore, createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import {
  EncryptingEventStore,
  FamilyErasureService,
  FamilyKeyStore,
  MasterKeyMismatch,
  directAccessLog,
  listenForFamilyErasures,
} from '@ketenregie/access-server';
import { CasesFamilyDataEraser, casesPersonalDataRegistry } from '@ketenregie/cases-server';
import { FeedbackFamilyDataEraser, feedbackPersonalDataRegistry } from '@ketenregie/feedback-server';
import type { FamilyDataEraser } from '@ketenregie/access-contracts';
import type { ApiConfig } from '../config/config';
import { checkPostgres } from '../database/check-postgres';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { resolveMasterKey } from '../erasure/master-key';
import { eventStoreHosts, probeEventStore, withTimeout } from '../event-store/probe-event-store';
import type { Logger } from '../logging/logger';
import { errorFields } from '../logging/logger';
import { StartupError } from '../startup-error';

export type DatabaseKind = 'embedded' | 'external';

export type Infrastructure = {
  database: { url: string; kind: DatabaseKind };
  dataSource: DataSource;
  /**
   * The event store every part of the app uses: personal fields are sealed on append and opened
   * (or shown as erased) on every read, projections and replays included (docs/adr/0005).
   */
  eventStore: EventStore;
  /** Per-family data keys and their tombstones; erasing a family deletes its key. */
  familyKeys: FamilyKeyStore;
  /** Erasure of a family's personal data: key, tombstone and every context's read models. */
  erasure: FamilyErasureService;
  projectionRunner: ProjectionRunner;
  /**
   * Key of the referrer portal links' tokens, derived from the master key: the same in every
   * process that shares the database, and gone with it.
   */
  portalLinkSecret: Buffer;
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
      throw new StartupError(`EVENTSTORE_CONNECTION_STRING is not usable: ${error instanceof Error ? error.message : String(error)}.`);
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
export const createInfrastructure = async (config: ApiConfig, logger: Logger, options: InfrastructureOptions): Promise<Infrastructure> => {
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
    // Settled before connecting: with an external database a missing key is a setting to fix.
    const configuredKey = config.databaseUrl ? await resolveMasterKey(config) : undefined;
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
      // Set when each connection starts, so it costs no statement per request (config.ts says why).
      extra: { options: `-c max_parallel_workers_per_gather=${config.parallelWorkersPerQuery}` },
    });
    await dataSource.initialize();
    closers.push({ name: 'read-model pool', close: () => dataSource.destroy() });

    // After the embedded server: its first start creates DATA_DIR, where the generated key is kept.
    const masterKey = configuredKey ?? (await resolveMasterKey(config));
    const portalLinkSecret = Buffer.from(hkdfSync('sha256', masterKey.key, Buffer.alloc(0), 'ketenregie:feedback-portal-links', 32));
    // Same database as the PostgreSQL event store: see `asyncKeyCommits`.
    const familyKeys = new FamilyKeyStore(dataSource, masterKey.key, { asyncKeyCommits: !config.eventStoreConnectionString });
    await familyKeys.ensureSchema();
    try {
      await familyKeys.verifyMasterKey();
    } catch (error) {
      if (!(error instanceof MasterKeyMismatch)) throw error;
      throw new StartupError(
        masterKey.source === 'configured'
          ? 'MASTER_KEY does not open the family keys in this database: set the key this database was created with.'
          : `The master key in ${config.dataDir} does not open the family keys in this database: restore the key file, or set MASTER_KEY.`,
      );
    }
    const familyDataErasers: FamilyDataEraser[] = [new CasesFamilyDataEraser(dataSource), new FeedbackFamilyDataEraser(dataSource)];
    const erasureAccessLog = directAccessLog(dataSource);
    await erasureAccessLog.ensureSchema();
    const erasure = new FamilyErasureService(dataSource, familyKeys, familyDataErasers, {
      logger: logger.child({ component: 'erasure' }),
      accessLog: erasureAccessLog,
    });
    // Before any projection runs: the case register reads the erased families in every batch.
    await erasure.ensureSchema();
    const erasures = listenForFamilyErasures({
      connectionString: database.url,
      keys: familyKeys,
      applicationName: 'ketenregie-api-erasures',
      onError: (error) =>
        logger.warn({ component: 'erasures', ...errorFields(error), stack: undefined }, 'erasure notifications interrupted; reconnecting'),
    });
    closers.push({ name: 'erasure notifications', close: () => erasures.close() });
    await withTimeout(erasures.ready, startupTimeoutMs, 'listening for erasures').catch(() =>
      logger.warn({ component: 'erasures' }, 'not yet listening for erasures; cached keys expire after 30 s meanwhile'),
    );

    const plainEventStore = config.eventStoreConnectionString
      ? await connectEventStoreDb(config.eventStoreConnectionString)
      : await createPostgresEventStore({ connectionString: database.url });
    closers.push({ name: 'event store', close: () => plainEventStore.close() });
    const eventStore = new EncryptingEventStore(plainEventStore, familyKeys, {
      ...casesPersonalDataRegistry,
      ...feedbackPersonalDataRegistry,
    });

    const projectionRunner = createProjectionRunner({
      store: eventStore,
      dataSource,
      projections: options.projections,
      logger: logger.child({ component: 'projections' }),
    });
    // Registered last so it is stopped first: batches in flight still need the store and pool.
    closers.push({ name: 'projection runner', close: () => projectionRunner.stop() });

    let closing: Promise<void> | undefined;
    return {
      database,
      dataSource,
      eventStore,
      familyKeys,
      erasure,
      projectionRunner,
      portalLinkSecret,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
};
