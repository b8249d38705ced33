import { randomUUID } from 'node:crypto';
import { caseCommandResultSchema, handoverOfferPageSchema, problemSchema } from '@ketenregie/contracts';
import type { CaseCommandResult, HandoverOfferPage, RegisterReportBody } from '@ketenregie/contracts';
import type { Role } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// The hand-over worklist: an offer waits on the list of those who may answer it (the named
// professional, or every professional of the receiving team), nowhere else, and leaves it once
// answered or withdrawn. Over real HTTP with real sign-in.
// Test data only: invented professionals, organisations and families.

type Person = { userId: string; organisationId: string; displayName: string; role: Role };

const people = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', role: 'veilig-thuis-professional' },
  bram: { userId: 'vt-bram', organisationId: 'vt-zhz', displayName: 'Bram Visser', role: 'veilig-thuis-professional' },
  ugo: { userId: 'vt-ugo', organisationId: 'vt-utrecht', displayName: 'Ugo Smit', role: 'veilig-thuis-professional' },
  carla: { userId: 'lt-carla', organisationId: 'ts-gorinchem', displayName: 'Carla Bakker', role: 'team-sociaal-consultant' },
  cees: { userId: 'lt-cees', organisationId: 'ts-gorinchem', displayName: 'Cees Kok', role: 'team-sociaal-consultant' },
  daan: { userId: 'lt-daan', organisationId: 'ts-molenlanden', displayName: 'Daan Wit', role: 'team-sociaal-consultant' },
  jet: { userId: 'jz-jet', organisationId: 'jeugdzorg', displayName: 'Jet Jansen', role: 'chain-partner' },
} satisfies Record<string, Person>;
type Who = keyof typeof people;

