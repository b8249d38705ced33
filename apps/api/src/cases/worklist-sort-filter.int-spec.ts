import { randomUUID } from 'node:crypto';
import { caseCommandResultSchema, worklistCountsSchema, worklistFacetsSchema, worklistPageSchema } from '@ketenregie/contracts';
import type { CaseCommandResult, RegisterReportBody, WorklistCounts, WorklistItem, WorklistPage } from '@ketenregie/contracts';
import { municipalityKey } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// Worklists sorted, filtered and paged by the database: a page is a page of the whole sorted
// selection, the counts take the same filters, the chip options name no family, and a list read
// logs the families of the page it answers and no others. Over real HTTP with real sign-in.
// Test data only: invented professionals and families.

const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};

// `typed`: the municipality as a referrer wrote it; it is the same municipality.
type Family = { surname: string; municipality: 'Gorinchem' | 'Molenlanden'; typed?: string; daysAgo?: number };

// Two overdue assessments (received two weeks ago), the rest due; over two municipalities. The
// surnames run against the deadline order, so sorting by family really reorders.
const families: Family[] = [
  { surname: 'Zwart', municipality: 'Gorinchem', daysAgo: 20 },
  { surname: 'Ypma', municipality: 'Molenlanden', daysAgo: 14 },
  { surname: 'Aalders', municipality: 'Gorinchem' },
  { surname: 'Bakker', municipality: 'Molenlanden' },
  { surname: 'Claassen', municipality: 'Gorinchem' },
  { surname: 'Dekker', municipality: 'Gorinchem', typed: 'gorinchem' },
  { surname: 'Evers', municipality: 'Molenlanden', typed: 'MOLENLANDEN\u200b' },
];

const postcodes = { Gorinchem: '4201 SF', Molenlanden: '4241 SF' };

const reportBody = (family: Family, index: number): RegisterReportBody => ({
  newFamily: true,
  referrer: { kind: 'professional', name: 'Els Jansen', organisation: 'OBS De Linge', role: 'ib', contact: { email: 'e@example.org' } },
  sourceCategory: 'police',
  formsOfViolence: ['partner-violence'],
  concern: 'Politie meldt huiselijk geweld.',
  household: {
    address: {
      street: 'Sorteerweg',
      houseNumber: String(10 + index),
      postcode: postcodes[family.municipality],
      municipality: family.typed ?? family.municipality,
    },
    members: [{ role: 'adult', name: { givenNames: `Ouder${index}`, familyName: family.surname }, dateOfBirth: '1981-04-05' }],
  },
  receivedBy: anna,
  ...(family.daysAgo ? { receivedAt: new Date(Date.now() - family.daysAgo * 86_400_000).toISOString() } : {}),
});

