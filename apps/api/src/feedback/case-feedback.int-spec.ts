import { randomUUID } from 'node:crypto';
import {
  caseCommandResultSchema,
  caseDetailSchema,
  feedbackPreviewSchema,
  mailboxPageSchema,
  worklistPageSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, CaseDetail, MailboxPage, RegisterReportBody } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { DataSource } from 'typeorm';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// Test data only: an invented professional, school and household.
const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const anna = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };
/** Where the preview shows the mail's personal link (the link itself exists only once the mail is sent). */
const PORTAL_LINK_PREVIEW = '[uw persoonlijke link naar het meldersportaal]';
const teacherEmail = `meester.${randomUUID().slice(0, 8)}@delinge.example`;

const reportBody = (familyName: string, receivedAt?: string): RegisterReportBody => ({
  newFamily: true,
  referrer: {
    kind: 'directory-professional',
    organisationId: 'obs-de-linge',
    contact: { email: teacherEmail },
    feedbackConsent: { kind: 'granted', channel: 'email' },
  },
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Tim vertelt over ruzie thuis.',
  household: {
    address: { street: 'Lingewal', houseNumber: '20', postcode: '4201 AB', municipality: 'Gorinchem' },
    members: [{ role: 'child', name: { givenNames: 'Tim', familyName }, dateOfBirth: '2015-02-03' }],
  },
  receivedBy: anna,
  ...(receivedAt ? { receivedAt } : {}),
});

