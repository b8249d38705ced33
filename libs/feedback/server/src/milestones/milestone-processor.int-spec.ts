import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { EventStore, PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { feedbackStreamId } from '../feedback-events/feedback-events';
import { createMilestoneProcessor } from './milestone-processor';

// Received now: a milestone that happened longer ago than the processor's age limit is history it reads past.
const reportReceived = (reportId: string, referrer: unknown, receivedAt = new Date().toISOString()) => ({
  id: randomUUID(),
  type: 'cases.report-received',
  data: { reportId, referrer, assessmentId: reportId, receivedAt } as Record<string, unknown>,
  metadata: { timestamp: receivedAt },
});

const teacher = {
  kind: 'professional',
  name: 'Els',
  organisation: 'OBS',
  role: 'ib',
  contact: { email: 'els@example.org' },
  feedbackConsent: { kind: 'granted', channel: 'email' },
  namingEndangers: false,
};

const queuedOn = async (store: EventStore, caseId: string) =>
  (await store.readStream(feedbackStreamId(caseId))).filter((event) => event.type === 'feedback.message-queued');

describe('the milestone processor (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('feedback_milestones_processor');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  it('skips an event it cannot handle after a few tries, and goes on with the cases after it', async () => {
    const broken = randomUUID();
    const fine = randomUUID();
    // A payload without its referrer cannot be read; it must not stop feedback for the next case.
    await store.appendToStream(`case-${broken}`, [{ ...reportReceived('r-broken', undefined), data: { reportId: 'r-broken' } }]);
    const last = await store.appendToStream(`case-${fine}`, [reportReceived('r-fine', teacher)]);
    const warnings: string[] = [];
    const processor = createMilestoneProcessor({
      store,
      db: dataSource,
      name: 'test.skip',
      skipAfterFailures: 2,
      logger: { info: () => undefined, warn: (_fields, message) => warnings.push(message) },
    });
    await processor.start();
    try {
      await processor.waitFor(last.checkpoint, 20_000);
    } finally {
      await processor.stop();
    }
    expect((await queuedOn(store, fine)).map((event) => event.data['reportId'])).toEqual(['r-fine']);
    expect(await queuedOn(store, broken)).toEqual([]);
    expect(warnings).toContain('feedback milestone skipped after repeated failures');
  }, 30_000);

  it("records the case's family with its first message, in the append's statement or before it", async () => {
    const withoutCompanions = new Proxy(store, {
      get: (target, property, receiver) => (property === 'appendWithCompanions' ? undefined : Reflect.get(target, property, receiver)),
    });
    for (const [name, used] of [
      ['test.family.companion', store],
      ['test.family.separate', withoutCompanions],
    ] as const) {
      const caseId = randomUUID();
      const familyId = randomUUID();
      const opened = { id: randomUUID(), type: 'cases.case-opened', data: { caseId, familyId }, metadata: {} };
      const last = await store.appendToStream(`case-${caseId}`, [opened, reportReceived(`r-${name}`, teacher)]);
      const processor = createMilestoneProcessor({ store: used, db: dataSource, name });
      await processor.start();
      try {
        await processor.waitFor(last.checkpoint, 20_000);
      } finally {
        await processor.stop();
      }
      expect((await queuedOn(store, caseId)).map((event) => event.data['reportId'])).toEqual([`r-${name}`]);
      expect(await dataSource.query(`select family_id from feedback_case_families where case_id = $1`, [caseId])).toEqual([
        { family_id: familyId },
      ]);
    }
  }, 30_000);

  it('queues a message for each hand-over of the same involvement, each once', async () => {
    const caseId = randomUUID();
    const now = new Date().toISOString();
    const accepted = (organisation: string) => ({
      id: randomUUID(),
      type: 'cases.handover-accepted',
      data: { to: { organisation: { name: organisation } } } as Record<string, unknown>,
      metadata: { timestamp: now },
    });
    const { checkpoint } = await store.appendToStream(`case-${caseId}`, [
      reportReceived('r1', teacher),
      accepted('Team Sociaal Oost'),
      { id: randomUUID(), type: 'cases.case-escalated', data: {}, metadata: { timestamp: now } },
      accepted('Jeugdbescherming West'),
    ]);
    const processor = createMilestoneProcessor({ store, db: dataSource, name: 'test.handovers' });
    await processor.start();
    await processor.waitFor(checkpoint, 20_000);
    await processor.stop();
    const queued = await queuedOn(store, caseId);
    expect(queued.map((event) => event.data['milestone'])).toEqual(['report-received', 'handed-over', 'handed-over']);
    expect(new Set(queued.map((event) => event.data['messageId'])).size).toBe(3);
    expect(queued.filter((event) => event.data['milestone'] === 'handed-over').map((event) => event.data['text'])).toEqual([
      expect.stringContaining('Team Sociaal Oost'),
      expect.stringContaining('Jeugdbescherming West'),
    ]);
  }, 30_000);

  it('continues from its checkpoint after a restart and queues nothing twice', async () => {
    const caseId = randomUUID();
    const first = await store.appendToStream(`case-${caseId}`, [reportReceived('r1', teacher)]);
    const processor = createMilestoneProcessor({ store, db: dataSource, name: 'test.restart' });
    await processor.start();
    await processor.waitFor(first.checkpoint, 20_000);
    await processor.stop();
    const second = await store.appendToStream(`case-${caseId}`, [reportReceived('r2', teacher)]);
    const again = createMilestoneProcessor({ store, db: dataSource, name: 'test.restart' });
    await again.start();
    await again.waitFor(second.checkpoint, 20_000);
    await again.stop();
    expect((await queuedOn(store, caseId)).map((event) => event.data['reportId'])).toEqual(['r1', 'r2']);
  }, 30_000);

  it('reads past milestones stored long ago, so a first start on an old log mails nobody old news', async () => {
    const caseId = randomUUID();
    const stored = await store.appendToStream(`case-${caseId}`, [reportReceived('r-old', teacher)]);
    // The same log read 15 days later: the report's milestone is history by then.
    const later = new Date(Date.now() + 15 * 24 * 60 * 60 * 1000);
    const processor = createMilestoneProcessor({ store, db: dataSource, name: 'test.old-log', now: () => later });
    await processor.start();
    try {
      await processor.waitFor(stored.checkpoint, 20_000);
    } finally {
      await processor.stop();
    }
    expect(await queuedOn(store, caseId)).toEqual([]);

    const fresh = createMilestoneProcessor({ store, db: dataSource, name: 'test.fresh-log' });
    await fresh.start();
    try {
      await fresh.waitFor(stored.checkpoint, 20_000);
    } finally {
      await fresh.stop();
    }
    expect((await queuedOn(store, caseId)).map((event) => event.data['reportId'])).toEqual(['r-old']);
  }, 30_000);

  it('reads past a milestone that happened long ago though it was stored today, as an imported history is', async () => {
    const caseId = randomUUID();
    const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString();
    await store.appendToStream(`case-${caseId}`, [reportReceived('r-imported', teacher, monthAgo)]);
    const fresh = await store.appendToStream(`case-${caseId}`, [reportReceived('r-today', teacher)]);
    const processor = createMilestoneProcessor({ store, db: dataSource, name: 'test.imported' });
    await processor.start();
    try {
      await processor.waitFor(fresh.checkpoint, 20_000);
    } finally {
      await processor.stop();
    }
    expect((await queuedOn(store, caseId)).map((event) => event.data['reportId'])).toEqual(['r-today']);
  }, 30_000);
});
