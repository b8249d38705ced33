import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseCommandResultSchema, problemSchema } from '@ketenregie/contracts';
import type { CaseCommandResult, Problem, RegisterReportBody } from '@ketenregie/contracts';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { addMonths } from '@ketenregie/kernel';
import type { CalendarDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';
import { testOrganisationsFile } from '../access/testing/test-organisations';

// Test data only: invented professionals and an invented household.
const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const ltOrganisation = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const };
const anna = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };
const bram = { person: { personId: 'vt-bram', name: 'Bram Visser' }, organisation: vtOrganisation };
const carla = { person: { personId: 'lt-carla', name: 'Carla Bakker' }, organisation: ltOrganisation };
type Person = typeof anna | typeof carla;

// Each new family gets its own dates of birth: the same household twice would be refused as an
// already known family (search-before-create), which one test below checks on purpose.
let families = 0;
const birthDate = (year: number, n: number): string =>
  `${year + Math.floor(n / 336)}-${String((Math.floor(n / 28) % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;

const reportBody = (overrides: Partial<RegisterReportBody> = {}): RegisterReportBody => {
  const n = families++;
  return reportBodyFor(n, overrides);
};

const reportBodyFor = (n: number, overrides: Partial<RegisterReportBody> = {}): RegisterReportBody => ({
  newFamily: true,
  referrer: {
    kind: 'professional',
    name: 'Els Jansen',
    organisation: 'OBS De Linge',
    role: 'intern begeleider',
    contact: { email: 'e.jansen@example.org' },
  },
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Sara vertelt over harde klappen thuis.',
  household: {
    address: { street: 'Lingewal', houseNumber: '12', postcode: '4201 ab', municipality: 'Gorinchem' },
    members: [
      { role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: birthDate(1960, n) },
      { role: 'child', name: { givenNames: 'Sara', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: birthDate(2000, n) },
    ],
  },
  receivedBy: anna,
  ...overrides,
});

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Reply = { status: number; headers: Headers; body: unknown };

type PostOptions = {
  as?: Person | null;
  key?: string | null;
  ifMatch?: string;
  raw?: string;
  contentType?: string;
  /** Another API process on the same database (sessions live in the database, so they hold there). */
  url?: string;
};

describe('case commands API (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let store: PostgresEventStore;
  let accounts: TestAccounts;
  const sessions = new Map<string, SignedIn>();

  beforeAll(async () => {
    database = await createTestDatabase('cases_commands');
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    store = await createPostgresEventStore({ connectionString: database.url });
    accounts = await testAccounts(database.url);
    for (const person of [anna, bram, carla]) {
      sessions.set(
        person.person.personId,
        await accounts.signInAs(api.url, {
          userId: person.person.personId,
          displayName: person.person.name,
          organisationId: person.organisation.organisationId,
          roles: [person.organisation.kind === 'local-team' ? 'team-sociaal-consultant' : 'veilig-thuis-professional'],
        }),
      );
    }
  });

  afterAll(async () => {
    await api?.stop();
    await store?.close();
    await accounts?.close();
    await database?.drop();
  });

  /** The signed-in session of a test professional: its cookie and CSRF token. */
  const sessionHeaders = (person: Person): Record<string, string> => {
    const session = sessions.get(person.person.personId);
    if (!session) throw new Error(`${person.person.personId} is not signed in`);
    return session.headers;
  };

  const post = async (path: string, body: unknown, options: PostOptions = {}): Promise<Reply> => {
    const as = options.as === undefined ? anna : options.as;
    const headers: Record<string, string> = { 'Content-Type': options.contentType ?? 'application/json' };
    if (as) Object.assign(headers, sessionHeaders(as));
    if (options.key !== null) headers['Idempotency-Key'] = options.key ?? randomUUID();
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    const response = await fetch(`${options.url ?? api.url}/api/v1${path}`, {
      method: 'POST',
      headers,
      body: options.raw ?? JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const ok = (reply: Reply, status = 200): CaseCommandResult => {
    if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
    const result = caseCommandResultSchema.parse(reply.body);
    expect(reply.headers.get('etag')).toBe(`"${result.version}"`);
    return result;
  };

  const problemOf = (reply: Reply, status: number): Problem => {
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { status } });
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    return problemSchema.parse(reply.body);
  };

  const eventTypes = async (caseId: string): Promise<string[]> => (await store.readStream(`case-${caseId}`)).map((event) => event.type);

  const openCase = async (): Promise<CaseCommandResult> => ok(await post('/cases/reports', reportBody()), 201);

  describe('the whole trajectory, one endpoint after another', () => {
    it('runs intake, assessment, routes, plan, hand-overs, rappels, escalation and closure', async () => {
      const opened = await post('/cases/reports', reportBody());
      const report = ok(opened, 201);
      expect(report.events).toEqual(['cases.case-opened', 'cases.report-received']);
      expect(opened.headers.get('location')).toBe(`/api/v1/cases/${report.caseId}`);
      const { caseId } = report;
      const assessmentId = report.ids['reportId'];
      const c = `/cases/${caseId}`;

      // The events carry who, why and when in their metadata.
      const [first] = await store.readStream(`case-${caseId}`);
      expect(first.metadata).toMatchObject({
        actor: { userId: 'vt-anna', organisationId: 'vt-zhz' },
        correlationId: opened.headers.get('x-request-id'),
        causationId: expect.any(String),
        timestamp: expect.any(String),
      });

      expect(ok(await post(`${c}/acute-unsafety`, { measures: 'Politie ingeschakeld; kind bij oma.' })).events).toEqual([
        'cases.acute-unsafety-registered',
      ]);
      expect(ok(await post(`${c}/safety-assessments/${assessmentId}/start`, {})).events).toEqual(['cases.safety-assessment-started']);
      expect(
        ok(await post(`${c}/safety-assessments/${assessmentId}/complete`, { acuteUnsafety: true, structuralUnsafety: true })).events,
      ).toEqual(['cases.safety-assessment-completed']);
      expect(ok(await post(`${c}/phase`, { phase: 'stable-safety', reason: 'Kind veilig bij oma.' })).events).toEqual([
        'cases.phase-changed',
      ]);
      // Asking for the phase it already has records nothing and still answers with the version.
      const unchanged = ok(await post(`${c}/phase`, { phase: 'stable-safety', reason: 'Nogmaals.' }));
      expect(unchanged.events).toEqual([]);

      const partner = ok(
        await post(`${c}/chain-partners`, {
          organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' },
          role: 'aid-provider',
          task: 'Ambulante gezinsbegeleiding',
        }),
      );
      expect(partner.events).toEqual(['cases.chain-partner-registered']);
      expect(ok(await post(`${c}/chain-partners/${partner.ids['partnerId']}/end`, { reason: 'Traject afgerond.' })).events).toEqual([
        'cases.chain-partner-involvement-ended',
      ]);

      expect(ok(await post(`${c}/conditions-and-follow-up`, { reason: 'Voorwaarden nodig.' })).events).toEqual([
        'cases.conditions-and-follow-up-started',
      ]);
      const condition = ok(
        await post(`${c}/safety-conditions`, {
          text: 'Geen fysiek geweld meer.',
          owner: { organisation: vtOrganisation, person: anna.person },
          dueOn: inDays(30),
        }),
      );
      const conditionId = condition.ids['conditionId'];
      expect(
        ok(
          await post(`${c}/safety-conditions/${conditionId}/revise`, {
            text: 'Geen fysiek of verbaal geweld meer.',
            owner: { organisation: vtOrganisation },
            dueOn: inDays(40),
            reason: 'Aangescherpt na gesprek.',
          }),
        ).events,
      ).toEqual(['cases.safety-condition-revised']);
      expect(ok(await post(`${c}/safety-conditions/${conditionId}/status`, { status: 'met' })).events).toEqual([
        'cases.safety-condition-status-recorded',
      ]);
      expect(
        ok(
          await post(`${c}/plan/parts/aid`, {
            description: 'Gezinsbegeleiding twee keer per week.',
            agreements: [{ agreementId: 'a1', text: 'Opvoedondersteuning', owner: { organisation: ltOrganisation } }],
          }),
        ).events,
      ).toEqual(['cases.plan-part-updated']);

      const investigation = ok(await post(`${c}/investigations`, {}));
      expect(investigation.events).toEqual(['cases.investigation-started']);
      expect(
        ok(await post(`${c}/investigations/${investigation.ids['investigationId']}/complete`, { conclusion: 'Hulp in vrijwillig kader.' }))
          .events,
      ).toEqual(['cases.investigation-completed']);

      // Afschalen: declined, withdrawn, then accepted; only acceptance moves direction.
      const offer = { to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' };
      const declined = ok(await post(`${c}/handovers`, offer));
      expect(declined.events).toEqual(['cases.handover-offered']);
      expect(
        ok(await post(`${c}/handovers/${declined.ids['handoverId']}/decline`, { reason: 'Eerst intake plannen.' }, { as: carla })).events,
      ).toEqual(['cases.handover-declined']);
      const withdrawn = ok(await post(`${c}/handovers`, offer));
      expect(
        ok(await post(`${c}/handovers/${withdrawn.ids['handoverId']}/withdraw`, { reason: 'Nieuwe informatie.' }, { as: bram })).events,
      ).toEqual(['cases.handover-withdrawn']);
      const accepted = ok(await post(`${c}/handovers`, offer));
      expect(ok(await post(`${c}/handovers/${accepted.ids['handoverId']}/accept`, {}, { as: carla })).events).toEqual([
        'cases.handover-accepted',
      ]);

      const schedule = ok(await post(`${c}/rappel-schedules`, { owner: anna, offsetsInMonths: [3, 6] }));
      expect(schedule.events).toEqual(['cases.rappels-scheduled']);

      // Opschalen by the local team is an offer that Veilig Thuis accepts.
      const escalation = ok(
        await post(`${c}/escalations`, { to: bram, reason: 'Afspraken niet nagekomen.', phase: 'immediate-safety' }, { as: carla }),
      );
      expect(escalation.events).toEqual(['cases.handover-offered']);
      expect(ok(await post(`${c}/handovers/${escalation.ids['handoverId']}/accept`, {}, { as: bram })).events).toEqual([
        'cases.handover-accepted',
        'cases.case-escalated',
      ]);
      const back = ok(await post(`${c}/handovers`, { ...offer, phase: 'recovery' }, { as: bram }));
      ok(await post(`${c}/handovers/${back.ids['handoverId']}/accept`, {}, { as: carla }));

      // An unsafe rappel escalates in the same action.
      expect(
        ok(await post(`${c}/rappels/${schedule.ids['scheduleId']}-1/outcome`, { outcome: 'unsafe', notes: 'Opnieuw geweld gemeld.' }))
          .events,
      ).toEqual(['cases.rappel-completed', 'cases.case-escalated']);
      expect(ok(await post(`${c}/child-protection-requests`, { reason: 'Zorgen blijven; maatregel nodig.' })).events).toEqual([
        'cases.child-protection-investigation-requested',
      ]);
      const closed = ok(await post(`${c}/close`, { outcome: 'child-protection-measure' }));
      expect(closed.events).toEqual(['cases.case-closed']);

      // A new report on the closed family: a repeat report with a flag the director acknowledges.
      const repeat = ok(await post('/cases/reports', reportBody({ newFamily: undefined, caseId })));
      expect(repeat.events).toEqual(['cases.case-reopened', 'cases.report-received', 'cases.recidivism-flag-raised']);
      expect(repeat.caseId).toBe(caseId);
      expect(ok(await post(`${c}/recidivism-flags/${repeat.ids['reportId']}/acknowledge`, {})).events).toEqual([
        'cases.recidivism-flag-acknowledged',
      ]);

      expect((await eventTypes(caseId)).length).toBe(repeat.version + 2);
    });

    it('registers advice requests for a new family (201) and on an existing case (200)', async () => {
      const { referrer: _referrer, ...rest } = reportBody();
      const advice = ok(await post('/cases/advice-requests', { ...rest, referrer: { kind: 'anonymous' } }), 201);
      expect(advice.events).toEqual(['cases.case-opened', 'cases.advice-request-received']);
      const again = ok(
        await post('/cases/advice-requests', { ...rest, newFamily: undefined, caseId: advice.caseId, referrer: { kind: 'anonymous' } }),
      );
      expect(again.events).toEqual(['cases.advice-request-received']);
      expect(again.ids['adviceRequestId']).toEqual(expect.any(String));
    });
  });

  describe('errors', () => {
    it('409: refuses a new case for a family that is already known exactly, and accepts the report on its case', async () => {
      const n = families++;
      const first = ok(await post('/cases/reports', reportBodyFor(n)), 201);
      // Wait until the family index has the first case, then try to open the same family again.
      const headers = sessionHeaders(anna);
      expect(
        (await fetch(`${api.url}/api/v1/cases/${first.caseId}?after=${encodeURIComponent(first.checkpoint)}`, { headers })).status,
      ).toBe(200);
      const refused = problemOf(await post('/cases/reports', reportBodyFor(n)), 409);
      expect(refused.type).toBe('urn:ketenregie:problem:case.family-already-known');
      expect(refused.errors).toEqual([expect.objectContaining({ path: 'caseId', message: expect.stringContaining(first.caseId) })]);
      const linked = ok(await post('/cases/reports', reportBodyFor(n, { newFamily: undefined, caseId: first.caseId })));
      expect(linked.caseId).toBe(first.caseId);
    });

    it('422 for an unknown Veilig Thuis or local team; a known one counts as the directory says, whatever the body calls it', async () => {
      const { caseId } = await openCase();
      const c = `/cases/${caseId}`;
      const unknown = problemOf(
        await post(`${c}/handovers`, {
          to: { ...bram, organisation: { organisationId: 'vt-nergens', name: 'Veilig Thuis Nergens', kind: 'veilig-thuis' } },
          reason: 'Overdracht.',
          phase: 'stable-safety',
        }),
        422,
      );
      expect(unknown.type).toBe('urn:ketenregie:problem:case.unknown-organisation');
      expect(unknown.errors?.map((error) => error.path)).toEqual(['to.organisation.organisationId']);

      // A local team named as Veilig Thuis would make this a transfer between Veilig Thuis
      // colleagues, which needs no finished safety assessment; it stays a de-escalation.
      const honest = await post(`${c}/handovers`, { to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' });
      const disguised = await post(`${c}/handovers`, {
        to: { ...carla, organisation: { ...carla.organisation, name: 'Veilig Thuis', kind: 'veilig-thuis' } },
        reason: 'Hulp via Team Sociaal.',
        phase: 'stable-safety',
      });
      expect(honest.status).toBeGreaterThanOrEqual(400);
      expect({ status: disguised.status, type: (disguised.body as Problem).type }).toEqual({
        status: honest.status,
        type: (honest.body as Problem).type,
      });
      expect(await eventTypes(caseId)).not.toContain('cases.handover-offered');
    });

    it('400: field paths for schema errors, unknown fields, both or neither family choice, and bad path values', async () => {
      const body = reportBody() as Record<string, unknown>;
      const problem = problemOf(
        await post('/cases/reports', {
          ...body,
          formsOfViolence: [],
          household: {
            address: { houseNumber: '1', postcode: '4201AB', municipality: 'Gorinchem' },
            members: [{ role: 'adult', name: { givenNames: 'Jan' } }],
          },
          nickname: 'x',
        }),
        400,
      );
      expect(problem.errors?.map((error) => error.path).sort()).toEqual([
        'formsOfViolence',
        'household.members.0.name.familyName',
        'nickname',
      ]);
      expect(problem.errors?.find((error) => error.path === 'nickname')?.message).toBe('Dit veld is onbekend.');
      expect(problem.errors?.find((error) => error.path === 'household.members.0.name.familyName')?.message).toBe('Dit veld is verplicht.');

      // Two addresses in one field would send the referrer's feedback to both.
      const listed = problemOf(
        await post(
          '/cases/reports',
          reportBody({
            referrer: {
              kind: 'professional',
              name: 'Els Jansen',
              organisation: 'OBS De Linge',
              role: 'intern begeleider',
              contact: { email: 'e.jansen@example.org, iemand@elders.example' },
            },
          }),
        ),
        400,
      );
      expect(listed.errors).toEqual([
        expect.objectContaining({
          path: 'referrer.contact.email',
          code: 'invalid_email',
          message: 'Vul één e-mailadres in, zoals naam@organisatie.nl.',
        }),
      ]);

      const both = problemOf(await post('/cases/reports', reportBody({ caseId: randomUUID() })), 400);
      expect(both.errors?.map((error) => error.path)).toEqual(['caseId']);
      const neither = problemOf(await post('/cases/reports', reportBody({ newFamily: undefined })), 400);
      expect(neither.errors?.map((error) => error.path)).toEqual(['caseId']);

      const { caseId } = await openCase();
      const part = problemOf(await post(`/cases/${caseId}/plan/parts/finances`, { description: '', agreements: [] }), 400);
      expect(part.errors?.map((error) => error.path)).toEqual(['params.part']);
      const stale = problemOf(await post(`/cases/${caseId}/phase`, { phase: 'recovery', reason: 'x' }, { ifMatch: 'version-3' }), 400);
      expect(stale.errors?.map((error) => error.path)).toEqual(['headers.if-match']);
    });

    it('400 for malformed JSON', async () => {
      const reply = await post('/cases/reports', undefined, { raw: '{"newFamily": true,' });
      problemOf(reply, 400);
    });

    it('401 without an actor, before anything else', async () => {
      const problem = problemOf(await post('/cases/reports', reportBody(), { as: null, key: null }), 401);
      expect(problem.type).toBe('urn:ketenregie:problem:auth.not-signed-in');
      expect(problem.detail).toContain('niet aangemeld');
    });

    it('428 without an Idempotency-Key, naming the header', async () => {
      const problem = problemOf(await post('/cases/reports', reportBody(), { key: null }), 428);
      expect(problem.detail).toContain('Idempotency-Key');
      expect(problem.errors?.map((error) => error.path)).toEqual(['headers.idempotency-key']);
    });

    it('404 for a case that does not exist, no sooner than the refusal floor (50 ms)', async () => {
      const started = performance.now();
      const problem = problemOf(await post(`/cases/${randomUUID()}/handovers/h1/accept`, {}, { as: carla }), 404);
      expect(performance.now() - started).toBeGreaterThanOrEqual(48);
      expect(problem.type).toBe('urn:ketenregie:problem:case.not-found');
      problemOf(await post('/cases/reports', reportBody({ newFamily: undefined, caseId: randomUUID() })), 404);
    });

    it('422 for a business rule and for domain validation with its field path, 403 for the wrong actor; never 409', async () => {
      const { caseId } = await openCase();
      const notPending = problemOf(await post(`/cases/${caseId}/handovers/h-none/accept`, {}, { as: bram }), 422);
      expect(notPending.type).toBe('urn:ketenregie:problem:case.handover-not-pending');

      const transfer = ok(
        await post(`/cases/${caseId}/handovers`, { to: bram, reason: 'Overdracht binnen VT.', phase: 'immediate-safety' }),
      );
      const forbidden = problemOf(await post(`/cases/${caseId}/handovers/${transfer.ids['handoverId']}/accept`, {}, { as: anna }), 403);
      expect(forbidden.type).toBe('urn:ketenregie:problem:case.not-handover-receiver');

      const invalid = problemOf(
        await post(
          '/cases/reports',
          reportBody({
            household: { ...reportBody().household, address: { houseNumber: '1', postcode: '12345', municipality: 'Gorinchem' } },
          }),
        ),
        422,
      );
      expect(invalid.errors).toEqual([expect.objectContaining({ path: 'household.address.postcode', code: 'case.invalid-postcode' })]);

      const other = problemOf(await post('/cases/reports', reportBody({ receivedBy: bram })), 403);
      expect(other.errors?.map((error) => error.path)).toEqual(['receivedBy']);
    });

    it('412 when If-Match names another version, with the current ETag; the pinned version passes', async () => {
      const opened = await openCase();
      const c = `/cases/${opened.caseId}`;
      const moved = ok(await post(`${c}/acute-unsafety`, { measures: 'Politie ter plaatse.' }, { ifMatch: `"${opened.version}"` }));
      const stale = await post(`${c}/phase`, { phase: 'recovery', reason: 'x' }, { ifMatch: `"${opened.version}"` });
      problemOf(stale, 412);
      expect(stale.headers.get('etag')).toBe(`"${moved.version}"`);
      expect(await eventTypes(opened.caseId)).toHaveLength(moved.version + 1);
      ok(await post(`${c}/phase`, { phase: 'recovery', reason: 'x' }, { ifMatch: stale.headers.get('etag') ?? '' }));
    });

    it('refuses a command body that is not JSON (415) instead of running it as an empty one, and writes nothing', async () => {
      const opened = await openCase();
      const c = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}/start`;
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8']) {
        const refused = problemOf(await post(c, undefined, { raw: '{}', contentType }), 415);
        expect(refused.detail).toContain('JSON');
      }
      expect(await eventTypes(opened.caseId)).toHaveLength(opened.version + 1);
      ok(await post(c, {}));
    });

    it('compares If-Match strongly (RFC 9110): a weak ETag of the current version is a 412, and changes nothing', async () => {
      const opened = await openCase();
      const c = `/cases/${opened.caseId}`;
      const weak = await post(`${c}/acute-unsafety`, { measures: 'Politie ter plaatse.' }, { ifMatch: `W/"${opened.version}"` });
      problemOf(weak, 412);
      expect(weak.headers.get('etag')).toBe(`"${opened.version}"`);
      // Character by character: "01" is not the tag "1".
      const padded = await post(`${c}/acute-unsafety`, { measures: 'Politie ter plaatse.' }, { ifMatch: `"0${opened.version}"` });
      problemOf(padded, 412);
      expect(await eventTypes(opened.caseId)).toHaveLength(opened.version + 1);
    });
  });

  describe('need-to-know', () => {
    /** A case whose assessment is done, so direction can be handed over. */
    const assessedCase = async (): Promise<CaseCommandResult> => {
      const opened = await openCase();
      const c = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
      ok(await post(`${c}/start`, {}));
      ok(await post(`${c}/complete`, { acuteUnsafety: false, structuralUnsafety: true }));
      return opened;
    };

    it('answers a local team without a relation to a Veilig Thuis case as if it did not exist, even with a stale If-Match', async () => {
      const { caseId, version } = await openCase();
      const unknown = problemOf(await post(`/cases/${randomUUID()}/acute-unsafety`, { measures: 'x' }, { as: carla }), 404);
      for (const options of [{}, { ifMatch: `"${version + 5}"` }]) {
        const hidden = problemOf(await post(`/cases/${caseId}/acute-unsafety`, { measures: 'x' }, { as: carla, ...options }), 404);
        // The same problem but for the path it names.
        expect({ ...hidden, instance: undefined }).toEqual({ ...unknown, instance: undefined });
      }
      expect(await eventTypes(caseId)).toHaveLength(version + 1);
    });

    it('opens the case to the receiving team while a hand-over is pending, and closes it again once declined', async () => {
      const { caseId } = await assessedCase();
      const offered = ok(await post(`/cases/${caseId}/handovers`, { to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' }));
      expect(
        (
          await fetch(`${api.url}/api/v1/cases/${caseId}?after=${encodeURIComponent(offered.checkpoint)}`, {
            headers: sessionHeaders(carla),
          })
        ).status,
      ).toBe(200);
      const declined = ok(
        await post(`/cases/${caseId}/handovers/${offered.ids['handoverId']}/decline`, { reason: 'Past niet.' }, { as: carla }),
      );
      expect(
        (
          await fetch(`${api.url}/api/v1/cases/${caseId}?after=${encodeURIComponent(declined.checkpoint)}`, {
            headers: sessionHeaders(carla),
          })
        ).status,
      ).toBe(404);
      problemOf(await post(`/cases/${caseId}/phase`, { phase: 'recovery', reason: 'x' }, { as: carla }), 404);
    });

    it('403 for a Veilig Thuis task the local team may not do in a case it may see', async () => {
      const { caseId } = await assessedCase();
      const offered = ok(await post(`/cases/${caseId}/handovers`, { to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' }));
      ok(await post(`/cases/${caseId}/handovers/${offered.ids['handoverId']}/accept`, {}, { as: carla }));
      const refused = problemOf(await post(`/cases/${caseId}/investigations`, {}, { as: carla }), 403);
      expect(refused.type).toBe('urn:ketenregie:problem:case.action-forbidden');
    });

    it('names a known family only to whoever may see its case', async () => {
      const n = families++;
      const first = ok(await post('/cases/reports', reportBodyFor(n)), 201);
      expect(
        (
          await fetch(`${api.url}/api/v1/cases/${first.caseId}?after=${encodeURIComponent(first.checkpoint)}`, {
            headers: sessionHeaders(anna),
          })
        ).status,
      ).toBe(200);
      const elsewhere = problemOf(await post('/cases/reports', reportBodyFor(n, { receivedBy: carla }), { as: carla }), 409);
      expect(elsewhere.type).toBe('urn:ketenregie:problem:case.family-known-elsewhere');
      expect(JSON.stringify(elsewhere)).not.toContain(first.caseId);
    });
  });

  describe('idempotency', () => {
    it('replays the stored response for the same key and request, without executing again', async () => {
      const key = randomUUID();
      const body = reportBody();
      const first = await post('/cases/reports', body, { key });
      const created = ok(first, 201);
      const replay = await post('/cases/reports', body, { key });
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(replay.headers.get('location')).toBe(first.headers.get('location'));
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await eventTypes(created.caseId)).toEqual(['cases.case-opened', 'cases.report-received']);

      const phaseKey = randomUUID();
      const changed = ok(await post(`/cases/${created.caseId}/acute-unsafety`, { measures: 'Kind opgevangen.' }, { key: phaseKey }));
      const again = await post(`/cases/${created.caseId}/acute-unsafety`, { measures: 'Kind opgevangen.' }, { key: phaseKey });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(changed);
      expect(await eventTypes(created.caseId)).toHaveLength(3);
    });

    // Another user's request with the same key is that user's own: command-outcomes.int-spec.ts.
    it('422 when the key was used for a different request (other body or path)', async () => {
      const key = randomUUID();
      const { caseId } = ok(await post('/cases/reports', reportBody(), { key }), 201);
      const reused = problemOf(await post('/cases/reports', reportBody({ concern: 'Iets anders.' }), { key }), 422);
      expect(reused.type).toBe('urn:ketenregie:problem:http.idempotency-key-reused');
      problemOf(await post(`/cases/${caseId}/acute-unsafety`, { measures: 'x' }, { key }), 422);
      expect(await eventTypes(caseId)).toHaveLength(2);
    });

    it('409 for a key whose request on a case still runs, and that request keeps its claim', async () => {
      const { caseId } = await openCase();
      const key = randomUUID();
      const body = { measures: 'Kind opgevangen.' };
      ok(await post(`/cases/${caseId}/acute-unsafety`, body, { key }));
      // As if that request were still running in the API: its claim, without an answer yet.
      const [held] = (await accounts.dataSource.query(
        `update http_idempotency set status_code = null, response_body = null, response_headers = null, completed_at = null
          where idempotency_key = (select idempotency_key from http_idempotency order by created_at desc limit 1)
          returning idempotency_key, owner`,
      )) as [{ idempotency_key: string; owner: string }[], number];
      const running = problemOf(await post(`/cases/${caseId}/acute-unsafety`, body, { key }), 409);
      expect(running.type).toBe('urn:ketenregie:problem:http.request-in-progress');
      const rows = (await accounts.dataSource.query(`select owner from http_idempotency where idempotency_key = $1`, [
        held[0].idempotency_key,
      ])) as { owner: string }[];
      expect(rows).toEqual([{ owner: held[0].owner }]);
    });

    it('does not store rejected requests: the same key may be retried once the case allows it', async () => {
      const { caseId } = await openCase();
      const key = randomUUID();
      problemOf(await post(`/cases/${caseId}/safety-assessments/nope/start`, {}, { key }), 404);
      expect(ok(await post(`/cases/${caseId}/acute-unsafety`, { measures: 'x' }, { key })).events).toEqual([
        'cases.acute-unsafety-registered',
      ]);
    });
  });
  describe("a region's own rules", () => {
    let directory: string;
    let regional: RunningApiProcess;

    // A second process on the same database whose organisations file gives Veilig Thuis ZHZ its
    // own rappel schedule; the first keeps the general one.
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'ketenregie-regional-'));
      const file = JSON.parse(await readFile(testOrganisationsFile, 'utf8')) as { organisations: { organisationId: string }[] };
      const organisations = file.organisations.map((organisation) =>
        organisation.organisationId === vtOrganisation.organisationId
          ? { ...organisation, rappelOffsetsInMonths: [1, 2, 6] }
          : organisation,
      );
      const regionalFile = join(directory, 'organisations.json');
      await writeFile(regionalFile, JSON.stringify({ organisations }));
      regional = await startApiProcess({ DATABASE_URL: database.url, PORT: '0', ORGANISATIONS_FILE: regionalFile });
    });

    afterAll(async () => {
      await regional?.stop();
      await rm(directory, { recursive: true, force: true });
    });

    it("schedules rappels on the region's schedule unless the case sets its own", async () => {
      const at = { url: regional.url };
      const report = ok(await post('/cases/reports', reportBody(), at), 201);
      const c = `/cases/${report.caseId}`;
      ok(await post(`${c}/safety-assessments/${report.ids['reportId']}/start`, {}, at));
      ok(await post(`${c}/safety-assessments/${report.ids['reportId']}/complete`, { acuteUnsafety: false, structuralUnsafety: true }, at));
      const offer = ok(await post(`${c}/handovers`, { to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' }, at));
      ok(await post(`${c}/handovers/${offer.ids['handoverId']}/accept`, {}, { ...at, as: carla }));

      const scheduled = async (): Promise<{ scheduledFrom: CalendarDate; rappels: { dueOn: string }[] }> => {
        const events = await store.readStream(`case-${report.caseId}`);
        return events.filter((event) => event.type === 'cases.rappels-scheduled').at(-1)?.data as never;
      };
      ok(await post(`${c}/rappel-schedules`, { owner: anna }, at));
      const byRegion = await scheduled();
      expect(byRegion.rappels.map((rappel) => rappel.dueOn)).toEqual([1, 2, 6].map((months) => addMonths(byRegion.scheduledFrom, months)));

      ok(await post(`${c}/rappel-schedules`, { owner: anna, offsetsInMonths: [9] }, at));
      expect((await scheduled()).rappels.map((rappel) => rappel.dueOn)).toEqual([addMonths(byRegion.scheduledFrom, 9)]);

      // The process without the region's schedule uses the general one.
      ok(await post(`${c}/rappel-schedules`, { owner: anna }));
      expect((await scheduled()).rappels.map((rappel) => rappel.dueOn)).toEqual(
        [3, 6, 12, 18].map((months) => addMonths(byRegion.scheduledFrom, months)),
      );
    });
  });
});