describe("the director's view of what referrers hear: per milestone when it was due, how delivery went, and a personal message exactly as previewed", () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let vt: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    database = await createTestDatabase('case_feedback_view');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    vt = await accounts.signInAs(api.url, {
      userId: anna.person.personId,
      displayName: anna.person.name,
      organisationId: vtOrganisation.organisationId,
      roles: ['veilig-thuis-professional'],
    });
    admin = await accounts.signInAs(api.url, { userId: 'adm-beheer', organisationId: 'beheer', roles: ['administrator'] });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  const send = (path: string, body: unknown) =>
    fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...vt.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });

  const post = async (path: string, body: unknown, status = 200): Promise<CaseCommandResult> => {
    const response = await send(path, body);
    const text = await response.text();
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
    return caseCommandResultSchema.parse(JSON.parse(text));
  };

  /** Reads the case until `done` holds: delivery happens after the command, in the outbox worker. */
  const detailUntil = async (caseId: string, done: (detail: CaseDetail) => boolean): Promise<CaseDetail> => {
    let detail: CaseDetail | undefined;
    for (let tries = 0; tries < 200; tries++) {
      const response = await fetch(`${api.url}/api/v1/cases/${caseId}`, { headers: vt.headers });
      expect(response.status).toBe(200);
      detail = caseDetailSchema.parse(await response.json());
      if (done(detail)) return detail;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the case never showed the expected feedback: ${JSON.stringify(detail?.feedback)}`);
  };

  const mailsWithSubject = async (subject: string, count: number): Promise<MailboxPage['items']> => {
    let items: MailboxPage['items'] = [];
    for (let tries = 0; tries < 150; tries++) {
      const response = await fetch(`${api.url}/api/v1/admin/mailbox?pageSize=100`, { headers: admin.headers });
      items = mailboxPageSchema.parse(await response.json()).items.filter((mail) => mail.subject === subject && mail.to === teacherEmail);
      if (items.length >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return items;
  };

  it('shows each milestone delivered on time, then mails a personal note word for word as previewed', async () => {
    const opened = await post('/cases/reports', reportBody('Hoekstra'), 201);
    const { caseId } = opened;
    const reportId = opened.ids['reportId'];
    await post(`/cases/${caseId}/safety-assessments/${reportId}/start`, {});
    await post(`/cases/${caseId}/safety-assessments/${reportId}/complete`, { acuteUnsafety: false, structuralUnsafety: true });

    const delivered = await detailUntil(caseId, (detail) => {
      const milestones = detail.feedback[0]?.milestones ?? [];
      const assessed = milestones.find((item) => item.milestone === 'safety-assessment-done');
      return assessed?.messages.some((message) => message.deliveryStatus === 'delivered') ?? false;
    });
    const [report] = delivered.feedback;
    expect(report).toMatchObject({ reportId, referrerKind: 'directory-professional', receivesFeedback: true, channel: 'email' });
    const assessed = report.milestones.find((item) => item.milestone === 'safety-assessment-done');
    expect(assessed).toMatchObject({ timeliness: 'on-time', dueOn: expect.any(String) });
    expect(assessed?.messages).toEqual([expect.objectContaining({ deliveryStatus: 'delivered', channel: 'email', personal: false })]);

    const request = { reportId, milestone: 'safety-assessment-done', note: 'Bel gerust als u vragen hebt over de school.' };
    const previewResponse = await send(`/cases/${caseId}/feedback-previews`, request);
    expect(previewResponse.status).toBe(200);
    const preview = feedbackPreviewSchema.parse(await previewResponse.json());
    expect(preview.text).toContain(request.note);
    expect(preview.text).toContain(PORTAL_LINK_PREVIEW);
    expect(preview.channel).toBe('email');
    expect(preview.withheld.length).toBeGreaterThan(0);
    // A preview sends nothing.
    expect(await mailsWithSubject(preview.subject, 1)).toHaveLength(1);

    await post(`/cases/${caseId}/feedback-messages`, request);
    const mails = await mailsWithSubject(preview.subject, 2);
    expect(mails).toHaveLength(2);
    const personal = mails.find((mail) => mail.body.includes(request.note));
    const link = personal?.body.match(/\S+\/melder\/link\/[A-Za-z0-9_-]+/)?.[0] ?? '';
    expect(link).not.toBe('');
    expect(personal?.body).toBe(preview.text.replace(PORTAL_LINK_PREVIEW, link));

    const after = await detailUntil(caseId, (detail) =>
      (detail.feedback[0]?.milestones ?? []).some((item) =>
        item.messages.some((message) => message.personal && message.deliveryStatus === 'delivered'),
      ),
    );
    expect(after.feedback[0].milestones.find((item) => item.milestone === 'safety-assessment-done')?.messages).toHaveLength(2);

    // Every mail is a disclosure outside the platform: one access-log entry per message, with the
    // case's family so the family's export lists it, naming no address or text.
    const messageIds = after.feedback[0].milestones.flatMap((item) => item.messages.map((message) => message.messageId));
    const dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    try {
      const disclosed = (await dataSource.query(
        `select request_id, family_id, route, actor_user_id from access_log where subject_type = 'case' and subject_id = $1 and action = 'disclose' order by sequence`,
        [caseId],
      )) as { request_id: string; family_id: string | null; route: string; actor_user_id: string }[];
      expect(disclosed.map((entry) => entry.request_id).sort()).toEqual([...messageIds].sort());
      for (const entry of disclosed) {
        expect(entry).toMatchObject({
          family_id: delivered.familyId,
          route: 'SMTP feedback-mail',
          actor_user_id: 'system:feedback-delivery',
        });
      }
    } finally {
      await dataSource.destroy();
    }
  }, 60_000);

  it('refuses a preview for a milestone the case has not reached, in Dutch', async () => {
    const opened = await post('/cases/reports', reportBody('Brouwer'), 201);
    const response = await send(`/cases/${opened.caseId}/feedback-previews`, {
      reportId: opened.ids['reportId'],
      milestone: 'case-closed',
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { detail?: string; code?: string };
    expect(problem.detail ?? '').toMatch(/[a-z]{3,} [a-z]{3,}/);
    expect(problem.detail ?? '').not.toContain('case-closed');
  }, 60_000);

  it('refuses at the note, in Dutch, a message whose note no mail can carry, instead of recording a request that never leaves', async () => {
    const opened = await post('/cases/reports', reportBody('Kuiper'), 201);
    const response = await send(`/cases/${opened.caseId}/feedback-messages`, {
      reportId: opened.ids['reportId'],
      milestone: 'report-received',
      note: 'Zie ons protocol {{bijlage}}.',
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors?: { path: string; message: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'note', message: 'De toelichting mag geen {{ bevatten.' })]);
  }, 60_000);

  it("puts a case whose assessment deadline passed without feedback on the director's Terugkoppeling worklist", async () => {
    const longAgo = new Date(Date.now() - 25 * 24 * 60 * 60 * 1000).toISOString();
    const opened = await post('/cases/reports', reportBody('Dijkstra', longAgo), 201);
    const onTime = await post('/cases/reports', reportBody('Smits'), 201);
    await detailUntil(opened.caseId, (detail) =>
      (detail.feedback[0]?.milestones ?? []).some((item) => item.milestone === 'safety-assessment-done' && item.timeliness === 'overdue'),
    );
    const response = await fetch(`${api.url}/api/v1/worklists/feedback-due?scope=mine`, { headers: vt.headers });
    expect(response.status).toBe(200);
    const listed = worklistPageSchema.parse(await response.json()).items.map((item) => item.caseId);
    expect(listed).toContain(opened.caseId);
    expect(listed).not.toContain(onTime.caseId);
    const counts = await fetch(`${api.url}/api/v1/worklists/counts?scope=mine`, { headers: vt.headers });
    expect(((await counts.json()) as Record<string, number>)['feedback-due']).toBe(listed.length);
  }, 60_000);
});
