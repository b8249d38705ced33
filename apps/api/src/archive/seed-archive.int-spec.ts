import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EncryptingEventStore, FamilyKeyStore, isEncrypted } from '@ketenregie/access-server';
import { casesPersonalDataRegistry } from '@ketenregie/cases-server';
import {
  DELIVERY_CLAIMS_TABLE,
  ensureFeedbackDeliverySchema,
  feedbackPersonalDataRegistry,
  recordPastDeliveries,
} from '@ketenregie/feedback-server';
import { WrongExpectedVersion, createPostgresEventStore } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { generateArchiveCase, seedArchive } from '@ketenregie/demo';
import type { ArchiveSink, ArchiveTruth } from '@ketenregie/demo';

jest.setTimeout(120_000);

let db: TestDatabase;
let dataSource: DataSource;
let inner: PostgresEventStore;
let keys: FamilyKeyStore;
let store: EncryptingEventStore;
const endsAt = new Date('2026-12-01T00:00:00Z');
const masterKey = randomBytes(32);

beforeAll(async () => {
  db = await createTestDatabase('seed_archive');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 4 });
  await dataSource.initialize();
  inner = await createPostgresEventStore({ connectionString: db.url, poolSize: 4 });
  keys = new FamilyKeyStore(dataSource, masterKey);
  await keys.ensureSchema();
  store = new EncryptingEventStore(inner, keys, { ...casesPersonalDataRegistry, ...feedbackPersonalDataRegistry });
  await ensureFeedbackDeliverySchema(dataSource);
});

afterAll(async () => {
  await store.close();
  await dataSource.destroy();
  await db.drop();
});

const sink: () => ArchiveSink = () => ({
  prepareFamilies: (familyIds) => keys.createKeys(familyIds),
  seal: (streamId, events) => store.sealEvents(streamId, events),
  recordDeliveries: (deliveries) => recordPastDeliveries(dataSource, deliveries),
  appendToNewStreams: (streams) => inner.appendToNewStreams(streams),
});

