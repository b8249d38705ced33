import { DataSource } from 'typeorm';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { MILESTONE_CHECKPOINTS_TABLE, skipImportedHistory } from './milestone-processor';

describe('skipping imported history in the milestone processor (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('feedback_skip_imported');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const importStreams = async (prefix: string, count: number) => {
    const before = await store.headCheckpoint();
    await store.appendToNewStreams(
      Array.from({ length: count }, (_, index) => ({
        streamId: `${prefix}-${index}`,
        events: [{ type: 'test.imported', data: { index } }],
      })),
    );
    return { before, after: await store.headCheckpoint() };
  };
  const stored = async (name: string): Promise<string | undefined> =>
    (
      (await dataSource.query(`select checkpoint from ${MILESTONE_CHECKPOINTS_TABLE} where name = $1`, [name])) as { checkpoint: string }[]
    )[0]?.checkpoint;

  it('knows where the log ends', async () => {
    expect(await store.headCheckpoint()).toBe('start');
    const { checkpoint } = await store.appendToStream('head-1', [{ type: 'test.head', data: {} }]);
    expect(await store.headCheckpoint()).toBe(checkpoint);
  });

  it('moves a processor that had read everything, or never ran, past the import', async () => {
    const fresh = await importStreams('fresh', 20);
    expect(await skipImportedHistory(dataSource, store, 'start', fresh.after, 'test.never-ran')).toBe(true);
    expect(await stored('test.never-ran')).toBe(fresh.after);

    // Caught up when the next import began: moved again, to the end of that one.
    const next = await importStreams('next', 5);
    expect(next.before).toBe(fresh.after);
    expect(await skipImportedHistory(dataSource, store, next.before, next.after, 'test.never-ran')).toBe(true);
    expect(await stored('test.never-ran')).toBe(next.after);
  });

  it('leaves a processor that still has live events to read before the import where it is', async () => {
    const { checkpoint: handled } = await store.appendToStream('live-1', [{ type: 'test.live', data: {} }]);
    await dataSource.query(`insert into ${MILESTONE_CHECKPOINTS_TABLE} (name, checkpoint) values ($1, $2)`, ['test.behind', handled]);
    await store.appendToStream('live-2', [{ type: 'test.live', data: {} }]);
    const imported = await importStreams('behind', 5);
    expect(await skipImportedHistory(dataSource, store, imported.before, imported.after, 'test.behind')).toBe(false);
    expect(await stored('test.behind')).toBe(handled);

    // A log that held events before a processor ever ran: it reads them all, the import with them.
    expect(await skipImportedHistory(dataSource, store, imported.before, imported.after, 'test.late-start')).toBe(false);
    expect(await stored('test.late-start')).toBeUndefined();
  });
});
