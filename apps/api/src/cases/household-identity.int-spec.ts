import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  caseCommandResultSchema,
  caseDetailSchema,
  caseTimelinePageSchema,
  familySearchResultSchema,
  problemSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, CaseDetail, Problem, RegisterReportBody } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';
import { settled } from '../test-support/settled';

// Household identity over real HTTP: respellings that are no new person, the director's merge and
// removal, the 409 that names the matched case, keeping a family apart from it, house numbers,
// and new-family intakes that tell nobody anything through If-Match.
//
// Test data only: invented professionals and invented households.

const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const ltOrganisation = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const };
const anna = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };
const carla = { person: { personId: 'lt-carla', name: 'Carla Bakker' }, organisation: ltOrganisation };
type Person = typeof anna | typeof carla;

// Each household its own dates of birth, so no test's family is another test's known family.
let families = 0;
const birthDate = (year: number, n: number): string =>
  `${year + Math.floor(n / 336)}-${String((Math.floor(n / 28) % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;

type Member = RegisterReportBody['household']['members'][number];

const householdOf = (n: number, houseNumber = '12', members?: Member[]): RegisterReportBody['household'] => ({
  address: { street: 'Lingewal', houseNumber, postcode: '4201 ab', municipality: 'Gorinchem' },
  members: members ?? [
    { role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: birthDate(1960, n) },
    { role: 'child', name: { givenNames: 'Sara', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: birthDate(2000, n) },
  ],
});

const reportBody = (
  household: RegisterReportBody['household'],
  by: Person = anna,
  link: Partial<RegisterReportBody> = { newFamily: true },
): RegisterReportBody => ({
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
  household,
  receivedBy: by,
  ...link,
});

type Reply = { status: number; body: unknown };

describe('household identity (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let accounts: TestAccounts;
  const sessions = new Map<string, SignedIn>();

  beforeAll(async () => {
    database = await createTestDatabase('household_identity');
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    accounts = await testAccounts(database.url);
    for (const person of [anna, carla]) {
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
    await accounts?.close();
    await database?.drop();
  });

  const headersOf = (person: Person): Record<string, string> => {
    const session = sessions.get(person.person.personId);
    if (!session) throw new Error(`${person.person.personId} is not signed in`);
    return session.headers;
  };

  const post = async (path: string, body: unknown, options: { as?: Person; ifMatch?: string; key?: boolean } = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...headersOf(options.as ?? anna), 'Content-Type': 'application/json' };
    if (options.key !== false) headers['Idempotency-Key'] = randomUUID();
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    const response = await fetch(`${api.url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const ok = (reply: Reply, status = 200): CaseCommandResult => {
    if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
    return caseCommandResultSchema.parse(reply.body);
  };

  const problemOf = (reply: Reply, status: number): Problem & Record<string, unknown> => {
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { status } });
    return { ...(reply.body as Record<string, unknown>), ...problemSchema.parse(reply.body) };
  };

  const detail = async (result: CaseCommandResult, as: Person = anna): Promise<CaseDetail> => {
    const response = await fetch(`${api.url}/api/v1/cases/${result.caseId}?after=${encodeURIComponent(result.checkpoint)}`, {
      headers: headersOf(as),
    });
    expect(response.status).toBe(200);
    return caseDetailSchema.parse(await response.json());
  };

  const search = async (body: Record<string, unknown>, as: Person = anna) => {
    const response = await fetch(`${api.url}/api/v1/families/search`, {
      method: 'POST',
      headers: { ...headersOf(as), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return familySearchResultSchema.parse(await response.json());
  };

  const query = async <T>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const accessLogOf = (userId: string, caseId: string) =>
    query<{ action: string; route: string }>(
      'select action, route from access_log where actor_user_id = $1 and subject_id = $2 order by sequence',
      [userId, caseId],
    );

  /** A new family's case, once the family index has it. */
  const openFamily = async (household: RegisterReportBody['household']): Promise<CaseCommandResult> => {
    const opened = ok(await post('/cases/reports', reportBody(household)), 201);
    await detail(opened);
    return opened;
  };

  describe('a later report that spells known members differently', () => {
    it('names those members, keeps their spellings, and adds only who is new', async () => {
      const n = families++;
      const opened = await openFamily(householdOf(n));
      const later = ok(
        await post(
          '/cases/reports',
          reportBody(
            householdOf(n, '12', [
              { role: 'adult', name: { givenNames: 'Jna', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: birthDate(1960, n) },
              { role: 'child', name: { givenNames: 'Berg', familyName: 'Sara' }, dateOfBirth: birthDate(2000, n) },
              { role: 'child', name: { givenNames: 'Noor', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '2026-01-10' },
            ]),
            anna,
            { caseId: opened.caseId },
          ),
        ),
      );
      const { household } = await detail(later);
      expect(household.members.map((member) => [member.name.givenNames, member.otherNames ?? []])).toEqual([
        ['Jan', [{ givenNames: 'Jna', prefix: 'van der', familyName: 'Berg' }]],
        ['Sara', [{ givenNames: 'Berg', familyName: 'Sara' }]],
        ['Noor', []],
      ]);
      const indexed = await query<{ member_id: string }>('select member_id from family_index where case_id = $1', [opened.caseId]);
      expect(indexed).toHaveLength(3);
    });
  });

  describe("the director's corrections", () => {
    it('merges two members and removes one entered by mistake, each with its reason, in the timeline, the index and the search', async () => {
      const n = families++;
      const opened = await openFamily(householdOf(n));
      const later = ok(
        await post(
          '/cases/reports',
          reportBody(
            householdOf(n, '12', [
              { role: 'adult', name: { givenNames: 'Mo', familyName: 'Bouzit' }, dateOfBirth: null },
              { role: 'adult', name: { givenNames: 'Piet', familyName: 'Buurman' }, dateOfBirth: null },
            ]),
            anna,
            { caseId: opened.caseId },
          ),
        ),
      );
      const before = await detail(later);
      const [jan, , mo, piet] = before.household.members;
      expect(before.household.members).toHaveLength(4);

      // Without a reason, or for someone outside the case, nothing happens.
      expect(
        problemOf(
          await post(`/cases/${opened.caseId}/members/merge`, { survivingMemberId: jan.memberId, mergedMemberId: mo.memberId }),
          400,
        ).errors,
      ).toEqual([expect.objectContaining({ path: 'reason' })]);
      problemOf(await post(`/cases/${opened.caseId}/members/${piet.memberId}/remove`, { reason: 'Buurman.' }, { as: carla }), 404);
      problemOf(await post(`/cases/${opened.caseId}/members/not-a-member/remove`, { reason: 'Buurman.' }), 422);

      ok(
        await post(`/cases/${opened.caseId}/members/merge`, {
          survivingMemberId: jan.memberId,
          mergedMemberId: mo.memberId,
          reason: 'Mo is de roepnaam van Jan.',
        }),
      );
      const removed = ok(
        await post(`/cases/${opened.caseId}/members/${piet.memberId}/remove`, { reason: 'De buurman hoort niet bij het gezin.' }),
      );
      const after = await detail(removed);
      expect(after.household.members.map((member) => member.memberId)).toEqual([jan.memberId, before.household.members[1].memberId]);
      expect(after.household.members[0].otherNames).toEqual([{ givenNames: 'Mo', familyName: 'Bouzit' }]);
      expect(await query('select member_id from family_index where case_id = $1 order by member_id', [opened.caseId])).toHaveLength(2);

      // Search finds the surviving member under the merged member's spelling, exactly.
      const found = await search({ givenNames: 'Mo', familyName: 'Bouzit', dateOfBirth: birthDate(1960, n) });
      expect(found.candidates[0]).toMatchObject({
        caseId: opened.caseId,
        exact: true,
        classification: 'follow-up',
        matchedMembers: [{ memberId: jan.memberId }],
      });

      const timeline = await fetch(`${api.url}/api/v1/cases/${opened.caseId}/timeline?kind=intake`, { headers: headersOf(anna) });
      const entries = caseTimelinePageSchema.parse(await timeline.json()).items;
      expect(entries.slice(0, 2).map((entry) => entry.type)).toEqual(['cases.member-removed', 'cases.members-merged']);
      expect(entries[0].summary).toContain('reden is vastgelegd');
      // No name and no reason in the timeline, and none readable in the stored events.
      expect(JSON.stringify(entries)).not.toMatch(/Bouzit|Buurman|roepnaam/);
      const stored = await query<{ data: string }>(
        `select data::text as data from event_store.es_events where stream_id = $1 and event_type in ('cases.members-merged', 'cases.member-removed')`,
        [`case-${opened.caseId}`],
      );
      expect(stored).toHaveLength(2);
      for (const { data } of stored) {
        // A sealed value's ciphertext, nonce and tag are random base64 and may hold any three
        // letters ("JanQ…"): what must not be readable is everything beside them.
        const readable = JSON.stringify(JSON.parse(data), (key, value: unknown) => (['ct', 'iv', 'tag'].includes(key) ? '' : value));
        expect(data).toMatch(/"ct"/);
        expect(readable).not.toMatch(/Bouzit|Buurman|roepnaam|hoort niet|Jan/);
      }
    });
  });

  describe('an intake for a family the region already knows', () => {
    it('409 names the matched case in matchedCaseId to whoever may see it, logs who was told, and says only "known elsewhere" to others', async () => {
      const n = families++;
      const first = await openFamily(householdOf(n));
      const refused = problemOf(await post('/cases/reports', reportBody(householdOf(n))), 409);
      expect(refused).toMatchObject({ type: 'urn:ketenregie:problem:case.family-already-known', matchedCaseId: first.caseId });
      expect(refused['matchedCaseIds']).toBeUndefined();

      const elsewhere = problemOf(await post('/cases/reports', reportBody(householdOf(n), carla), { as: carla }), 409);
      expect(elsewhere.type).toBe('urn:ketenregie:problem:case.family-known-elsewhere');
      expect(JSON.stringify(elsewhere)).not.toContain(first.caseId);
      // Being told a family is known is itself logged, as a search of that family's case.
      expect(await accessLogOf('lt-carla', first.caseId)).toEqual([{ action: 'search', route: 'POST /api/v1/cases/reports' }]);
    });

    it('tells families named in Arabic or Cyrillic script apart: another child born the same day is a new family, the same one is known', async () => {
      const n = families++;
      const child = (givenNames: string, familyName: string): Member => ({
        role: 'child',
        name: { givenNames, familyName },
        dateOfBirth: birthDate(2010, n),
      });
      const first = await openFamily(householdOf(n, '12', [child('محمد', 'العلي')]));
      // Elsewhere in town, another family, another name: nothing in common but the birthday.
      ok(await post('/cases/reports', reportBody(householdOf(n, '40', [child('فاطمة', 'حسن')]))), 201);
      ok(await post('/cases/reports', reportBody(householdOf(n, '41', [child('Олена', 'Шевченко')]))), 201);
      // The same child written again, with vowel marks, is the family the region knows.
      const known = problemOf(await post('/cases/reports', reportBody(householdOf(n, '12', [child('مُحَمَّد', 'العلي')]))), 409);
      expect(known).toMatchObject({ type: 'urn:ketenregie:problem:case.family-already-known', matchedCaseId: first.caseId });
    });

    it('lets a Veilig Thuis professional open a separate case with a reason: an event in the new case and an access-log entry', async () => {
      const n = families++;
      const first = await openFamily(householdOf(n));
      // Another family at another address that shares one person (the father) with the known one.
      const other = householdOf(n, '40', [
        householdOf(n).members[0],
        { role: 'child', name: { givenNames: 'Daan', familyName: 'Smit' }, dateOfBirth: birthDate(2005, n) },
      ]);
      const separateFrom = {
        caseIds: [first.caseId],
        reason: 'Andere gezinssituatie: vader woont hier met een nieuwe partner, andere kinderen.',
      };

      // A local-team consultant may not; the case must be one the check found; a reason is required.
      const notVt = problemOf(await post('/cases/reports', { ...reportBody(other, carla), separateFrom }, { as: carla }), 403);
      expect(notVt.type).toBe('urn:ketenregie:problem:case.separation-not-allowed');
      const notMatched = problemOf(
        await post('/cases/reports', { ...reportBody(other), separateFrom: { ...separateFrom, caseIds: [randomUUID()] } }),
        422,
      );
      expect(notMatched.errors).toEqual([expect.objectContaining({ path: 'separateFrom.caseIds.0' })]);
      expect(
        problemOf(await post('/cases/reports', { ...reportBody(other), separateFrom: { caseIds: [first.caseId] } }), 400).errors,
      ).toEqual([expect.objectContaining({ path: 'separateFrom.reason' })]);
      expect(
        problemOf(await post('/cases/reports', { ...reportBody(other, anna, { caseId: first.caseId }), separateFrom }), 400).errors,
      ).toEqual([expect.objectContaining({ path: 'separateFrom' })]);

      const separate = ok(await post('/cases/reports', { ...reportBody(other), separateFrom }), 201);
      expect(separate.caseId).not.toBe(first.caseId);
      expect(separate.events).toEqual(['cases.case-opened', 'cases.family-kept-separate', 'cases.report-received']);
      const stored = await query<{ data: { separateFromCaseIds: string[]; reason: unknown } }>(
        `select data from event_store.es_events where stream_id = $1 and event_type = 'cases.family-kept-separate'`,
        [`case-${separate.caseId}`],
      );
      expect(stored[0].data.separateFromCaseIds).toEqual([first.caseId]);
      expect(JSON.stringify(stored[0].data.reason)).not.toContain('nieuwe partner');
      expect(await accessLogOf('vt-anna', first.caseId)).toEqual(
        expect.arrayContaining([{ action: 'search', route: 'POST /api/v1/cases/reports' }]),
      );
      const timeline = await fetch(`${api.url}/api/v1/cases/${separate.caseId}/timeline?after=${encodeURIComponent(separate.checkpoint)}`, {
        headers: headersOf(anna),
      });
      expect(caseTimelinePageSchema.parse(await timeline.json()).items.map((entry) => entry.type)).toContain('cases.family-kept-separate');

      // Both families are known now: the next intake of the father hears of both.
      await detail(separate);
      const both = problemOf(await post('/cases/reports', reportBody(householdOf(n, '7', [householdOf(n).members[0]]))), 409);
      expect(both['matchedCaseIds']).toEqual(expect.arrayContaining([first.caseId, separate.caseId]));
      expect([first.caseId, separate.caseId]).toContain(both['matchedCaseId']);
    });
  });

  describe('house numbers', () => {
    it('stores what was typed and treats 12-A and 12 + A as one address for search', async () => {
      const n = families++;
      const opened = await openFamily(householdOf(n, '12-A'));
      expect((await detail(opened)).household.address.houseNumber).toBe('12-A');
      const found = await search({ postcode: '4201AB', houseNumber: '12', houseNumberAddition: 'a' });
      expect(found.candidates.map((candidate) => candidate.caseId)).toContain(opened.caseId);
      const indexed = await query<{ keys: string[] }>('select keys from family_index where case_id = $1', [opened.caseId]);
      expect(indexed[0].keys).toContain('address:4201AB|12');
    });

    it('finds a family at 12 with a floor as its addition, not the house at 122, by every house number an intake accepts', async () => {
      const n = families++;
      const floor = await openFamily({
        ...householdOf(n, '12'),
        address: { ...householdOf(n).address, houseNumber: '12', houseNumberAddition: '2' },
      });
      const indexed = await query<{ keys: string[] }>('select keys from family_index where case_id = $1', [floor.caseId]);
      expect(indexed[0].keys).toContain('address:4201AB|12');
      expect(indexed[0].keys).not.toContain('address:4201AB|122');
      const found = await search({ postcode: '4201AB', houseNumber: '12-2' });
      expect(found.candidates.map((candidate) => candidate.caseId)).toContain(floor.caseId);
      // Up to the 20 characters an intake takes, with no 400 for the search the form sends meanwhile.
      await search({ postcode: '4201AB', houseNumber: '12 bovenwoning', houseNumberAddition: 'achterhuis links' });
    });
  });

  describe('a new-family intake with If-Match', () => {
    it('is refused alike (400) whether the family is known or not, before any lookup, and writes nothing', async () => {
      const n = families++;
      const known = await openFamily(householdOf(n));
      const unknown = householdOf(families++);
      const stale = 'W/"7"';
      const eventCount = async () => (await query<{ n: number }>('select count(*)::int as n from event_store.es_events'))[0].n;
      // The app's own followers may still append after the opening (e.g. feedback milestones):
      // counted once they are done, the count can only change through the refused intakes.
      await settled(api.url);
      const eventsBefore = await eventCount();
      const onKnown = problemOf(await post('/cases/reports', reportBody(householdOf(n), carla), { as: carla, ifMatch: stale }), 400);
      const onUnknown = problemOf(await post('/cases/reports', reportBody(unknown, carla), { as: carla, ifMatch: stale }), 400);
      expect({ ...onKnown, instance: undefined }).toEqual({ ...onUnknown, instance: undefined });
      expect(onKnown).toMatchObject({
        type: 'urn:ketenregie:problem:case.if-match-on-new-case',
        errors: [expect.objectContaining({ path: 'If-Match' })],
      });
      const advice = problemOf(
        await post('/cases/advice-requests', { ...reportBody(unknown, anna), referrer: { kind: 'anonymous' } }, { ifMatch: stale }),
        400,
      );
      expect(advice.type).toBe('urn:ketenregie:problem:case.if-match-on-new-case');
      // Nothing was looked up for carla, so nothing about the known family reached her or the log.
      expect(await accessLogOf('lt-carla', known.caseId)).toEqual([]);
      expect(await eventCount()).toBe(eventsBefore);
    });
  });
});
