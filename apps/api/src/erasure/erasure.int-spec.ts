import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  caseCommandResultSchema,
  caseDetailSchema,
  caseTextsSchema,
  familySearchResultSchema,
  fullSystemStatusSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, RegisterReportBody } from '@ketenregie/contracts';
import { toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { findRepoRoot } from '../config/repo-root';
import { projections } from '../projections/registry';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// Test data only: invented professionals and two invented families. Every free text and name of
// the family that is erased carries `tag`, so one search term finds any of it anywhere.
const tag = `Qzv${randomBytes(5).toString('hex')}`;
const keptTag = `Kpt${randomBytes(5).toString('hex')}`;
const erasedDatesOfBirth = ['1977-11-23', '2015-02-17'];
const erasedPostcode = { typed: '9891 XQ', stored: '9891XQ' };
const searchTerms = [tag, ...erasedDatesOfBirth, erasedPostcode.stored, erasedPostcode.typed];

const vt = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const lt = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const };
type Professional = {
  person: { personId: string; name: string };
  organisation: { organisationId: string; name: string; kind: 'veilig-thuis' | 'local-team' };
};
const anna: Professional = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vt };
const carla: Professional = { person: { personId: 'lt-carla', name: 'Carla Bakker' }, organisation: lt };

const erasedReport: RegisterReportBody = {
  newFamily: true,
  referrer: {
    kind: 'professional',
    name: `Hendrikje ${tag}`,
    organisation: `OBS ${tag}`,
    role: 'intern begeleider',
    contact: { email: `melder.${tag}@example.org`, phone: '0612345678' },
  },
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse', 'partner-violence'],
  concern: `Ymke ${tag} vertelt over harde klappen van Odilia ${tag}.`,
  household: {
    address: {
      street: `Kwakkelsteeg${tag}`,
      houseNumber: '77',
      postcode: erasedPostcode.typed,
      city: `Gorinchem${tag}`,
      municipality: 'Gorinchem',
    },
    members: [
      { role: 'adult', name: { givenNames: `Odilia${tag}`, familyName: `Quetzalvelde${tag}` }, dateOfBirth: erasedDatesOfBirth[0] },
      { role: 'child', name: { givenNames: `Ymke${tag}`, familyName: `Quetzalvelde${tag}` }, dateOfBirth: erasedDatesOfBirth[1] },
    ],
  },
  receivedBy: anna,
};

const keptReport: RegisterReportBody = {
  ...erasedReport,
  referrer: { kind: 'citizen', name: 'Buurman', contact: {} },
  sourceCategory: 'citizen',
  concern: `Zorgen om Brakkeveen${keptTag}.`,
  household: {
    address: { street: 'Lingewal', houseNumber: '3', postcode: '4201 AB', municipality: 'Gorinchem' },
    members: [
      { role: 'adult', name: { givenNames: `Wubbe${keptTag}`, familyName: `Brakkeveen${keptTag}` }, dateOfBirth: '1980-01-01' },
      { role: 'child', name: { givenNames: 'Noor', familyName: `Brakkeveen${keptTag}` }, dateOfBirth: '2016-06-06' },
    ],
  },
};

type Script = { code: number | null; stdout: string; stderr: string };

const root = findRepoRoot();

/** Runs an operator script as the operator would, against the test's database. */
const runScript = (script: string, args: string[], env: Record<string, string>): Promise<Script> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), join(root, 'tools/scripts', script), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });

const containsAny = (text: string): string[] => searchTerms.filter((term) => text.toLowerCase().includes(term.toLowerCase()));

