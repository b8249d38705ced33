import { randomUUID } from 'node:crypto';
import {
  caseCommandResultSchema,
  handoverOfferPageSchema,
  problemSchema,
  worklistCountsSchema,
  worklistNames,
  worklistPageSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, RegisterReportBody, WorklistCounts, WorklistName } from '@ketenregie/contracts';
import type { Role } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';
import { settled } from '../test-support/settled';

// The counts on the worklist tabs: per list the same number as the list's own total, for the same
// caller and scope (need-to-know by the same filter), numbers only, and no access-log entry.
// Over real HTTP with real sign-in. Test data only: invented professionals and families.

type Person = { userId: string; organisationId: string; displayName: string; role: Role };

const people = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', role: 'veilig-thuis-professional' },
  bram: { userId: 'vt-bram', organisationId: 'vt-zhz', displayName: 'Bram Visser', role: 'veilig-thuis-professional' },
  ugo: { userId: 'vt-ugo', organisationId: 'vt-utrecht', displayName: 'Ugo Smit', role: 'veilig-thuis-professional' },
  carla: { userId: 'lt-carla', organisationId: 'ts-gorinchem', displayName: 'Carla Bakker', role: 'team-sociaal-consultant' },
  jet: { userId: 'jz-jet', organisationId: 'jeugdzorg', displayName: 'Jet Jansen', role: 'chain-partner' },
} satisfies Record<string, Person>;
type Who = keyof typeof people;

const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};
const gorinchemTeam = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const };

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
      address: { street: 'Telweg', houseNumber: String(10 + n), postcode: '4201 TW', municipality: 'Gorinchem' },
      members: [{ role: 'adult', name: { givenNames: `Ouder${n}`, familyName: `Teller${n}` }, dateOfBirth: '1981-04-05' }],
    },
    receivedBy: anna,
  };
};

describe('worklist counts (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  const sessions = new Map<Who, Record<string, string>>();
  let checkpoint = '';

  beforeAll(async () => {
    database = await createTestDatabase('cases_worklist_counts');
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

  const post = async (path: string, body: unknown, status = 200): Promise<CaseCommandResult> => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...sessions.get('anna'), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== status) throw new Error(`${path}: expected ${status}, got ${response.status}: ${text}`);
    const result = caseCommandResultSchema.parse(JSON.parse(text));
    checkpoint = result.checkpoint;
    return result;
  };

  const get = (as: Who, path: string) => fetch(`${api.url}/api/v1${path}`, { headers: sessions.get(as) });

  const counts = async (as: Who, scope: 'all' | 'mine' = 'all'): Promise<WorklistCounts> => {
    const response = await get(as, `/worklists/counts?scope=${scope}&after=${encodeURIComponent(checkpoint)}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`counts as ${as} answered ${response.status}: ${text}`);
    return worklistCountsSchema.parse(JSON.parse(text));
  };

  const totals = async (as: Who, scope: 'all' | 'mine' = 'all'): Promise<Record<WorklistName, number>> => {
    const entries = await Promise.all(
      worklistNames.map(async (name) => {
        const response = await get(as, `/worklists/${name}?scope=${scope}&pageSize=1&after=${encodeURIComponent(checkpoint)}`);
        const schema = name === 'handovers-offered' ? handoverOfferPageSchema : worklistPageSchema;
        return [name, schema.parse(await response.json()).total] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<WorklistName, number>;
  };

  it('counts each list exactly as the list totals it, per caller and scope, and logs no read', async () => {
    // Three new reports: three assessments due, all directed by Anna; one offered to Gorinchem's team.
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await post('/cases/reports', reportBody(), 201));
    const [first] = opened;
    const assessment = `/cases/${first.caseId}/safety-assessments/${first.ids['reportId']}`;
    await post(`${assessment}/start`, {});
    await post(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
    await post(`/cases/${first.caseId}/handovers`, {
      to: { organisation: gorinchemTeam },
      reason: 'Hulp in het vrijwillig kader.',
      phase: 'stable-safety',
    });
    // The second offered to Carla by name: hers under "mine", as the list has it.
    const second = opened[1];
    const secondAssessment = `/cases/${second.caseId}/safety-assessments/${second.ids['reportId']}`;
    await post(`${secondAssessment}/start`, {});
    await post(`${secondAssessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
    await post(`/cases/${second.caseId}/handovers`, {
      to: { organisation: gorinchemTeam, person: { personId: people.carla.userId, name: people.carla.displayName } },
      reason: 'Carla kent het gezin al.',
      phase: 'stable-safety',
    });

    // The feedback context answers the milestones after these commands (the assessment's feedback
    // is due until its message is queued): the counts and the lists are compared once all is told.
    await settled(api.url);
    const annas = await counts('anna');
    expect(annas).toMatchObject({ 'my-cases': 3, 'assessments-due': 1, 'assessments-overdue': 0, 'handovers-offered': 0 });
    expect(annas).toEqual(await totals('anna'));
    expect(await counts('anna', 'mine')).toEqual(await totals('anna', 'mine'));
    // Anna's colleague sees the region's open assessments but directs none of them.
    const brams = await counts('bram');
    expect(brams).toMatchObject({ 'my-cases': 0, 'assessments-due': 1 });
    expect(brams).toEqual(await totals('bram'));
    expect(await counts('bram', 'mine')).toMatchObject({ 'assessments-due': 0 });
    // The receiving team counts the offer; another region's Veilig Thuis counts nothing of these families.
    const carlas = await counts('carla');
    expect(carlas).toMatchObject({ 'handovers-offered': 2, 'my-cases': 0 });
    expect(carlas).toEqual(await totals('carla'));
    const carlasOwn = await counts('carla', 'mine');
    expect(carlasOwn).toMatchObject({ 'handovers-offered': 1, 'my-cases': 0 });
    expect(carlasOwn).toEqual(await totals('carla', 'mine'));
    expect(Object.values(await counts('ugo')).every((count) => count === 0)).toBe(true);

    // A role without worklists gets no counts either.
    const partner = await get('jet', '/worklists/counts');
    expect(partner.status).toBe(403);
    problemSchema.parse(await partner.json());
    const invalid = await get('anna', '/worklists/counts?scope=everyone');
    expect(invalid.status).toBe(400);

    const logged = (await accounts.dataSource.query(
      `select count(*)::int as n from access_log where route like '%/worklists/counts%'`,
    )) as {
      n: number;
    }[];
    expect(logged[0].n).toBe(0);
  }, 60_000);

  it('is described in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { operationId?: string; responses?: Record<string, unknown> } }>;
    };
    const operation = document.paths['/worklists/counts']?.get;
    expect(operation?.operationId).toBe('getWorklistCounts');
    expect(JSON.stringify(operation?.responses?.['200'])).toContain('#/components/schemas/WorklistCounts');
  });
});
