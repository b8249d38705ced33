import { randomUUID } from 'node:crypto';
import {
  accessLogPageSchema,
  accessLogVerificationSchema,
  caseCommandResultSchema,
  caseDetailSchema,
  emergencyGrantPageSchema,
  emergencyAccessGrantSchema as emergencyGrantAnswerSchema,
  emergencyGrantSchema,
  familyAccessLogExportSchema,
  problemSchema,
} from '@ketenregie/contracts';
import type { CaseDetail, EmergencyAccessGrant, RegisterReportBody } from '@ketenregie/contracts';
import { toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import { testApiConfig } from '../test-support/test-config';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';

// The privacy officer's work over the real app: real sign-in and CSRF, the cases context writing
// its entries through the ACCESS_LOG port, the officer reading them back, exporting a family,
// verifying the chain and reviewing a break-the-glass grant. Who may call which endpoint at all is
// the authorisation matrix's job (authorization-matrix.int-spec.ts). Test data only.

let database: TestDatabase;
let api: RunningApi;
let accounts: TestAccounts;
const as: Record<'anna' | 'ugo' | 'pim' | 'pam', SignedIn> = {} as never;
let caseId: string;
let familyId: string;
let grant: EmergencyAccessGrant;
let emergencyDetail: CaseDetail;

const get = (path: string, who: SignedIn, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${api.url}${path}`, { headers: { Cookie: who.cookie, ...headers } });

const post = (path: string, who: SignedIn, body: unknown, headers: Record<string, string> = who.headers): Promise<Response> =>
  fetch(`${api.url}${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const report = (): RegisterReportBody => ({
  newFamily: true,
  referrer: {
    kind: 'professional',
    name: 'Els Verhoef',
    organisation: 'OBS De Linge',
    role: 'intern begeleider',
    contact: { email: 'els.verhoef@example.org' },
  },
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Zorgen over het gezin.',
  household: {
    address: { street: 'Logboekstraat', houseNumber: '3', postcode: '4201 LB', municipality: 'Gorinchem' },
    members: [
      { role: 'adult', name: { givenNames: 'Wouter', familyName: 'Logboek' }, dateOfBirth: '1984-02-11' },
      { role: 'child', name: { givenNames: 'Sanne', familyName: 'Logboek' }, dateOfBirth: '2016-07-23' },
    ],
  },
  receivedBy: {
    person: { personId: 'vt-anna', name: 'Anna de Vries' },
    organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
  },
});

beforeAll(async () => {
  database = await createTestDatabase('privacy_officer');
  const config = testApiConfig(database.url);
  api = await startApi({ config });
  accounts = await testAccounts(database.url);
  as.anna = await accounts.signInAs(api.url, {
    userId: 'vt-anna',
    displayName: 'Anna de Vries',
    organisationId: 'vt-zhz',
    roles: ['veilig-thuis-professional'],
  });
  as.ugo = await accounts.signInAs(api.url, {
    userId: 'vt-ugo',
    displayName: 'Ugo Bakker',
    organisationId: 'vt-utrecht',
    roles: ['veilig-thuis-professional'],
  });
  as.pim = await accounts.signInAs(api.url, {
    userId: 'pim',
    displayName: 'Pim de Wit',
    organisationId: 'beheer',
    roles: ['privacy-officer'],
  });
  as.pam = await accounts.signInAs(api.url, { userId: 'pam', organisationId: 'vt-zhz', roles: ['privacy-officer'] });

  // Anna registers a report and reads the case; Ugo, of another region, breaks the glass and reads it.
  const opened = await post('/api/v1/cases/reports', as.anna, report(), { ...as.anna.headers, 'Idempotency-Key': randomUUID() });
  if (opened.status !== 201) throw new Error(`set-up: report answered ${opened.status}: ${await opened.text()}`);
  const result = caseCommandResultSchema.parse(await opened.json());
  caseId = result.caseId;
  const detail = await get(`/api/v1/cases/${caseId}?after=${encodeURIComponent(result.checkpoint)}`, as.anna);
  if (detail.status !== 200) throw new Error(`set-up: case read answered ${detail.status}`);
  familyId = caseDetailSchema.parse(await detail.json()).familyId;
  const glass = await post(`/api/v1/cases/${caseId}/emergency-access`, as.ugo, {
    reason: 'Crisisdienst: kind op de spoedeisende hulp, veiligheid thuis onbekend.',
  });
  if (glass.status !== 201) throw new Error(`set-up: emergency access answered ${glass.status}: ${await glass.text()}`);
  const emergencyRead = await get(`/api/v1/cases/${caseId}`, as.ugo);
  if (emergencyRead.status !== 200) throw new Error(`set-up: emergency read answered ${emergencyRead.status}`);
  grant = emergencyGrantAnswerSchema.parse(await glass.json());
  emergencyDetail = caseDetailSchema.parse(await emergencyRead.json());
  // The referrer's receipt mail is a disclosure the platform makes on its own, after the intake's
  // commit: wait for its access-log entry, so the export below does not depend on how fast it went.
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((done) => setTimeout(done, 200))) {
    const disclosed = (await accounts.dataSource.query(`select 1 from access_log where family_id = $1 and action = 'disclose' limit 1`, [
      familyId,
    ])) as unknown[];
    if (disclosed.length > 0) break;
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
  await accounts?.close();
  await database?.drop();
});

describe('the privacy officer over the real app', () => {
  it('tells the one reading through a grant until when it runs, and the director nothing of it', async () => {
    expect(emergencyDetail.emergencyAccess).toEqual({ grantId: grant.grantId, expiresAt: grant.expiresAt });
    // The day it opened, as the API counts days: in Amsterdam (late in the evening UTC is the next day there).
    const openedOn = toAmsterdamDate(new Date(emergencyDetail.openedAt));
    const asOf = caseDetailSchema.parse(await (await get(`/api/v1/cases/${caseId}?asOf=${openedOn}`, as.ugo)).json());
    expect(asOf.emergencyAccess?.expiresAt).toBe(grant.expiresAt);
    const own = caseDetailSchema.parse(await (await get(`/api/v1/cases/${caseId}`, as.anna)).json());
    expect(own.emergencyAccess).toBeUndefined();
  });

  it('finds what the cases context logged about a family, emergency access marked, and logs the look itself', async () => {
    const answer = await get(`/api/v1/access-log?familyId=${familyId}`, as.pim, { 'X-Request-Id': 'privacy-officer-look-1' });
    expect(answer.status).toBe(200);
    const page = accessLogPageSchema.parse(await answer.json());
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    expect(page.items.every((item) => item.familyId === familyId)).toBe(true);
    const sequences = page.items.map((item) => item.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    expect(
      page.items.some((item) => item.actor.userId === 'vt-anna' && item.action === 'read' && item.route === 'GET /api/v1/cases/:caseId'),
    ).toBe(true);
    // The log keeps account ids; the officer reads the names the accounts have today.
    expect(page.items.find((item) => item.actor.userId === 'vt-anna')?.actor.displayName).toBe('Anna de Vries');
    const emergency = page.items.filter((item) => item.emergency);
    expect(emergency.length).toBeGreaterThan(0);
    expect(emergency.every((item) => item.actor.userId === 'vt-ugo' && item.emergencyReason?.startsWith('Crisisdienst'))).toBe(true);

    // The look is logged under the request id the app gave the request.
    const [logged] = (await accounts.dataSource.query(
      `select action, subject_type, subject_id, actor_user_id, actor_role, legal_basis from access_log where request_id = 'privacy-officer-look-1'`,
    )) as unknown[];
    expect(logged).toEqual({
      action: 'read',
      subject_type: 'family',
      subject_id: familyId,
      actor_user_id: 'pim',
      actor_role: 'privacy-officer',
      legal_basis: 'avg-art-32',
    });
  });

  it('filters on emergency access alone', async () => {
    const page = accessLogPageSchema.parse(await (await get('/api/v1/access-log?emergency=true', as.pim)).json());
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((item) => item.emergency && item.actor.userId === 'vt-ugo')).toBe(true);
  });

  it('answers a bad query with problem+json naming the field', async () => {
    const answer = await get('/api/v1/access-log?familyName=Logboek', as.pim);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problemSchema.parse(await answer.json()).errors).toEqual([
      { path: 'query.familyName', message: 'Dit veld is onbekend.', code: 'unrecognized_keys' },
    ]);
  });

  it('exports what the family may see: organisations and roles, the emergency access with its reason, the export last', async () => {
    const answer = await get(`/api/v1/access-log/export/${familyId}`, as.pim);
    expect(answer.status).toBe(200);
    const exported = familyAccessLogExportSchema.parse(await answer.json());
    // `ketenregie`: the platform itself, disclosing the receipt to the referrer.
    expect(new Set(exported.entries.map((line) => line.organisationId))).toEqual(new Set(['vt-zhz', 'vt-utrecht', 'beheer', 'ketenregie']));
    expect(exported.entries.some((line) => line.emergency && line.organisationId === 'vt-utrecht' && line.emergencyReason !== null)).toBe(
      true,
    );
    expect(exported.entries.at(-1)).toMatchObject({
      action: 'export',
      organisationId: 'beheer',
      role: 'privacy-officer',
      legalBasis: 'avg-art-15',
    });
    expect(JSON.stringify(exported)).not.toMatch(/vt-anna|vt-ugo|"pim"/);
  });

  it('verifies the chain the app wrote', async () => {
    const verification = accessLogVerificationSchema.parse(await (await get('/api/v1/access-log/verify', as.pim)).json());
    const [{ entries }] = (await accounts.dataSource.query('select count(*)::int as entries from access_log')) as { entries: number }[];
    expect(verification).toMatchObject({ ok: true, entries });
  });

  it('reviews the break-the-glass grant once, with the session’s CSRF token', async () => {
    const queue = emergencyGrantPageSchema.parse(await (await get('/api/v1/emergency-grants?reviewed=false', as.pim)).json());
    const grant = queue.items.find((item) => item.caseId === caseId && item.userId === 'vt-ugo');
    expect(grant?.displayName).toBe('Ugo Bakker');
    const path = `/api/v1/emergency-grants/${grant?.grantId}/review`;

    const withoutToken = await post(path, as.pim, { outcome: 'justified' }, { Cookie: as.pim.cookie });
    expect(withoutToken.status).toBe(403);
    expect(problemSchema.parse(await withoutToken.json()).type).toBe('urn:ketenregie:problem:auth.csrf-token');

    const reviewed = await post(path, as.pim, { outcome: 'justified', note: 'Acute situatie buiten kantooruren.' });
    expect(reviewed.status).toBe(200);
    expect(emergencyGrantSchema.parse(await reviewed.json()).review).toMatchObject({
      reviewedBy: 'pim',
      reviewedByName: 'Pim de Wit',
      outcome: 'justified',
      note: 'Acute situatie buiten kantooruren.',
    });

    const second = await post(path, as.pam, { outcome: 'unjustified', note: 'Anders beoordeeld.' });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const history = emergencyGrantPageSchema.parse(await (await get('/api/v1/emergency-grants?reviewed=true', as.pam)).json());
    expect(history.items.map((item) => [item.grantId, item.review?.outcome])).toEqual([[grant?.grantId, 'justified']]);
  });
});

describe('break-the-glass: the reason is judged before the case is looked up', () => {
  const ask = async (id: string, reason: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const answer = await post(`/api/v1/cases/${id}/emergency-access`, as.ugo, { reason });
    const { instance: _instance, ...body } = (await answer.json()) as Record<string, unknown>;
    return { status: answer.status, body };
  };

  it.each([
    ['too short', 'spoed, bel mij', 'urn:ketenregie:problem:access.emergency-reason-too-short'],
    ['one piece repeated', 'abababababababababababababababab', 'urn:ketenregie:problem:access.emergency-reason-repetitive'],
    ['one word repeated', 'testtesttest testtesttest testtesttest', 'urn:ketenregie:problem:access.emergency-reason-repetitive'],
  ])('answers a reason that is %s with the same 422 for an existing case and an unknown id', async (_name, reason, type) => {
    const existing = await ask(caseId, reason);
    const unknown = await ask(randomUUID(), reason);
    expect(existing).toEqual(unknown);
    expect(existing).toMatchObject({ status: 422, body: { type, errors: [{ path: 'reason', code: type.split('emergency-')[1] }] } });
    expect(String(existing.body['detail'])).toMatch(/minstens 20/);
  });

  it('answers a sound reason for an unknown id with the unknown-case 404', async () => {
    const unknown = await ask(randomUUID(), 'Crisisdienst: kind op de spoedeisende hulp, veiligheid thuis onbekend.');
    expect(unknown).toMatchObject({ status: 404, body: { type: 'urn:ketenregie:problem:case.not-found' } });
  });
});
