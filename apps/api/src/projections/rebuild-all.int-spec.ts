import { EncryptingEventStore } from '@ketenregie/access-server';
import { casesPersonalDataRegistry } from '@ketenregie/cases-server';
import { ensureFeedbackDeliverySchema, feedbackPersonalDataRegistry, recordPastDeliveries } from '@ketenregie/feedback-server';
import { seedArchive } from '@ketenregie/demo';
import type { PostgresEventStore, Projection } from '@ketenregie/event-store';
import {
  PROJECTION_STATE_TABLE,
  RebuildAborted,
  createPostgresEventStore,
  physicalTableName,
  quoteIdent,
  rebuildProjections,
} from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { loadConfig } from '../config/config';
import type { Infrastructure } from '../infrastructure/infrastructure';
import { createInfrastructure } from '../infrastructure/infrastructure';
import { createLogger } from '../logging/logger';
import { projections } from './registry';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Every read model's rows, per logical table, in a stable order: what queries would see. */
type Contents = Record<string, string[]>;

describe('rebuilding every projection from one pass over the log (PostgreSQL)', () => {
  let db: TestDatabase;
  let plain: PostgresEventStore;
  let infrastructure: Infrastructure;

  // The archive generator is deterministic: asked for more cases, it writes the same first ones
  // again, which are skipped here so a second call only adds history.
  const written = new Set<string>();
  const prepared = new Set<string>();
  const seed = async (cases: number): Promise<void> => {
    const sealing = new EncryptingEventStore(plain, infrastructure.familyKeys, {
      ...casesPersonalDataRegistry,
      ...feedbackPersonalDataRegistry,
    });
    await ensureFeedbackDeliverySchema(infrastructure.dataSource);
    await seedArchive(
      { seed: 7, endsAt: new Date('2026-06-01T00:00:00Z'), cases, batchEvents: 150 },
      {
        prepareFamilies: async (familyIds) => {
          const fresh = familyIds.filter((familyId) => !prepared.has(familyId));
          for (const familyId of fresh) prepared.add(familyId);
          if (fresh.length > 0) await infrastructure.familyKeys.createKeys(fresh);
        },
        seal: (streamId, events) => (written.has(streamId) ? Promise.resolve(events) : sealing.sealEvents(streamId, events)),
        recordDeliveries: (deliveries) => recordPastDeliveries(infrastructure.dataSource, deliveries),
        appendToNewStreams: async (streams) => {
          const fresh = streams.filter((stream) => !written.has(stream.streamId));
          for (const stream of fresh) written.add(stream.streamId);
          return fresh.length > 0 ? plain.appendToNewStreams(fresh) : { events: 0 };
        },
      },
    );
  };

  /** What queries read once the live runner has applied the whole log, including anything appended in reaction to it. */
  const settledLive = async (): Promise<Contents> => {
    for (let previous: Contents | null = null; ;) {
      const { events } = await plain.readAll({ from: 'start', maxCount: 1_000_000 });
      const latest = events[events.length - 1].checkpoint;
      for (const projection of projections) await infrastructure.projectionRunner.waitFor(projection.name, latest, 60_000);
      const current = await served();
      if (previous !== null && JSON.stringify(previous) === JSON.stringify(current)) return current;
      previous = current;
      await new Promise((wait) => setTimeout(wait, 250));
    }
  };

  const contents = async (tables: (projection: Projection, logical: string) => string): Promise<Contents> => {
    const result: Contents = {};
    for (const projection of projections) {
      for (const logical of projection.tables) {
        const rows = (await infrastructure.dataSource.query(
          `select to_jsonb(t)::text as row from ${quoteIdent(tables(projection, logical))} t`,
        )) as {
          row: string;
        }[];
        result[logical] = rows.map(({ row }) => row).sort();
      }
    }
    return result;
  };
  const served = (): Promise<Contents> => contents((_projection, logical) => logical);

  const generations = async (): Promise<Record<string, number>> => {
    const rows = (await infrastructure.dataSource.query(`select name, generation from ${PROJECTION_STATE_TABLE}`)) as {
      name: string;
      generation: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.generation)]));
  };

  beforeAll(async () => {
    db = await createTestDatabase('rebuild_all');
    const config = loadConfig({ DATABASE_URL: db.url, MASTER_KEY: process.env['MASTER_KEY'] });
    infrastructure = await createInfrastructure(config, createLogger('silent'), { projections });
    plain = await createPostgresEventStore({ connectionString: db.url });
    await infrastructure.projectionRunner.start();
  });

  afterAll(async () => {
    await plain?.close();
    await infrastructure?.close();
    await db?.drop();
  });

  it('builds every generation equal to the live one, resumes after a stop, and serves the old generation until the switch', async () => {
    await seed(120);
    const live = await settledLive();
    // The archive touches the case projections; the comparison must not be of empty tables only.
    expect(Object.values(live).filter((rows) => rows.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(Object.values(await generations())).toEqual(projections.map(() => 1));

    // Stopped after its first batches: every projection keeps the progress it committed.
    const stop = new AbortController();
    let batches = 0;
    await expect(
      rebuildProjections({
        store: infrastructure.eventStore,
        dataSource: infrastructure.dataSource,
        projections,
        batchSize: 100,
        signal: stop.signal,
        logger: silentLogger,
        onProgress: ({ phase }) => {
          if (phase === 'building' && ++batches === 3) stop.abort();
        },
      }),
    ).rejects.toBeInstanceOf(RebuildAborted);
    const interrupted = (await infrastructure.dataSource.query(
      `select name, rebuild_generation, rebuild_checkpoint, rebuild_owner from ${PROJECTION_STATE_TABLE} order by name`,
    )) as { name: string; rebuild_generation: number | null; rebuild_checkpoint: string | null; rebuild_owner: string | null }[];
    expect(interrupted).toHaveLength(projections.length);
    for (const row of interrupted) {
      expect(row.rebuild_generation).toBe(2);
      expect(row.rebuild_checkpoint).not.toBeNull();
      expect(row.rebuild_owner).toBeNull();
    }

    // Until the switch, queries read generation 1, which the live runner keeps up to date: more
    // history arrives while the rebuild is stopped, and the views show it.
    expect(Object.values(await generations())).toEqual(projections.map(() => 1));
    expect(await served()).toEqual(live);
    await seed(150);
    const liveAfter = await settledLive();
    expect(liveAfter).not.toEqual(live);
    expect(Object.values(await generations())).toEqual(projections.map(() => 1));

    const result = await rebuildProjections({
      store: infrastructure.eventStore,
      dataSource: infrastructure.dataSource,
      projections,
      batchSize: 100,
      logger: silentLogger,
    });
    expect(
      result.projections.map((rebuilt) => [rebuilt.projection, rebuilt.previousGeneration, rebuilt.generation, rebuilt.resumed]),
    ).toEqual(projections.map((projection) => [projection.name, 1, 2, true]));
    expect(result.projections.every((rebuilt) => rebuilt.parkedEvents === 0)).toBe(true);

    expect(Object.values(await generations())).toEqual(projections.map(() => 2));
    expect(await served()).toEqual(liveAfter);
    // The new generation's own tables hold it; the old ones are gone.
    expect(await contents((_projection, logical) => physicalTableName(logical, 2))).toEqual(liveAfter);
    const [{ old }] = (await infrastructure.dataSource.query(
      `select count(*)::int as old from pg_tables where tablename = any($1::text[])`,
      [projections.flatMap((projection) => projection.tables.map((logical) => physicalTableName(logical, 1)))],
    )) as { old: number }[];
    expect(old).toBe(0);
    // Each new table vacuumed and analyzed before it served.
    const newTables = projections.flatMap((projection) => projection.tables.map((logical) => physicalTableName(logical, 2)));
    const settled = (await infrastructure.dataSource.query(
      `select relname from pg_stat_user_tables where relname = any($1::text[]) and last_vacuum is not null and last_analyze is not null`,
      [newTables],
    )) as { relname: string }[];
    expect(settled.map((row) => row.relname).sort()).toEqual([...newTables].sort());
  });
});