describe('erasure of a family, end to end (real HTTP, real PostgreSQL, operator scripts)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let accounts: TestAccounts;
  let dataSource: DataSource;
  const sessions = new Map<string, SignedIn>();
  let lastCheckpoint = '';
  const scripts: Script[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('erasure_api');
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    accounts = await testAccounts(database.url);
    for (const director of [anna, carla]) {
      sessions.set(
        director.person.personId,
        await accounts.signInAs(api.url, {
          userId: director.person.personId,
          displayName: director.person.name,
          organisationId: director.organisation.organisationId,
          // A hand-over names a professional who can direct at the receiving organisation.
          roles: [director.organisation.kind === 'local-team' ? 'team-sociaal-consultant' : 'veilig-thuis-professional'],
        }),
      );
    }
    dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await api?.stop();
    await accounts?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const headersOf = (director: Professional): Record<string, string> => {
    const session = sessions.get(director.person.personId);
    if (!session) throw new Error('not signed in');
    return session.headers;
  };

  const post = async (path: string, body: unknown, as: Professional = anna): Promise<CaseCommandResult> => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...headersOf(as), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${text}`);
    const result = caseCommandResultSchema.parse(JSON.parse(text));
    lastCheckpoint = result.checkpoint;
    return result;
  };

  const get = async (path: string, as: Professional = anna): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${api.url}${path}`, { headers: headersOf(as) });
    return { status: response.status, text: await response.text() };
  };

  /** Family search, with the personal data in the body. */
  const search = async (body: Record<string, unknown>, as: Professional = anna): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${api.url}/api/v1/families/search`, {
      method: 'POST',
      headers: { ...headersOf(as), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  /** Every GET of the cases API (and the status page), and every search, that could show this case or family. */
  const everyResponse = async (caseIds: string[]): Promise<Record<string, { status: number; text: string }>> => {
    const after = `after=${encodeURIComponent(lastCheckpoint)}`;
    const paths = [
      ...caseIds.flatMap((caseId) => [
        `/api/v1/cases/${caseId}?${after}`,
        `/api/v1/cases/${caseId}?asOf=${toAmsterdamDate(new Date())}`,
        `/api/v1/cases/${caseId}/timeline?${after}`,
        `/api/v1/cases/${caseId}/timeline?pageSize=500&kind=intake`,
        `/api/v1/cases/${caseId}/texts?${after}`,
      ]),
      ...['my-cases', 'assessments-due', 'assessments-overdue', 'rappels-due', 'rappels-overdue', 'recidivism-flags'].map(
        (list) => `/api/v1/worklists/${list}?scope=all&pageSize=100&${after}`,
      ),
      '/api/v1/status',
      '/api/v1/auth/session',
    ];
    const responses: Record<string, { status: number; text: string }> = {};
    for (const path of paths) {
      for (const director of [anna, carla]) responses[`${director.person.personId} ${path}`] = await get(path, director);
    }
    const searches = [
      { givenNames: `Odilia${tag}`, familyName: `Quetzalvelde${tag}`, dateOfBirth: erasedDatesOfBirth[0] },
      { givenNames: `Ymke${tag}`, familyName: `Quetzalvelde${tag}` },
      { postcode: erasedPostcode.typed, houseNumber: '77' },
    ];
    for (const body of searches) {
      for (const director of [anna, carla])
        responses[`${director.person.personId} POST /api/v1/families/search ${JSON.stringify(body)}`] = await search(body, director);
    }
    return responses;
  };

  /** Every table of the database (read models, event store, keys, sessions, logs), every column as text. */
  const tablesContaining = async (): Promise<string[]> => {
    const tables = (await dataSource.query(
      `select table_schema, table_name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
    )) as { table_schema: string; table_name: string }[];
    expect(tables.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables) {
      const qualified = `"${schema}"."${table}"`;
      const [{ hits }] = (await dataSource.query(`select count(*)::int as hits from ${qualified} t where t::text ilike any($1::text[])`, [
        searchTerms.map((term) => `%${term}%`),
      ])) as { hits: number }[];
      if (hits > 0) found.push(`${schema}.${table} (${hits})`);
    }
    return found;
  };

  const statistics = async () => ({
    events: (await dataSource.query('select type, events::int as events from event_type_counts order by type')) as unknown[],
    cases: (await dataSource.query(
      'select municipality, status, count(*)::int as cases from case_summaries group by 1, 2 order by 1, 2',
    )) as unknown[],
    status: fullSystemStatusSchema.parse(JSON.parse((await get('/api/v1/status')).text)).events,
  });

  it('leaves no trace of the family in any table, response, log line or rebuilt projection; statistics unchanged', async () => {
    // The family to erase, through the real commands: intake, assessment, plan, partners, hand-over.
    const opened = await post('/cases/reports', erasedReport);
    const c = `/cases/${opened.caseId}`;
    await post(`${c}/acute-unsafety`, { measures: `Ymke ${tag} bij oma ondergebracht.` });
    await post(`${c}/safety-assessments/${opened.ids['reportId']}/start`, {});
    await post(`${c}/safety-assessments/${opened.ids['reportId']}/complete`, { acuteUnsafety: true, structuralUnsafety: true });
    await post(`${c}/phase`, { phase: 'stable-safety', reason: `Odilia ${tag} werkt mee.` });
    await post(`${c}/chain-partners`, {
      organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' },
      role: 'aid-provider',
      task: `Begeleiding van Odilia ${tag}`,
      contact: { personId: 'lev-1', name: `Contact ${tag}`, email: `lev.${tag}@example.org` },
    });
    await post(`${c}/safety-conditions`, {
      text: `Odilia ${tag} slaat Ymke niet meer.`,
      owner: { organisation: vt, person: anna.person },
      dueOn: toAmsterdamDate(new Date(Date.now() + 30 * 86_400_000)),
    });
    await post(`${c}/plan/parts/aid`, {
      description: `Gezinsbegeleiding voor ${tag}.`,
      agreements: [{ agreementId: 'a1', text: `Ymke ${tag} naar speltherapie`, owner: { organisation: lt } }],
    });
    const { referrer: _referrer, ...advice } = erasedReport;
    await post('/cases/advice-requests', {
      ...advice,
      newFamily: undefined,
      caseId: opened.caseId,
      referrer: { kind: 'citizen', name: `Buurvrouw ${tag}`, relationToFamily: 'buurvrouw', contact: { phone: '0687654321' } },
      concern: `Geschreeuw bij ${tag}.`,
    });
    await post(`${c}/handovers`, { to: carla, reason: `Odilia ${tag} wil hulp van het Team.`, phase: 'stable-safety' });
    const kept = await post('/cases/reports', keptReport);

    const detail = caseDetailSchema.parse(JSON.parse((await get(`/api/v1${c}?after=${encodeURIComponent(lastCheckpoint)}`)).text));
    const familyId = detail.familyId;
    // The test can fail: before erasure the family is everywhere a professional looks.
    expect(detail.familyLabel).toBe(`Quetzalvelde${tag}, 9891`);
    const texts = caseTextsSchema.parse(JSON.parse((await get(`/api/v1${c}/texts?after=${encodeURIComponent(lastCheckpoint)}`)).text));
    expect(texts.erased).toBe(false);
    expect(texts.items.map((item) => item.text)).toEqual(
      expect.arrayContaining([erasedReport.concern, `Geschreeuw bij ${tag}.`, `Odilia ${tag} wil hulp van het Team.`]),
    );
    expect(
      Object.entries(await everyResponse([opened.caseId])).filter(([, reply]) => containsAny(reply.text).length > 0).length,
    ).toBeGreaterThan(5);

    // Encrypted at rest from the start: the stored events hold no name, date of birth or address.
    const rawEvents = (await dataSource.query(
      `select event_type as type, data::text as data from event_store.es_events where stream_id = $1 order by stream_revision`,
      [`case-${opened.caseId}`],
    )) as { type: string; data: string }[];
    expect(rawEvents.length).toBeGreaterThan(8);
    for (const event of rawEvents) expect([event.type, containsAny(event.data)]).toEqual([event.type, []]);
    expect(rawEvents.map((event) => event.data).join('\n')).toContain('"municipality": "Gorinchem"');

    // Before erasure the search finds the read models that hold the family (so it can find them), but
    // never the event store.
    const holding = await tablesContaining();
    expect(holding).toEqual(
      expect.arrayContaining([expect.stringMatching(/^public\.case_summaries__g1 /), expect.stringMatching(/^public\.family_index__g1 /)]),
    );
    expect(holding.filter((table) => table.startsWith('event_store.'))).toEqual([]);

    // Feedback to the referrers is queued and mailed in the background: settled before counting.
    const feedbackSettled = async (): Promise<boolean> => {
      const counts = (await dataSource.query(`select type, events::int as events from event_type_counts where type like 'feedback.%'`)) as {
        type: string;
        events: number;
      }[];
      const count = (type: string) => counts.find((row) => row.type === type)?.events ?? 0;
      return count('feedback.message-queued') > 0 && count('feedback.message-delivered') === count('feedback.message-queued');
    };
    for (let tries = 0; tries < 200 && !(await feedbackSettled()); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await statistics();

    const erased = await runScript('erasure.ts', ['erase', '--family', familyId, '--reason', 'request'], { DATABASE_URL: database.url });
    scripts.push(erased);
    expect(erased).toMatchObject({ code: 0, stderr: '' });
    expect(erased.stdout).toMatch(
      new RegExp(
        `^Erased the personal data of family ${familyId} at \\S+ \\(reason: request\\); read models cleared \\(cases, feedback\\)\\.\\n$`,
      ),
    );
    // The erasure is itself a change of the family's data, in its access log under the operator.
    const logged = (await dataSource.query(
      `select actor_user_id, route, legal_basis from access_log where family_id = $1 and action = 'erase'`,
      [familyId],
    )) as { actor_user_id: string; route: string; legal_basis: string }[];
    expect(logged).toEqual([{ actor_user_id: expect.stringMatching(/^operator:/), route: 'CLI erasure', legal_basis: 'avg-art-17' }]);
    const status = await runScript('erasure.ts', ['status', '--family', familyId], { DATABASE_URL: database.url });
    scripts.push(status);
    expect(status.stdout).toMatch(
      new RegExp(`^Family ${familyId}: erased at \\S+ \\(reason: request\\); read models cleared at \\S+\\.\\n$`),
    );

    // Every projection rebuilt from position 0 while the app keeps running.
    for (const projection of projections) {
      const rebuilt = await runScript('projections-rebuild.ts', [projection.name], { DATABASE_URL: database.url });
      scripts.push(rebuilt);
      expect([projection.name, rebuilt.code, rebuilt.stderr]).toEqual([projection.name, 0, '']);
      expect(rebuilt.stdout).toContain(`Rebuilt ${projection.name}: generation 1 -> 2`);
    }

    expect(await tablesContaining()).toEqual([]);
    const responses = await everyResponse([opened.caseId, kept.caseId]);
    for (const [request, reply] of Object.entries(responses)) {
      // Access rules decide what Carla may see; Anna directs both cases and sees every one.
      const expectedStatus = request.startsWith('vt-anna ') ? 200 : reply.status === 404 || reply.status === 403 ? reply.status : 200;
      expect([request, reply.status, containsAny(reply.text)]).toEqual([request, expectedStatus, []]);
    }
    const logs = [api.stdout(), api.stderr(), ...scripts.flatMap((script) => [script.stdout, script.stderr])].join('\n');
    expect(containsAny(logs)).toEqual([]);

    // What remains is the case, its process and its professionals, with placeholders for the family.
    const after = caseDetailSchema.parse(JSON.parse((await get(`/api/v1${c}`)).text));
    expect(after).toMatchObject({
      familyId,
      familyLabel: '[gewist]',
      municipality: 'Gorinchem',
      status: 'handover_offered',
      pendingHandover: { reason: '[gewist]', to: carla },
      household: {
        members: [
          { role: 'adult', dateOfBirth: null },
          { role: 'child', dateOfBirth: null },
        ],
      },
    });
    expect(after.reports).toHaveLength(1);
    // The texts are gone with the key, and the answer says why there are none.
    expect(caseTextsSchema.parse(JSON.parse((await get(`/api/v1${c}/texts`)).text))).toMatchObject({ erased: true, items: [] });
    expect(await statistics()).toEqual(before);

    // The other family is untouched and still found by search.
    const found = familySearchResultSchema.parse(
      JSON.parse((await search({ givenNames: `Wubbe${keptTag}`, familyName: `Brakkeveen${keptTag}` })).text),
    );
    expect(found.candidates.map((candidate) => candidate.caseId)).toEqual([kept.caseId]);
    expect((await get(`/api/v1/cases/${kept.caseId}`)).text).toContain(`Brakkeveen${keptTag}`);

    // Erasing again changes nothing and says so.
    const again = await runScript('erasure.ts', ['erase', '--family', familyId, '--reason', 'retention-expired'], {
      DATABASE_URL: database.url,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Family ${familyId} was already erased at`);
    expect(again.stdout).toContain('(reason: request)');

    // Nothing new can be recorded about the erased family: its key is gone for good. Case detail
    // says so of the change it then tries, in the words of the refusal.
    const current = caseDetailSchema.parse(JSON.parse((await get(`/api/v1${c}`)).text));
    expect(current.actions.find((entry) => entry.action === 'change-phase')).toMatchObject({ allowed: false, code: 'family.erased' });
    const refused = await fetch(`${api.url}/api/v1${c}/phase`, {
      method: 'POST',
      headers: { ...headersOf(anna), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ phase: 'recovery', reason: 'Het gezin werkt goed mee.' }),
    });
    expect(refused.status).toBe(410);
    const problem = (await refused.json()) as { type: string; detail: string };
    expect(problem.type).toBe('urn:ketenregie:problem:family.erased');
    expect(problem.detail).toBe((current.actions.find((entry) => entry.action === 'change-phase') as { reason: string }).reason);
  });

  it('refuses to erase a family nobody knows, and explains its usage', async () => {
    const unknown = await runScript('erasure.ts', ['erase', '--family', 'no-such-family', '--reason', 'request'], {
      DATABASE_URL: database.url,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No context knows family no-such-family: nothing erased.');
    const usage = await runScript('erasure.ts', ['erase', '--family', 'x', '--reason', 'because'], { DATABASE_URL: database.url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--reason must be request or retention-expired, not because');
    const [{ n }] = (await dataSource.query(
      `select count(*)::int as n from family_key_tombstones where family_id in ('no-such-family', 'x')`,
    )) as {
      n: number;
    }[];
    expect(n).toBe(0);
  });
});
