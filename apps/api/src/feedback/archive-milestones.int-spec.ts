import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EncryptingEventStore, FamilyKeyStore } from '@ketenregie/access-server';
import { casesPersonalDataRegistry } from '@ketenregie/cases-server';
import { generateArchiveCase, seedArchive } from '@ketenregie/demo';
import type { ArchiveCase } from '@ketenregie/demo';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { NewStream, PostgresEventStore, RecordedEvent } from '@ketenregie/event-store';
import {
  createMilestoneProcessor,
  ensureFeedbackDeliverySchema,
  feedbackEventTypes,
  feedbackPersonalDataRegistry,
  feedbackStreamId,
  recordPastDeliveries,
} from '@ketenregie/feedback-server';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';

// The national archive carries the feedback its milestones called for, written by the generator;
// the milestone processor must agree with it message for message, and must not mail its history.

jest.setTimeout(180_000);

const DAY = 86_400_000;
const CASES = 160;

let db: TestDatabase;
let dataSource: DataSource;
let keys: FamilyKeyStore;
const plainStores: PostgresEventStore[] = [];
const registry = { ...casesPersonalDataRegistry, ...feedbackPersonalDataRegistry };

const sealed = (plain: PostgresEventStore): EncryptingEventStore => new EncryptingEventStore(plain, keys, registry);

/** A store of its own (a schema), with the archive of `seed` up to `endsAt` written into it as `seed:archive` writes it. */
const seededStore = async (schema: string, seed: number, endsAt: Date): Promise<PostgresEventStore> => {
  const plain = await createPostgresEventStore({ connectionString: db.url, schema, poolSize: 2 });
  plainStores.push(plain);
  const store = sealed(plain);
  await seedArchive(
    { seed, endsAt, cases: CASES, batchEvents: 400 },
    {
      prepareFamilies: (familyIds) => keys.createKeys(familyIds),
      seal: (streamId, events) => store.sealEvents(streamId, events),
      recordDeliveries: (deliveries) => recordPastDeliveries(dataSource, deliveries),
      appendToNewStreams: (streams) => plain.appendToNewStreams(streams),
    },
  );
  return plain;
};

/** The case streams of `from`, as stored (sealed), in a store of their own: the same history without its feedback. */
const caseStreamsOnly = async (from: PostgresEventStore, schema: string): Promise<PostgresEventStore> => {
  const plain = await createPostgresEventStore({ connectionString: db.url, schema, poolSize: 2 });
  plainStores.push(plain);
  const { events } = await from.readAll({ from: 'start', maxCount: 1_000_000 });
  const streams = new Map<string, NewStream>();
  for (const event of events.filter((candidate) => candidate.streamId.startsWith('case-'))) {
    const stream = streams.get(event.streamId) ?? { streamId: event.streamId, events: [] };
    stream.events.push({ id: event.id, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata });
    streams.set(event.streamId, stream);
  }
  await plain.appendToNewStreams([...streams.values()]);
  return plain;
};

const lastCheckpoint = async (plain: PostgresEventStore) => {
  const { events } = await plain.readAll({ from: 'start', maxCount: 1_000_000 });
  const last = events.at(-1);
  if (!last) throw new Error('empty store');
  return last.checkpoint;
};

/** Runs the milestone processor from the start of the log until it has read all of it. */
const processAll = async (plain: PostgresEventStore, options: { name: string; maxEventAgeMs?: number }): Promise<void> => {
  const processor = createMilestoneProcessor({ store: sealed(plain), db: dataSource, ...options });
  await processor.start();
  try {
    await processor.waitFor(await lastCheckpoint(plain), 120_000);
  } finally {
    await processor.stop();
  }
};

