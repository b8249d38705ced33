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
import { requirePortalKeys } from './portal-read-model-shape';
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

const referrer = (organisationId: string, personId: string) => ({ ...teacher, organisationId, personId });

describe("the portal's read model: reports within their case, the family's erasure, link sessions (real PostgreSQL)", () => {
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

  it("shows each referrer their own report and signals, never the other family's", async () => {
    // A client may number reports itself; two organisations can use the same number.
    const number = '2026-0042';
    const [caseA, caseB] = [randomUUID(), randomUUID()];
    const signalId = 'signaal-1';
    await store.appendToStream(`case-${caseA}`, [
      caseEvent('cases.case-opened', { caseId: caseA, familyId: 'fam-a' }),
      caseEvent('cases.report-received', {
        reportId: number,
        referrer: referrer('school-a', 'teacher-a'),
        receivedOn: '2026-03-02',
        receivedAt: '2026-03-02T09:00:00.000Z',
      }),
      caseEvent('cases.signal-raised', {
        signalId,
        source: { kind: 'referrer', reportId: number },
        kind: 'aid-stalls',
        reason: 'Moeder zegt dat vader weer thuis slaapt.',
        raisedAt: '2026-04-01T10:00:00.000Z',
      }),
    ]);
    const { checkpoint } = await store.appendToStream(`case-${caseB}`, [
      caseEvent('cases.case-opened', { caseId: caseB, familyId: 'fam-b' }),
      caseEvent('cases.report-received', {
        reportId: number,
        referrer: referrer('huisarts-b', 'gp-b'),
        receivedOn: '2026-05-02',
        receivedAt: '2026-05-02T09:00:00.000Z',
      }),
      // The same signal number in the other case: its acknowledgement is that case's alone.
      caseEvent('cases.signal-acknowledged', { signalId }),
    ]);
    await runner.waitFor(PORTAL_REPORTS_PROJECTION, checkpoint, 10_000);

    const seenBy = async (personId: string, organisationId: string) =>
      (await readPortalReports(dataSource, { kind: 'account', personId, organisationId })).map(({ caseId, report }) => ({
        caseId,
        receivedOn: report.receivedOn,
        signals: report.signals.map((signal) => [signal.reason, signal.seen]),
      }));
    expect(await seenBy('gp-b', 'huisarts-b')).toEqual([{ caseId: caseB, receivedOn: '2026-05-02', signals: [] }]);
    expect(await seenBy('teacher-a', 'school-a')).toEqual([
      { caseId: caseA, receivedOn: '2026-03-02', signals: [['Moeder zegt dat vader weer thuis slaapt.', false]] },
    ]);
    // The link in the first referrer's e-mail still opens their report, and only theirs.
    const byLink = await readPortalReports(dataSource, { kind: 'link', caseId: caseA, reportId: number });
    expect(byLink.map(({ caseId, report }) => [caseId, report.signals.length])).toEqual([[caseA, 1]]);
  });

  it('lets the app start on this read model, and refuses one keyed by report number alone, naming the rebuild', async () => {
    await expect(requirePortalKeys(dataSource)).resolves.toBeUndefined();
    const older = await createTestDatabase('feedback_portal_keys_older');
    const client = await new DataSource({ type: 'postgres', url: older.url }).initialize();
    try {
      await expect(requirePortalKeys(client)).resolves.toBeUndefined();
      await client.query(`create table feedback_portal_reports__g1 (report_id text primary key, case_id text not null)`);
      await client.query(`create view feedback_portal_reports as select * from feedback_portal_reports__g1`);
      await expect(requirePortalKeys(client)).rejects.toThrow(
        'The read model feedback_portal_reports was built by an older version and is keyed without the case: run npm run projections:rebuild -- feedback.portal-reports, then start again.',
      );
    } finally {
      await client.destroy();
      await older.drop();
    }
  });
});
