import { randomUUID } from 'node:crypto';
import {
  CASE_SIGNALS_PORT,
  caseCommandResultSchema,
  caseDetailSchema,
  myTasksPageSchema,
  worklistCountsSchema,
  worklistPageSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, CaseSignalsPort, RegisterReportBody } from '@ketenregie/contracts';
import type { Role } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// Signals to the director over real HTTP and real PostgreSQL: a referrer with an account about
// their own report, a chain partner about its task, the director's case page and "Signalen"
// worklist, and the referrer portal's way in. Test data only: invented professionals and families.

type Person = { userId: string; organisationId: string; displayName: string; role: Role };

const people = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', role: 'veilig-thuis-professional' },
  bram: { userId: 'vt-bram', organisationId: 'vt-zhz', displayName: 'Bram Visser', role: 'veilig-thuis-professional' },
  els: { userId: 'els-linge', organisationId: 'obs-de-linge', displayName: 'Els Verhoef', role: 'referrer' },
  piet: { userId: 'piet-linge', organisationId: 'obs-de-linge', displayName: 'Piet Prins', role: 'referrer' },
  jet: { userId: 'jz-jet', organisationId: 'jeugdzorg', displayName: 'Jet Jansen', role: 'chain-partner' },
} satisfies Record<string, Person>;
type Who = keyof typeof people;

const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};

const reportBy = (personId: string, caseId?: string, familyName = 'Signaalstra'): RegisterReportBody => ({
  ...(caseId ? { caseId } : { newFamily: true }),
  referrer: {
    kind: 'directory-professional',
    organisationId: 'obs-de-linge',
    personId,
    feedbackConsent: { kind: 'granted', channel: 'portal' },
    namingEndangers: true,
  },
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Kind komt vaak met blauwe plekken op school.',
  household: {
    address: { street: 'Lingewal', houseNumber: '31', postcode: '4201 AB', municipality: 'Gorinchem' },
    members: [{ role: 'child', name: { givenNames: 'Noor', familyName }, dateOfBirth: '2015-02-03' }],
  },
  receivedBy: anna,
});

