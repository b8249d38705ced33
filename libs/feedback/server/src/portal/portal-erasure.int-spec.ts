import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ERASED_TEXT } from '@ketenregie/access-contracts';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { PostgresEventStore, ProjectionRunner } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { FeedbackFamilyDataEraser } from '../erasure/feedback-family-data-eraser';
import { feedbackOutboxProjection } from '../outbox/outbox.projection';
import { PORTAL_REPORTS_PROJECTION, portalReportsProjection } from './portal-reports.projection';
import { resolvePortalSession, startPortalSession } from './portal-sessions';
import { readPortalReports } from './read-portal-reports';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const caseEvent = (type: string, data: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  data,
  metadata: { timestamp: '2026-03-02T09:00:00.000Z' },
});

const teacher = {
  kind: 'directory-professional',
  organisationId: 'obs-de-linge',
  personId: 'ref-linge',
  contact: {},
  feedbackConsent: { kind: 'granted', channel: 'portal' },
};

describe("the portal's read model and the family's erasure (real PostgreSQL)", () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    db = await createTestDatabase('feedback_portal_erasure');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    const eraser = new FeedbackFamilyDataEraser(dataSource);
    await eraser.ensureSchema();
    runner = createProjectionRunner({
      store,
      dataSource,
      projections: [portalReportsProjection, feedbackOutboxProjection],
      logger: silent,
    });
    await runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  it("erases the signals' reasons of the family's cases and ends their link sessions, and leaves another family's alone", async () => {
    const open = async (familyId: string) => {
      const caseId = randomUUID();
      const reportId = randomUUID();
      const result = await store.appendToStream(`case-${caseId}`, [
        caseEvent('cases.case-opened', { caseId, familyId }),
        caseEvent('cases.report-received', {
          reportId,
          referrer: teacher,
          assessmentId: reportId,
          receivedOn: '2026-03-02',
          receivedAt: '2026-03-02T09:00:00.000Z',
        }),
        caseEvent('cases.signal-raised', {
          signalId: randomUUID(),
          source: { kind: 'referrer', reportId },
          kind: 'aid-stalls',
          reason: 'Sinds drie weken geen contact met de hulpverlener.',
          raisedAt: '2026-04-01T10:00:00.000Z',
        }),
      ]);
      await runner.waitFor(PORTAL_REPORTS_PROJECTION, result.checkpoint, 10_000);
      const session = await startPortalSession(dataSource, { messageId: randomUUID(), caseId, reportId }, new Date());
      return { caseId, reportId, token: session.token };
    };
    const erased = await open(`family-${randomUUID()}`);
    const kept = await open(`family-${randomUUID()}`);
    const [familyId] = (
      (await dataSource.query(`select family_id from feedback_portal_cases where case_id = $1`, [erased.caseId])) as { family_id: string }[]
    ).map((row) => row.family_id);

    const eraser = new FeedbackFamilyDataEraser(dataSource);
    expect(await eraser.knowsFamily(familyId)).toBe(true);
    await eraser.eraseFamily({ familyId, erasedAt: new Date(), reason: 'request' });

    const reader = { kind: 'account' as const, personId: 'ref-linge', organisationId: 'obs-de-linge' };
    const [erasedReport] = await readPortalReports(dataSource, reader, erased.reportId);
    expect(erasedReport.report.signals.map((signal) => signal.reason)).toEqual([ERASED_TEXT]);
    expect(await resolvePortalSession(dataSource, erased.token, new Date())).toBeUndefined();

    const [keptReport] = await readPortalReports(dataSource, reader, kept.reportId);
    expect(keptReport.report.signals.map((signal) => signal.reason)).toEqual(['Sinds drie weken geen contact met de hulpverlener.']);
    expect(await resolvePortalSession(dataSource, kept.token, new Date())).toMatchObject({ reportId: kept.reportId });
  }, 30_000);

  it('ends a link session after its hour', async () => {
    const started = new Date('2026-03-02T09:00:00.000Z');
    const { token } = await startPortalSession(dataSource, { messageId: randomUUID(), caseId: 'c', reportId: 'r' }, started);
    expect(await resolvePortalSession(dataSource, token, new Date(started.getTime() + 59 * 60_000))).toMatchObject({ reportId: 'r' });
    expect(await resolvePortalSession(dataSource, token, new Date(started.getTime() + 60 * 60_000))).toBeUndefined();
  });
});