const organisations = {
  'vt-zhz': { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
  'ts-gorinchem': { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const },
  'ts-molenlanden': { organisationId: 'ts-molenlanden', name: 'Team Sociaal Molenlanden', kind: 'local-team' as const },
};

const ref = (who: 'anna' | 'carla' | 'daan') => ({
  person: { personId: people[who].userId, name: people[who].displayName },
  organisation: organisations[people[who].organisationId as keyof typeof organisations],
});

let families = 0;
const reportBody = (): RegisterReportBody => {
  const n = families++;
  return {
    newFamily: true,
    referrer: { kind: 'professional', name: 'Els Jansen', organisation: 'OBS De Linge', role: 'ib', contact: { email: 'e@example.org' } },
    sourceCategory: 'police',
    formsOfViolence: ['partner-violence'],
    concern: 'Politie meldt huiselijk geweld.',
    household: {
      address: { street: 'Overdrachtweg', houseNumber: String(10 + n), postcode: '4201 OD', municipality: 'Gorinchem' },
      members: [{ role: 'adult', name: { givenNames: `Ouder${n}`, familyName: `Aanbod${n}` }, dateOfBirth: '1980-02-03' }],
    },
    receivedBy: ref('anna'),
  };
};

describe('hand-over offers on the worklist of whoever must answer them (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  const sessions = new Map<Who, Record<string, string>>();
  let checkpoint = '';

  beforeAll(async () => {
    database = await createTestDatabase('cases_handover_worklist');
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

  const post = async (path: string, body: unknown, as: Who = 'anna', status = 200): Promise<CaseCommandResult> => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...sessions.get(as), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== status) throw new Error(`${path} as ${as}: expected ${status}, got ${response.status}: ${text}`);
    const result = caseCommandResultSchema.parse(JSON.parse(text));
    checkpoint = result.checkpoint;
    return result;
  };

  const offers = async (as: Who, scope: 'all' | 'mine' = 'all'): Promise<HandoverOfferPage> => {
    const response = await fetch(
      `${api.url}/api/v1/worklists/handovers-offered?scope=${scope}&pageSize=100&after=${encodeURIComponent(checkpoint)}`,
      { headers: sessions.get(as) },
    );
    const text = await response.text();
    if (response.status !== 200) throw new Error(`handovers-offered as ${as} answered ${response.status}: ${text}`);
    return handoverOfferPageSchema.strict().parse(JSON.parse(text));
  };
  const listed = async (as: Who, scope: 'all' | 'mine' = 'all'): Promise<string[]> => {
    const page = await offers(as, scope);
    expect(page.total).toBe(page.items.length);
    return page.items.map((item) => item.caseId);
  };

  /** A case of Anna's, assessed as structurally unsafe: ready to be handed over to a local team. */
  const assessedCase = async (): Promise<string> => {
    const opened = await post('/cases/reports', reportBody(), 'anna', 201);
    const assessment = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
    await post(`${assessment}/start`, {});
    await post(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
    return opened.caseId;
  };
  const offer = async (caseId: string, to: unknown): Promise<string> =>
    (await post(`/cases/${caseId}/handovers`, { to, reason: 'Hulp in het vrijwillig kader.', phase: 'stable-safety' })).ids['handoverId'];

  it('lists an offer to a team for each of its professionals and one by name for that professional only, until answered or withdrawn', async () => {
    const toTeam = await assessedCase();
    const toTeamHandover = await offer(toTeam, { organisation: organisations['ts-gorinchem'] });
    const toDaan = await assessedCase();
    const toDaanHandover = await offer(toDaan, ref('daan'));
    const withdrawn = await assessedCase();
    const withdrawnHandover = await offer(withdrawn, { organisation: organisations['ts-gorinchem'] });

    // The receiving team, longest-waiting offer first; a professional by name sees their own.
    expect(await listed('carla')).toEqual([toTeam, withdrawn]);
    expect(await listed('cees')).toEqual([toTeam, withdrawn]);
    expect(await listed('daan')).toEqual([toDaan]);
    // `mine`: offered by name. A team offer is nobody's by name.
    expect(await listed('daan', 'mine')).toEqual([toDaan]);
    expect(await listed('carla', 'mine')).toEqual([]);
    // Not the one who offered, nor their team (they see it on the case), nor another region's
    // Veilig Thuis, nor a partner without worklists (403).
    expect(await listed('anna')).toEqual([]);
    expect(await listed('bram')).toEqual([]);
    expect(await listed('ugo')).toEqual([]);
    const partner = await fetch(`${api.url}/api/v1/worklists/handovers-offered`, { headers: sessions.get('jet') });
    expect(partner.status).toBe(403);
    problemSchema.parse(await partner.json());

    // Each row carries what the receiver decides on: who offers, to whom, what kind, since when.
    const [row] = (await offers('daan')).items;
    expect(row).toMatchObject({
      caseId: toDaan,
      familyLabel: `Aanbod1, 4201`,
      municipality: 'Gorinchem',
      status: 'handover_offered',
      director: ref('anna'),
      pendingHandoverTo: ref('daan'),
      handover: {
        handoverId: toDaanHandover,
        kind: 'de-escalation',
        from: ref('anna'),
        to: ref('daan'),
        phase: 'stable-safety',
      },
    });
    expect(Date.now() - Date.parse(row.handover.offeredAt)).toBeLessThan(60_000);
    const teamRow = (await offers('cees')).items[0];
    expect(teamRow.handover).toMatchObject({ handoverId: toTeamHandover, to: { organisation: organisations['ts-gorinchem'] } });
    expect(teamRow.handover.to.person).toBeUndefined();
    expect(teamRow.handover.offeredAt <= (await offers('cees')).items[1].handover.offeredAt).toBe(true);

    // Every listed family is a logged read of the one who listed it; nothing for an empty list.
    const logged = (await accounts.dataSource.query(
      `select actor_user_id, subject_id from access_log where route = 'GET /api/v1/worklists/handovers-offered' and action = 'read'`,
    )) as { actor_user_id: string; subject_id: string }[];
    expect(logged.filter((entry) => entry.actor_user_id === 'lt-daan').every((entry) => entry.subject_id === toDaan)).toBe(true);
    expect(logged.some((entry) => entry.actor_user_id === 'lt-carla' && entry.subject_id === toTeam)).toBe(true);
    expect(logged.filter((entry) => ['vt-anna', 'vt-bram', 'vt-ugo'].includes(entry.actor_user_id))).toEqual([]);

    // Answered or withdrawn: off every list.
    await post(`/cases/${toTeam}/handovers/${toTeamHandover}/accept`, {}, 'cees');
    expect(await listed('carla')).toEqual([withdrawn]);
    expect(await listed('cees')).toEqual([withdrawn]);
    await post(`/cases/${toDaan}/handovers/${toDaanHandover}/decline`, { reason: 'Past niet bij ons team.' }, 'daan');
    expect(await listed('daan')).toEqual([]);
    await post(`/cases/${withdrawn}/handovers/${withdrawnHandover}/withdraw`, { reason: 'Toch zelf verder.' }, 'anna');
    expect(await listed('carla')).toEqual([]);
    expect(await listed('cees')).toEqual([]);
  }, 60_000);

  it('is described in the OpenAPI document with its own rows', async () => {
    const document = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { operationId?: string; responses?: Record<string, unknown> } }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const operation = document.paths['/worklists/handovers-offered']?.get;
    expect(operation?.operationId).toBe('getHandoversOffered');
    expect(JSON.stringify(operation?.responses?.['200'])).toContain('#/components/schemas/HandoverOfferPage');
    const item = (document.components.schemas['HandoverOfferPage']?.properties?.['items'] as { items?: { required?: string[] } })?.items;
    expect(item?.required).toEqual(expect.arrayContaining(['caseId', 'familyLabel', 'director', 'deadlines', 'handover']));
  });
});