describe('signals to the director (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  const sessions = new Map<Who, Record<string, string>>();
  let checkpoint = '';

  beforeAll(async () => {
    database = await createTestDatabase('cases_signals');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    for (const [key, person] of Object.entries(people) as [Who, Person][]) {
      const password = await accounts.create({
        userId: person.userId,
        organisationId: person.organisationId,
        displayName: person.displayName,
        roles: [person.role],
      });
      sessions.set(key, (await signIn(api.url, person.userId, password)).headers);
    }
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  const send = async (as: Who, path: string, body: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...sessions.get(as), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  const post = async (as: Who, path: string, body: unknown, status = 200): Promise<CaseCommandResult> => {
    const answer = await send(as, path, body);
    if (answer.status !== status) throw new Error(`${path}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.json)}`);
    const result = caseCommandResultSchema.parse(answer.json);
    checkpoint = result.checkpoint;
    return result;
  };

  const get = async (as: Who, path: string): Promise<unknown> => {
    const separator = path.includes('?') ? '&' : '?';
    const response = await fetch(`${api.url}/api/v1${path}${separator}after=${encodeURIComponent(checkpoint)}`, {
      headers: sessions.get(as),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} as ${as}: ${response.status} ${text}`);
    return JSON.parse(text);
  };

  const signalsList = async (as: Who, scope: 'all' | 'mine' = 'all') =>
    worklistPageSchema.parse(await get(as, `/worklists/signals?scope=${scope}&sort=deadline`));
  const signalCount = async (as: Who) => worklistCountsSchema.parse(await get(as, '/worklists/counts')).signals;

  it('takes a signal from a referrer on their own report and from a partner with a task, and the director sees, lists and acknowledges them', async () => {
    const opened = await post('anna', '/cases/reports', reportBy(people.els.userId), 201);
    const { caseId } = opened;
    const elsReport = opened.ids['reportId'];
    const second = await post('anna', '/cases/reports', reportBy(people.piet.userId, caseId));
    const pietReport = second.ids['reportId'];
    await post('anna', `/cases/${caseId}/chain-partners`, {
      organisation: { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' },
      role: 'youth-protection',
      task: 'Gezinsbegeleiding',
    });
    const c = `/cases/${caseId}`;

    const fromEls = await post('els', `${c}/signals`, {
      kind: 'aid-stalls',
      reason: '  Al weken geen hulp gezien.  ',
      reportId: elsReport,
    });
    const elsSignal = fromEls.ids['signalId'];
    // Another teacher's report is as unknown to Els as the case would be.
    expect((await send('els', `${c}/signals`, { kind: 'aid-stalls', reason: 'Geen hulp.', reportId: pietReport })).status).toBe(404);
    // A partner kind from a referrer is refused by the case's rules.
    expect((await send('els', `${c}/signals`, { kind: 'task-stalls', reason: 'Stagneert.', reportId: elsReport })).status).toBe(422);
    const fromJet = await post('jet', `${c}/signals`, { kind: 'family-stopped-cooperating', reason: 'Gezin doet niet meer open.' });
    const jetSignal = fromJet.ids['signalId'];
    // Those who see the whole case record what they know otherwise.
    expect((await send('bram', `${c}/signals`, { kind: 'task-stalls', reason: 'Stagneert.' })).status).toBe(403);

    const detail = caseDetailSchema.parse(await get('anna', c));
    expect(detail.signals).toEqual([
      expect.objectContaining({
        signalId: elsSignal,
        kind: 'aid-stalls',
        source: { kind: 'referrer', reportId: elsReport },
        reason: 'Al weken geen hulp gezien.',
        acknowledged: null,
      }),
      expect.objectContaining({
        signalId: jetSignal,
        kind: 'family-stopped-cooperating',
        source: { kind: 'chain-partner', organisation: { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid' } },
      }),
    ]);
    expect(detail.actions).toEqual(
      expect.arrayContaining([
        { action: 'acknowledge-signal', target: { signalId: elsSignal }, allowed: true },
        { action: 'acknowledge-signal', target: { signalId: jetSignal }, allowed: true },
      ]),
    );

    // The partner's own view shows its own signal only, with the case id it raises signals on.
    const tasks = myTasksPageSchema.parse(await get('jet', '/my-tasks'));
    const task = tasks.items.find((item) => item.caseId === caseId);
    expect(task?.signals.map((signal) => signal.signalId)).toEqual([jetSignal]);

    // On the Signalen worklist of the director and their team, with its count; "mine" is the director's own.
    expect((await signalsList('anna')).items.map((item) => item.caseId)).toEqual([caseId]);
    expect(await signalCount('anna')).toBe(1);
    expect((await signalsList('bram')).total).toBe(1);
    expect((await signalsList('bram', 'mine')).total).toBe(0);

    await post('anna', `${c}/signals/${elsSignal}/acknowledgement`, { note: 'Gebeld met de hulpverlener.' });
    expect(await signalCount('anna')).toBe(1);
    expect((await send('anna', `${c}/signals/${elsSignal}/acknowledgement`, {})).status).toBe(422);
    await post('bram', `${c}/signals/${jetSignal}/acknowledgement`, {});
    expect((await signalsList('anna')).total).toBe(0);
    expect(await signalCount('anna')).toBe(0);
    const seen = caseDetailSchema.parse(await get('anna', c)).signals.find((signal) => signal.signalId === elsSignal);
    expect(seen?.acknowledged).toEqual({
      at: expect.any(String),
      by: { personId: 'vt-anna', name: 'Anna de Vries' },
      note: 'Gebeld met de hulpverlener.',
    });

    const logged = (await accounts.dataSource.query(
      `select actor_user_id, actor_role, action, outcome from access_log
        where subject_id = $1 and route like '%/signals%' and outcome = 'changed' order by actor_user_id`,
      [caseId],
    )) as Record<string, unknown>[];
    expect(logged).toEqual([
      { actor_user_id: 'els-linge', actor_role: 'referrer', action: 'update', outcome: 'changed' },
      { actor_user_id: 'jz-jet', actor_role: 'chain-partner', action: 'update', outcome: 'changed' },
      { actor_user_id: 'vt-anna', actor_role: 'veilig-thuis-professional', action: 'update', outcome: 'changed' },
      { actor_user_id: 'vt-bram', actor_role: 'veilig-thuis-professional', action: 'update', outcome: 'changed' },
    ]);
  }, 90_000);

  it("records the portal's signals once per idempotency key, checked and logged as the account, or logged under the link session", async () => {
    const opened = await post('anna', '/cases/reports', reportBy(people.els.userId, undefined, 'Portaalstra'), 201);
    const { caseId } = opened;
    const reportId = opened.ids['reportId'];
    const port = api.app.get<CaseSignalsPort>(CASE_SIGNALS_PORT);
    const principal = {
      userId: people.els.userId,
      displayName: people.els.displayName,
      organisationId: people.els.organisationId,
      roles: ['referrer'] as const,
      authenticatedBy: 'local' as const,
    };
    const viaAccount = {
      caseId,
      reportId,
      kind: 'new-concerns' as const,
      reason: 'Noor vertelde weer iets.',
      idempotencyKey: randomUUID(),
    };
    const first = await port.raiseFromPortal({ ...viaAccount, via: { kind: 'account', principal } });
    const again = await port.raiseFromPortal({ ...viaAccount, via: { kind: 'account', principal } });
    expect(again).toEqual(first);
    // Someone else's account is refused as if the case did not exist.
    const piet = { ...principal, userId: people.piet.userId, displayName: people.piet.displayName };
    await expect(
      port.raiseFromPortal({ ...viaAccount, idempotencyKey: randomUUID(), via: { kind: 'account', principal: piet } }),
    ).rejects.toMatchObject({
      status: 404,
    });

    const linkSessionId = randomUUID();
    const viaLink = { caseId, reportId, kind: 'aid-stalls' as const, reason: 'Nog steeds niets gehoord.', idempotencyKey: randomUUID() };
    const linked = await port.raiseFromPortal({ ...viaLink, via: { kind: 'portal-link', linkSessionId } });
    expect(await port.raiseFromPortal({ ...viaLink, via: { kind: 'portal-link', linkSessionId } })).toEqual(linked);
    // A report of another case is not this case's.
    await expect(
      port.raiseFromPortal({ ...viaLink, reportId: 'elders', idempotencyKey: randomUUID(), via: { kind: 'portal-link', linkSessionId } }),
    ).rejects.toMatchObject({ status: 404 });

    const events = await api.infrastructure.eventStore.readStream(`case-${caseId}`);
    const raised = events
      .filter((event) => event.type === 'cases.signal-raised')
      .map((event) => (event.data as { signalId: string }).signalId);
    expect(raised.sort()).toEqual([first.signalId, linked.signalId].sort());

    const entries = (await accounts.dataSource.query(
      `select actor_user_id, actor_role, legal_basis, outcome from access_log where subject_id = $1 and route like '%referrer-portal%' order by sequence`,
      [caseId],
    )) as { actor_user_id: string; actor_role: string; legal_basis: string; outcome: string | null }[];
    const forLink = entries.filter((entry) => entry.actor_user_id === `portal-link:${linkSessionId}`);
    expect(forLink.length).toBeGreaterThan(0);
    expect(forLink.every((entry) => entry.actor_role === 'referrer' && entry.legal_basis === 'wmo-2015-4.1.1')).toBe(true);
    expect(entries.some((entry) => entry.actor_user_id === people.els.userId && entry.outcome === 'changed')).toBe(true);
  }, 90_000);
});