describe('worklists sorted, filtered and paged in the database (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let headers: Record<string, string> = {};
  let checkpoint = '';
  const caseOf = new Map<string, string>();

  const post = async (path: string, body: unknown): Promise<CaseCommandResult> => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`${path}: ${response.status}: ${text}`);
    const result = caseCommandResultSchema.parse(JSON.parse(text));
    checkpoint = result.checkpoint;
    return result;
  };

  const get = (path: string) =>
    fetch(`${api.url}/api/v1${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(checkpoint)}`, { headers });

  const page = async (query: string): Promise<WorklistPage> => {
    const response = await get(`/worklists/assessments?${query}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${query}: ${response.status}: ${text}`);
    return worklistPageSchema.parse(JSON.parse(text));
  };

  /** Every page of a selection, three at a time: the order across page boundaries. */
  const allPages = async (query: string): Promise<WorklistItem[]> => {
    const items: WorklistItem[] = [];
    for (let number = 1; number <= 5; number++) items.push(...(await page(`${query}&pageSize=3&page=${number}`)).items);
    return items;
  };

  const surnames = (items: WorklistItem[]) => items.map((item) => item.familyLabel.split(',')[0]);

  const counts = async (query = ''): Promise<WorklistCounts> =>
    worklistCountsSchema.parse(await (await get(`/worklists/counts?${query}`)).json());

  beforeAll(async () => {
    database = await createTestDatabase('cases_worklist_sort_filter');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    const password = await accounts.create({
      userId: 'vt-anna',
      organisationId: 'vt-zhz',
      displayName: 'Anna de Vries',
      roles: ['veilig-thuis-professional'],
    });
    headers = (await signIn(api.url, 'vt-anna', password)).headers;
    for (const [index, family] of families.entries())
      caseOf.set(family.surname, (await post('/cases/reports', reportBody(family, index))).caseId);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  it('pages through overdue and then due assessments as one list, each case once', async () => {
    const items = await allPages('');
    expect(items).toHaveLength(families.length);
    expect(new Set(items.map((item) => item.caseId)).size).toBe(families.length);
    // The longest overdue first, then the due ones by deadline (all due the same day: by opening).
    expect(surnames(items).slice(0, 2)).toEqual(['Zwart', 'Ypma']);
    expect(items.slice(0, 2).every((item) => item.deadlines.assessmentOverdue)).toBe(true);
    expect(items.slice(2).some((item) => item.deadlines.assessmentOverdue)).toBe(false);
    // Reversed: least urgent first, overdue last.
    expect(surnames(await allPages('order=desc')).slice(-2)).toEqual(['Ypma', 'Zwart']);
    // The combined list counts as its two parts together.
    const all = await counts();
    expect(all.assessments).toBe(all['assessments-due'] + all['assessments-overdue']);
    expect(all.assessments).toBe(families.length);
  });

  it('sorts by family, municipality and status across page boundaries, both ways', async () => {
    const alphabetical = [...families.map((family) => family.surname)].sort();
    expect(surnames(await allPages('sort=family'))).toEqual(alphabetical);
    expect(surnames(await allPages('sort=family&order=desc'))).toEqual([...alphabetical].reverse());
    const byMunicipality = await allPages('sort=municipality');
    // However each case spells its municipality.
    expect(byMunicipality.map((item) => municipalityKey(item.municipality))).toEqual([
      ...Array(4).fill('gorinchem'),
      ...Array(3).fill('molenlanden'),
    ]);
    // Within one municipality the list's own urgency decides: Zwart is overdue.
    expect(surnames(byMunicipality)[0]).toBe('Zwart');
    const byChange = await allPages('sort=lastChanged&order=desc');
    expect(byChange.map((item) => item.lastEventAt)).toEqual(
      byChange
        .map((item) => item.lastEventAt)
        .sort()
        .reverse(),
    );
  });

  it('filters by municipality and status, with counts and totals that match', async () => {
    const molenlanden = await allPages('municipality=Molenlanden');
    expect(surnames(molenlanden)).toEqual(['Ypma', 'Bakker', 'Evers']);
    expect((await page('municipality=Molenlanden&pageSize=1')).total).toBe(3);
    const filtered = await counts('municipality=Molenlanden');
    expect(filtered).toMatchObject({ assessments: 3, 'assessments-overdue': 1, 'assessments-due': 2, 'my-cases': 3 });
    expect((await counts('municipality=Molenlanden&status=closed')).assessments).toBe(0);
    expect((await page('status=closed')).total).toBe(0);
    expect((await page('status=received&municipality=Gorinchem')).total).toBe(4);
    // Another spelling of a municipality filters the same cases.
    expect(surnames(await allPages('municipality=%E2%80%89molenLanden%20'))).toEqual(['Ypma', 'Bakker', 'Evers']);
    // Facets: what the chips offer, whatever is filtered now; one chip per municipality, as most cases spell it.
    const facets = worklistFacetsSchema.parse(await (await get('/worklists/facets?list=assessments')).json());
    expect(facets).toEqual({ municipalities: ['Gorinchem', 'Molenlanden'], statuses: ['received'] });
  });

  it('refuses what is not a sort key or a known status, with the field named', async () => {
    for (const query of [
      'sort=family_label',
      'sort=family;drop table case_summaries',
      'order=sideways',
      'status=opened',
      'municipality=',
    ]) {
      const response = await get(`/worklists/assessments?${query}`);
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { errors?: { in?: string; name?: string; path?: string }[] };
      expect(JSON.stringify(problem.errors)).toContain(query.split('=')[0]);
    }
    expect((await get('/worklists/counts?sort=family')).status).toBe(400);
  });

  it('logs the families of the page it answers and no others; counts and facets log nothing', async () => {
    const before = (await accounts.dataSource.query(`select coalesce(max(sequence), 0)::int as last from access_log`)) as {
      last: number;
    }[];
    const second = await page('sort=family&pageSize=3&page=2');
    await counts('municipality=Gorinchem');
    await get('/worklists/facets?list=assessments');
    const logged = (await accounts.dataSource.query(
      `select subject_id, route from access_log where sequence > $1 and action = 'read' order by sequence`,
      [before[0].last],
    )) as { subject_id: string; route: string }[];
    expect(second.items).toHaveLength(3);
    expect(logged.map((entry) => entry.route)).toEqual(Array(3).fill('GET /api/v1/worklists/assessments'));
    expect(new Set(logged.map((entry) => entry.subject_id))).toEqual(new Set(second.items.map((item) => item.caseId)));
    expect(second.items.map((item) => item.caseId)).toEqual(['Dekker', 'Evers', 'Ypma'].map((surname) => caseOf.get(surname)));
  });

  it('describes sort, order and the filters in the OpenAPI document, in Dutch', async () => {
    const document = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string; description?: string; schema?: { enum?: string[] } }[] } }>;
    };
    const parameters = document.paths['/worklists/assessments']?.get?.parameters ?? [];
    const sort = parameters.find((parameter) => parameter.name === 'sort');
    expect(sort?.schema?.enum).toEqual(['deadline', 'family', 'municipality', 'status', 'director', 'lastChanged']);
    expect(sort?.description).toContain('de meest verlopen eerst');
    expect(parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['order', 'municipality', 'status']));
    const countParameters = document.paths['/worklists/counts']?.get?.parameters ?? [];
    expect(countParameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['municipality', 'status']));
    expect(document.paths['/worklists/facets']?.get).toBeDefined();
  });
});