/** The queued messages of a store, opened, in log order: what each tells whom, under which id and metadata. */
const messagesOf = async (plain: PostgresEventStore): Promise<Pick<RecordedEvent, 'id' | 'streamId' | 'data' | 'metadata'>[]> => {
  const { events } = await sealed(plain).readAll({ from: 'start', maxCount: 1_000_000 });
  return events
    .filter((event) => event.type === feedbackEventTypes.queued)
    .map(({ id, streamId, data, metadata }) => ({ id, streamId, data, metadata }));
};

beforeAll(async () => {
  db = await createTestDatabase('archive_milestones');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 4 });
  await dataSource.initialize();
  keys = new FamilyKeyStore(dataSource, randomBytes(32));
  await keys.ensureSchema();
  await ensureFeedbackDeliverySchema(dataSource);
});

afterAll(async () => {
  for (const plain of plainStores) await plain.close();
  await dataSource.destroy();
  await db.drop();
});

describe('the national archive and the milestone processor', () => {
  it('carries the very messages the processor queues from its case events, so a replay from the start appends nothing', async () => {
    const archive = await seededStore('archive_with_feedback', 31, new Date('2026-06-01T00:00:00Z'));
    const written = await messagesOf(archive);
    expect(written.length).toBeGreaterThan(CASES);
    // Requests to send again are part of the history: their messages too.
    expect(written.some((message) => message.data['personal'] === true)).toBe(true);

    // Read again with no age limit, every milestone's message is already stored under its id.
    const before = await archive.countAll();
    await processAll(archive, { name: 'test.archive-replay', maxEventAgeMs: Number.POSITIVE_INFINITY });
    expect(await archive.countAll()).toBe(before);

    // The same case events without their feedback: the processor queues exactly what the archive holds.
    const bare = await caseStreamsOnly(archive, 'archive_cases_only');
    await processAll(bare, { name: 'test.archive-cases-only', maxEventAgeMs: Number.POSITIVE_INFINITY });
    expect(await messagesOf(bare)).toEqual(written);
  });

  it('mails no referrer about the history of an archive imported today, and still tells a fresh milestone', async () => {
    // Every milestone of this archive happened three weeks ago or earlier; all of it is stored today.
    const endsAt = new Date(Date.now() - 21 * DAY);
    const archive = await seededStore('archive_imported', 32, endsAt);
    const history = await caseStreamsOnly(archive, 'archive_imported_cases_only');
    await processAll(history, { name: 'test.archive-import' });
    expect(await messagesOf(history)).toEqual([]);

    // A new report on a case of that history (the family is back): its referrer hears at once.
    const cases = Array.from({ length: CASES }, (_, index) => generateArchiveCase({ seed: 32, endsAt }, index));
    const closed = cases.find((generated) => !generated.truth.open) as ArchiveCase;
    const processor = createMilestoneProcessor({ store: sealed(history), db: dataSource, name: 'test.archive-import' });
    await processor.start();
    try {
      const now = new Date().toISOString();
      const reportId = `${closed.caseId}-r-${randomUUID().slice(0, 8)}`;
      const appended = await sealed(history).appendToStream(
        closed.streamId,
        [
          {
            type: 'cases.report-received',
            data: {
              reportId,
              assessmentId: reportId,
              receivedAt: now,
              referrer: {
                kind: 'professional',
                name: 'J. de Vries',
                organisation: 'Basisschool De Regenboog',
                role: 'leerkracht',
                contact: { email: 'j.devries@regenboog.example' },
                feedbackConsent: { kind: 'granted', channel: 'email' },
                namingEndangers: false,
              },
            },
            metadata: { timestamp: now },
          },
        ],
        { expectedVersion: closed.events.length - 1 },
      );
      await processor.waitFor(appended.checkpoint, 60_000);
    } finally {
      await processor.stop();
    }
    const told = await messagesOf(history);
    expect(told.map((message) => [message.streamId, message.data['milestone'], message.data['recipientEmail']])).toEqual([
      [feedbackStreamId(closed.caseId), 'report-received', 'j.devries@regenboog.example'],
    ]);
  });
});
