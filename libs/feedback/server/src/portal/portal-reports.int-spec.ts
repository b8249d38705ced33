import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { PostgresEventStore, ProjectionRunner } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { feedbackOutboxProjection } from '../outbox/outbox.projection';
import { PORTAL_REPORTS_PROJECTION, portalReportsProjection } from './portal-reports.projection';
import { requirePortalKeys } from './portal-read-model-shape';
import { readPortalReports } from './read-portal-reports';

// Test data only: invented referrers and families.

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const caseEvent = (type: string, data: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  data,
  metadata: { timestamp: '2026-03-02T09:00:00.000Z' },
});

const referrer = (organisationId: string, personId: string) => ({
  kind: 'directory-professional',
  organisationId,
  personId,
  contact: {},
  feedbackConsent: { kind: 'granted', channel: 'portal' },
});

describe('reports that share a number across cases, in the referrer portal (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    db = await createTestDatabase('feedback_portal_reports');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
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
