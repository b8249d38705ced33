import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EncryptingEventStore, FamilyKeyStore, isEncrypted } from '@ketenregie/access-server';
import { casesPersonalDataRegistry } from '@ketenregie/cases-server';
import { generateArchiveCase, seedArchive } from '@ketenregie/demo';
import type { ArchiveDelivery, ArchiveTruth } from '@ketenregie/demo';
import { createPostgresEventStore } from '@ketenregie/event-store';
import { DELIVERY_CLAIMS_TABLE, ensureFeedbackDeliverySchema, recordPastDeliveries } from '@ketenregie/feedback-server';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startArchiveWorkers } from './archive-workers';

// Workers compile the sources when they start: seconds on a busy machine.
jest.setTimeout(300_000);

let db: TestDatabase;
let dataSource: DataSource;
let keys: FamilyKeyStore;
const stores: PostgresEventStore[] = [];
const options = { seed: 21, endsAt: new Date('2026-12-01T00:00:00Z'), regionShare: 0.2 };
const CASES = 260;

beforeAll(async () => {
  db = await createTestDatabase('archive_workers');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 4 });
  await dataSource.initialize();
  keys = new FamilyKeyStore(dataSource, randomBytes(32));
  await keys.ensureSchema();
  await ensureFeedbackDeliverySchema(dataSource);
});

const recordDeliveries = (deliveries: ArchiveDelivery[]) => recordPastDeliveries(dataSource, deliveries);

afterAll(async () => {
  for (const store of stores) await store.close();
  await dataSource.destroy();
  await db.drop();
});

const seedWith = async (workerCount: number, schema: string) => {
  const store = await createPostgresEventStore({ connectionString: db.url, schema, poolSize: 2 });
  stores.push(store);
  const workers = startArchiveWorkers(workerCount, options, keys, store, recordDeliveries);
  const truths: ArchiveTruth[] = [];
  try {
    const result = await seedArchive({ ...options, cases: CASES, batchEvents: 300, onTruth: (truth) => truths.push(truth) }, workers);
    return { store, result, truths };
  } finally {
    await workers.close();
  }
};

describe('the archive generated in worker threads', () => {
  it('is the same archive with one worker and with three, in case order, sealed as the command path seals it', async () => {
    const one = await seedWith(1, 'archive_one_worker');
    const three = await seedWith(3, 'archive_three_workers');
    expect(one.result).toMatchObject({ cases: CASES, stopped: false });
    expect(three.result.events).toBe(one.result.events);
    expect(three.truths).toEqual(one.truths);
    expect(one.truths.map((truth) => truth.caseId)).toEqual(
      Array.from({ length: CASES }, (_, index) => generateArchiveCase(options, index).caseId),
    );
    expect(await one.store.countAll()).toBe(one.result.events);
    expect(await three.store.countAll()).toBe(one.result.events);

    // Read back through the encrypting store, each stream is what the generator decided, opened.
    const readOne = new EncryptingEventStore(one.store, keys, casesPersonalDataRegistry);
    const readThree = new EncryptingEventStore(three.store, keys, casesPersonalDataRegistry);
    const deliveries: ArchiveDelivery[] = [];
    for (let index = 0; index < CASES; index += 1) {
      const generated = generateArchiveCase(options, index);
      deliveries.push(...generated.deliveries);
      // The case's stream and its feedback stream (none when no referrer was told anything).
      for (const stream of [generated, generated.feedback]) {
        const expected = stream.events.map((event, revision) => ({
          id: event.id,
          type: event.type,
          revision,
          data: JSON.parse(JSON.stringify(event.data)) as unknown,
          metadata: JSON.parse(JSON.stringify(event.metadata)) as unknown,
        }));
        for (const reader of [readOne, readThree]) {
          const read = await reader.readStream(stream.streamId);
          expect(read.map(({ id, type, revision, data, metadata }) => ({ id, type, revision, data, metadata }))).toEqual(expected);
        }
      }
    }
    // Stored sealed: nothing personal readable without the family's key, in a message neither.
    const first = generateArchiveCase(options, 0);
    const [raw] = await three.store.readStream(first.streamId, { maxCount: 1 });
    const household = (raw.data as { household: { members: { name: unknown }[] } }).household;
    expect(isEncrypted(household.members[0].name)).toBe(true);
    expect(JSON.stringify(raw.data)).not.toContain(first.truth.members[0].name.givenNames);
    const told = Array.from({ length: CASES }, (_, index) => generateArchiveCase(options, index)).find(
      (generated) => generated.feedback.events.length > 0,
    );
    const [message] = told ? await three.store.readStream(told.feedback.streamId, { maxCount: 1 }) : [];
    expect(message?.type).toBe('feedback.message-queued');
    for (const field of ['recipientEmail', 'subject', 'text']) expect(isEncrypted(message?.data[field])).toBe(true);
    // Every mail of the past is settled in the delivery worker's ledger before its batch was appended.
    expect(deliveries.length).toBeGreaterThan(CASES / 2);
    const [{ settled }] = (await dataSource.query(
      `select count(*)::int as settled from ${DELIVERY_CLAIMS_TABLE} where message_id = any($1::text[]) and settled_at is not null`,
      [deliveries.map((delivery) => delivery.messageId)],
    )) as { settled: number }[];
    expect(settled).toBe(deliveries.length);
  });

  it('stops between batches when asked, leaving whole cases in case order', async () => {
    const store = await createPostgresEventStore({ connectionString: db.url, schema: 'archive_workers_stop', poolSize: 2 });
    stores.push(store);
    const workers = startArchiveWorkers(2, options, keys, store, recordDeliveries);
    let batches = 0;
    const truths: ArchiveTruth[] = [];
    const result = await seedArchive(
      {
        ...options,
        cases: CASES,
        batchEvents: 140,
        stopped: () => batches >= 2,
        onProgress: () => (batches += 1),
        onTruth: (truth) => truths.push(truth),
      },
      workers,
    ).finally(() => workers.close());
    expect(result.stopped).toBe(true);
    expect(result.cases).toBeLessThan(CASES);
    expect(truths.map((truth) => truth.caseId)).toEqual(
      Array.from({ length: result.cases }, (_, index) => generateArchiveCase(options, index).caseId),
    );
    expect(await store.countAll()).toBe(result.events);
    expect(await store.streamVersion(generateArchiveCase(options, result.cases).streamId)).toBe('no_stream');
  });
});
