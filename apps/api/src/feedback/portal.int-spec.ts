import { randomUUID } from 'node:crypto';
import {
  caseCommandResultSchema,
  mailboxPageSchema,
  portalLinkGoneMessage,
  portalReportSchema,
  portalReportsSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, PortalReports, RegisterReportBody } from '@ketenregie/contracts';
import { issuePortalLinks } from '@ketenregie/feedback-server';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { DataSource } from 'typeorm';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// Test data only: invented professionals and invented households.
const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const anna = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };
const teacherEmail = `juf.${randomUUID().slice(0, 8)}@delinde.example`;

const reportBody = (referrer: RegisterReportBody['referrer'], familyName: string): RegisterReportBody => ({
  newFamily: true,
  referrer,
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Het kind vertelt over harde klappen thuis.',
  household: {
    address: { street: 'Lingewal', houseNumber: '14', postcode: '4201 AB', municipality: 'Gorinchem' },
    members: [{ role: 'child', name: { givenNames: 'Sara', familyName }, dateOfBirth: '2016-05-04' }],
  },
  receivedBy: anna,
});

const sameSite = (url: string) => ({ 'Content-Type': 'application/json', Origin: new URL(url).origin });

describe('the referrer portal: single-use links, own reports only, every read logged', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let dataSource: DataSource;
  let vt: SignedIn;
  let admin: SignedIn;
  let referrer: SignedIn;
  let invited: { caseId: string; reportId: string };
  let byAccount: { caseId: string; reportId: string };
  /** The portal session the first test's link opened: the invited teacher's way in. */
  let linkCookie: Record<string, string> = {};

  const register = async (body: RegisterReportBody): Promise<{ caseId: string; reportId: string }> => {
    const response = await fetch(`${api.url}/api/v1/cases/reports`, {
      method: 'POST',
      headers: { ...vt.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`register: ${response.status} ${text}`);
    const result: CaseCommandResult = caseCommandResultSchema.parse(JSON.parse(text));
    return { caseId: result.caseId, reportId: result.ids['reportId'] };
  };

  const redeem = (token: string, headers: Record<string, string> = sameSite(api.url)) =>
    fetch(`${api.url}/api/v1/referrer-portal/link-redemptions`, { method: 'POST', headers, body: JSON.stringify({ token }) });

  const portalGet = (path: string, headers: Record<string, string>) => fetch(`${api.url}/api/v1/referrer-portal${path}`, { headers });

  /** Reads the list until the projection has caught up with `count` reports. */
  const reportsOf = async (headers: Record<string, string>, count: number): Promise<PortalReports['items']> => {
    let items: PortalReports['items'] = [];
    for (let tries = 0; tries < 150; tries++) {
      const response = await portalGet('/reports', headers);
      expect(response.status).toBe(200);
      items = portalReportsSchema.parse(await response.json()).items;
      if (items.length >= count && items.every((item) => item.messages.length > 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return items;
  };

  const tokenMailedTo = async (to: string): Promise<string> => {
    for (let tries = 0; tries < 150; tries++) {
      const response = await fetch(`${api.url}/api/v1/admin/mailbox?pageSize=100`, { headers: admin.headers });
      const mail = mailboxPageSchema.parse(await response.json()).items.find((item) => item.to === to);
      const token = mail?.body.match(/\/melder\/link\/([A-Za-z0-9_-]+)/)?.[1];
      if (token) return token;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no mail with a portal link arrived');
  };

  const accessLogOf = async (caseId: string) =>
    (await dataSource.query(
      `select actor_user_id, actor_role, action, route, family_id from access_log where subject_type = 'case' and subject_id = $1 and route like '%referrer-portal%' order by sequence`,
      [caseId],
    )) as { actor_user_id: string; actor_role: string | null; action: string; route: string; family_id: string | null }[];

  beforeAll(async () => {
    database = await createTestDatabase('feedback_portal');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    vt = await accounts.signInAs(api.url, {
      userId: anna.person.personId,
      displayName: anna.person.name,
      organisationId: vtOrganisation.organisationId,
      roles: ['veilig-thuis-professional'],
    });
    admin = await accounts.signInAs(api.url, { userId: 'adm-beheer', organisationId: 'beheer', roles: ['administrator'] });
    referrer = await accounts.signInAs(api.url, { userId: 'ref-linge', organisationId: 'obs-de-linge', roles: ['referrer'] });
    // A teacher of a school in the directory without an account: invited by the address given.
    invited = await register(
      reportBody(
        {
          kind: 'directory-professional',
          organisationId: 'obs-de-linge',
          contact: { email: teacherEmail },
          feedbackConsent: { kind: 'granted', channel: 'email' },
        },
        'Wolters',
      ),
    );
    byAccount = await register(
      reportBody(
        {
          kind: 'directory-professional',
          organisationId: 'obs-de-linge',
          personId: 'ref-linge',
          feedbackConsent: { kind: 'granted', channel: 'portal' },
        },
        'Verbeek',
      ),
    );
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  it("opens the invited teacher's report once through the mailed link, with a strict HttpOnly cookie, and refuses the link after", async () => {
    const token = await tokenMailedTo(teacherEmail);
    const first = await redeem(token);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ reportId: invited.reportId, expiresAt: expect.any(String) });
    const setCookie = first.headers.getSetCookie().find((cookie) => cookie.startsWith('ketenregie_portal='));
    expect(setCookie).toMatch(/; Path=\/api\/v1\/referrer-portal; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    const cookie = { Cookie: setCookie?.split(';')[0] ?? '' };
    linkCookie = cookie;

    const second = await redeem(token);
    expect(second.status).toBe(410);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(await second.json()).toMatchObject({ status: 410, detail: portalLinkGoneMessage });
    // An unknown link answers exactly alike.
    const unknown = await redeem('x'.repeat(43));
    expect(unknown.status).toBe(410);
    expect(await unknown.json()).toMatchObject({ detail: portalLinkGoneMessage });

    const items = await reportsOf(cookie, 1);
    expect(items.map((item) => item.reportId)).toEqual([invited.reportId]);
    const [report] = items;
    expect(report).toMatchObject({ reference: invited.reportId, status: 'received', canSignal: true });
    expect(report.messages[0]).toMatchObject({
      milestone: 'report-received',
      subject: `Uw melding ${invited.reportId}: melding ontvangen`,
    });
    expect(report.messages[0].text).not.toMatch(/melder\/link|\{\{portaallink\}\}/);
    expect(report.messages[0].text).not.toMatch(/Wolters|Sara|klappen/);

    const one = await portalGet(`/reports/${invited.reportId}`, cookie);
    expect(one.status).toBe(200);
    expect(portalReportSchema.parse(await one.json()).reportId).toBe(invited.reportId);
    // Another report, even of the same school, is not this link's: answered as unknown.
    expect((await portalGet(`/reports/${byAccount.reportId}`, cookie)).status).toBe(404);
    expect((await portalGet(`/reports/${randomUUID()}`, cookie)).status).toBe(404);

    const logged = await accessLogOf(invited.caseId);
    expect(logged.length).toBeGreaterThanOrEqual(2);
    for (const entry of logged) {
      expect(entry).toMatchObject({ action: 'read', actor_role: 'portal-link', family_id: expect.any(String) });
      expect(entry.actor_user_id).toMatch(/^portal-link:/);
    }
    expect(logged.map((entry) => entry.route)).toEqual(
      expect.arrayContaining(['GET /api/v1/referrer-portal/reports', 'GET /api/v1/referrer-portal/reports/:reportId']),
    );
    // The other case was never shown, so never logged as read through the portal.
    expect(await accessLogOf(byAccount.caseId)).toEqual([]);
  }, 60_000);

  it('answers an expired link like a used one', async () => {
    const messageId = randomUUID();
    const links = await issuePortalLinks(dataSource, { secret: api.infrastructure.portalLinkSecret, baseUrl: 'https://x.example' }, [
      {
        messageId,
        caseId: invited.caseId,
        reportId: invited.reportId,
        queuedAt: new Date(Date.now() - 15 * 24 * 60 * 60 * 1000).toISOString(),
      },
    ]);
    const token = links.get(messageId)?.split('/').pop() ?? '';
    const response = await redeem(token);
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ detail: portalLinkGoneMessage });
  });

  it('refuses a redemption from another site', async () => {
    const response = await redeem('x'.repeat(43), { 'Content-Type': 'application/json', Origin: 'https://elders.example' });
    expect(response.status).toBe(403);
  });

  it('shows a signed-in referrer only their own reports, and nobody else has a portal', async () => {
    const items = await reportsOf(referrer.headers, 1);
    expect(items.map((item) => item.reportId)).toEqual([byAccount.reportId]);
    expect((await portalGet(`/reports/${invited.reportId}`, referrer.headers)).status).toBe(404);
    expect((await portalGet(`/reports/${byAccount.reportId}`, referrer.headers)).status).toBe(200);
    const logged = await accessLogOf(byAccount.caseId);
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged.every((entry) => entry.actor_user_id === 'ref-linge' && entry.actor_role === 'referrer')).toBe(true);

    expect((await portalGet('/reports', vt.headers)).status).toBe(403);
    expect((await portalGet('/reports', {})).status).toBe(401);
  }, 60_000);

  it('asks a signal for an Idempotency-Key and refuses one about a report that is not theirs', async () => {
    const post = (reportId: string, headers: Record<string, string>) =>
      fetch(`${api.url}/api/v1/referrer-portal/reports/${reportId}/signals`, {
        method: 'POST',
        headers: { ...referrer.headers, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ kind: 'aid-stalls', reason: 'Sinds drie weken geen contact.' }),
      });
    expect((await post(byAccount.reportId, {})).status).toBe(428);
    expect((await post(invited.reportId, { 'Idempotency-Key': randomUUID() })).status).toBe(404);
  });
  it("hands both referrers' signals to the case through the cases context: once per key, on the director's worklist, seen in the portal after acknowledgement", async () => {
    const signal = (reportId: string, headers: Record<string, string>, key: string, kind: string) =>
      fetch(`${api.url}/api/v1/referrer-portal/reports/${reportId}/signals`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...headers },
        body: JSON.stringify({ kind, reason: 'Sinds drie weken geen contact met de hulpverlener.' }),
      });
    const linkKey = randomUUID();
    const byLink = await signal(invited.reportId, { ...sameSite(api.url), ...linkCookie }, linkKey, 'aid-stalls');
    expect(byLink.status).toBeLessThan(300);
    // The same request again (a retry after a lost answer) records nothing new.
    expect((await signal(invited.reportId, { ...sameSite(api.url), ...linkCookie }, linkKey, 'aid-stalls')).status).toBeLessThan(300);
    // The same key with another signal is refused, as for an account, not answered as if recorded.
    const reused = await signal(invited.reportId, { ...sameSite(api.url), ...linkCookie }, linkKey, 'new-concerns');
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { type?: string }).type).toBe('urn:ketenregie:problem:http.idempotency-key-reused');
    const byAccountSignal = await signal(byAccount.reportId, referrer.headers, randomUUID(), 'new-concerns');
    expect(byAccountSignal.status).toBeLessThan(300);

    type Detail = { signals: { signalId: string; kind: string; source: { kind: string; reportId?: string } }[] };
    // The director is not the writer: their read model catches up with the referrer's signal shortly after.
    const detailOf = async (caseId: string): Promise<Detail> => {
      let detail: Detail = { signals: [] };
      for (let tries = 0; tries < 150 && detail.signals.length === 0; tries++) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        const response = await fetch(`${api.url}/api/v1/cases/${caseId}`, { headers: vt.headers });
        expect(response.status).toBe(200);
        detail = (await response.json()) as Detail;
      }
      return detail;
    };
    const invitedSignals = (await detailOf(invited.caseId)).signals;
    expect(invitedSignals).toEqual([
      expect.objectContaining({ kind: 'aid-stalls', source: { kind: 'referrer', reportId: invited.reportId } }),
    ]);
    expect((await detailOf(byAccount.caseId)).signals).toEqual([
      expect.objectContaining({ kind: 'new-concerns', source: { kind: 'referrer', reportId: byAccount.reportId } }),
    ]);

    const worklist = await fetch(`${api.url}/api/v1/worklists/signals?scope=mine`, { headers: vt.headers });
    expect(worklist.status).toBe(200);
    const listed = ((await worklist.json()) as { items: { caseId: string }[] }).items.map((item) => item.caseId);
    expect(listed).toEqual(expect.arrayContaining([invited.caseId, byAccount.caseId]));

    // The link-session signal is logged as the portal link's, never as a staff member's.
    const changes = (await dataSource.query(
      `select actor_user_id, action from access_log where subject_type = 'case' and subject_id = $1 and action <> 'read'`,
      [invited.caseId],
    )) as { actor_user_id: string; action: string }[];
    expect(changes.some((entry) => entry.actor_user_id.startsWith('portal-link:'))).toBe(true);

    const acknowledged = await fetch(`${api.url}/api/v1/cases/${invited.caseId}/signals/${invitedSignals[0].signalId}/acknowledgement`, {
      method: 'POST',
      headers: { ...vt.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ note: 'Gebeld met de hulpverlener.' }),
    });
    expect(acknowledged.status).toBe(200);
    let seen: boolean | undefined;
    for (let tries = 0; tries < 150 && seen !== true; tries++) {
      const response = await portalGet(`/reports/${invited.reportId}`, linkCookie);
      expect(response.status).toBe(200);
      const report = portalReportSchema.parse(await response.json());
      expect(report.signals).toHaveLength(1);
      seen = report.signals[0].seen;
      if (seen !== true) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toBe(true);
  }, 60_000);
});