describe('seeding the archive into PostgreSQL', () => {
  it('appends every generated event in whole streams, sealed as the command path seals them', async () => {
    const truths: ArchiveTruth[] = [];
    const result = await seedArchive({ seed: 9, endsAt, cases: 300, batchEvents: 500, onTruth: (truth) => truths.push(truth) }, sink());
    expect(result.cases).toBe(300);
    expect(truths.map((truth) => truth.caseId)).toEqual(
      Array.from({ length: 300 }, (_, index) => generateArchiveCase({ seed: 9, endsAt }, index).caseId),
    );
    expect(await inner.countAll()).toBe(result.events);
    const openInStore = truths.filter((truth) => truth.open).length;
    expect(result.openCases).toBe(openInStore);

    // Each stream holds exactly what the generator decided, in order, and reads back opened.
    for (const index of [0, 123, 299]) {
      const generated = generateArchiveCase({ seed: 9, endsAt }, index);
      const read = await store.readStream(generated.streamId);
      expect(read.map((event) => [event.id, event.type, event.revision])).toEqual(
        generated.events.map((event, revision) => [event.id, event.type, revision]),
      );
      expect(read[0].data).toEqual(JSON.parse(JSON.stringify(generated.events[0].data)));
      expect(await store.streamVersion(generated.streamId)).toBe(generated.events.length - 1);
      // Stored sealed: the family's key opens it, and without it nothing personal is readable.
      const [raw] = await inner.readStream(generated.streamId, { maxCount: 1 });
      const household = (raw.data as { household: { members: { name: unknown }[]; address: { postcode: unknown } } }).household;
      expect(isEncrypted(household.members[0].name)).toBe(true);
      expect(isEncrypted(household.address.postcode)).toBe(true);
      expect(JSON.stringify(raw.data)).not.toContain(generated.truth.members[0].name.familyName);
    }

    // The feedback streams too, their messages sealed with the family's key; every mail of the past
    // is in the delivery worker's ledger as settled, so none is ever sent again.
    const withFeedback = Array.from({ length: 300 }, (_, index) => generateArchiveCase({ seed: 9, endsAt }, index)).filter(
      (generated) => generated.feedback.events.length > 0,
    );
    expect(withFeedback.length).toBeGreaterThan(100);
    for (const generated of withFeedback.slice(0, 20)) {
      const read = await store.readStream(generated.feedback.streamId);
      expect(read.map(({ id, type, data }) => ({ id, type, data }))).toEqual(
        generated.feedback.events.map(({ id, type, data }) => ({ id, type, data: JSON.parse(JSON.stringify(data)) as unknown })),
      );
      const [raw] = await inner.readStream(generated.feedback.streamId, { maxCount: 1 });
      expect(isEncrypted(raw.data['text'])).toBe(true);
      expect(isEncrypted(raw.data['recipientEmail'])).toBe(true);
    }
    const deliveries = withFeedback.flatMap((generated) => generated.deliveries);
    const claims = (await dataSource.query(
      `select message_id, outcome, settled_at from ${DELIVERY_CLAIMS_TABLE} where message_id = any($1::text[])`,
      [deliveries.map((delivery) => delivery.messageId)],
    )) as { message_id: string; outcome: string; settled_at: Date | null }[];
    expect(claims).toHaveLength(deliveries.length);
    expect(claims.every((claim) => claim.settled_at !== null)).toBe(true);
  });

  it('creates the keys of many families in one go, keeps a key that exists and gives an erased family none', async () => {
    const tag = randomBytes(4).toString('hex');
    const [kept, fresh, erased] = ['kept', 'fresh', 'erased'].map((name) => `bulk-${name}-${tag}`);
    const before = await keys.getKey(kept);
    await keys.erase(erased, 'request');
    const elsewhere = new FamilyKeyStore(dataSource, masterKey);
    await elsewhere.createKeys([kept, fresh, erased]);
    const rows = (await dataSource.query('select family_id from family_keys where family_id = any($1::text[]) order by family_id', [
      [kept, fresh, erased],
    ])) as { family_id: string }[];
    expect(rows.map((row) => row.family_id).sort()).toEqual([fresh, kept].sort());
    expect(await elsewhere.getKey(kept)).toEqual(before);
    expect((await elsewhere.getKey(erased)).status).toBe('erased');
    expect((await keys.findKey(fresh)).status).toBe('active');
  });

  it('refuses a batch with a stream that exists, and writes none of it', async () => {
    const before = await inner.countAll();
    const existing = generateArchiveCase({ seed: 9, endsAt }, 5);
    const fresh = generateArchiveCase({ seed: 9, endsAt }, 500);
    await keys.createKeys([fresh.familyId]);
    await expect(
      inner.appendToNewStreams([
        { streamId: fresh.streamId, events: await store.sealEvents(fresh.streamId, fresh.events) },
        { streamId: existing.streamId, events: existing.events },
      ]),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await inner.countAll()).toBe(before);
    expect(await inner.streamVersion(fresh.streamId)).toBe('no_stream');
  });

  it('stops between batches when asked, leaving whole cases only', async () => {
    // Case ids do not depend on the seed: a store of its own.
    const other = await createPostgresEventStore({ connectionString: db.url, schema: 'archive_stop', poolSize: 2 });
    let batches = 0;
    const result = await seedArchive(
      { seed: 10, endsAt, cases: 400, batchEvents: 200, stopped: () => batches >= 2, onProgress: () => (batches += 1) },
      { ...sink(), appendToNewStreams: (streams) => other.appendToNewStreams(streams) },
    );
    expect(result.stopped).toBe(true);
    expect(result.cases).toBeLessThan(400);
    for (let index = 0; index < result.cases; index += 1) {
      const generated = generateArchiveCase({ seed: 10, endsAt }, index);
      expect(await other.streamVersion(generated.streamId)).toBe(generated.events.length - 1);
    }
    expect(await other.streamVersion(generateArchiveCase({ seed: 10, endsAt }, result.cases + 50).streamId)).toBe('no_stream');
    expect(await other.countAll()).toBe(result.events);
    await other.close();
  });
});
