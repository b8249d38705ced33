import { randomUUID } from 'node:crypto';
import { appendDecidedCaseHistory } from '@ketenregie/cases-server';
import type { CaseHistoryStep } from '@ketenregie/cases-server';
import { caseCommandResultSchema, problemSchema, rappelPlannerSchema } from '@ketenregie/contracts';
import type { RappelPlanner } from '@ketenregie/contracts';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import type { Role } from '@ketenregie/kernel';
import { addDays, addMonths, toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// The rappel planner: the rappels of a span across the cases one sees in full, overdue first,
// done ones with their outcome, and after an unsafe outcome the escalation on the row itself.
// Histories are written back-dated, so the rappels fall due now. Over real HTTP with real sign-in.
// Test data only: invented professionals, organisations and families.

type Person = { userId: string; organisationId: string; displayName: string; role: Role };

const people = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', role: 'veilig-thuis-professional' },
  bram: { userId: 'vt-bram', organisationId: 'vt-zhz', displayName: 'Bram Visser', role: 'veilig-thuis-professional' },
  ugo: { userId: 'vt-ugo', organisationId: 'vt-utrecht', displayName: 'Ugo Smit', role: 'veilig-thuis-professional' },
  carla: { userId: 'lt-carla', organisationId: 'ts-gorinchem', displayName: 'Carla Bakker', role: 'team-sociaal-consultant' },
  jet: { userId: 'jz-jet', organisationId: 'jeugdzorg', displayName: 'Jet Jansen', role: 'chain-partner' },
} satisfies Record<string, Person>;
type Who = keyof typeof people;

const vt = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' };
const director = (who: 'anna' | 'bram') => ({ person: { personId: people[who].userId, name: people[who].displayName }, organisation: vt });
const actor = (who: Who) => ({ userId: people[who].userId, organisationId: people[who].organisationId });

const today = toAmsterdamDate(new Date());
const noonOn = (day: string): Date => new Date(`${day}T11:00:00Z`);

/** A case handed over to Team Sociaal Gorinchem on `handedOverOn`, with rappels by `owner` at the given months. */
const monitoredCase = (familyName: string, handedOverOn: string, owner: 'anna' | 'bram', offsetsInMonths: number[]): CaseHistoryStep[] => {
  const start = addDays(handedOverOn, -5);
  return [
    {
      at: noonOn(start),
      actor: actor(owner),
      type: 'cases.register-report',
      data: {
        familyId: `fam-${randomUUID()}`,
        reportId: 'r1',
        referrer: {
          kind: 'professional',
          name: 'Els Jansen',
          organisation: 'OBS De Linge',
          role: 'ib',
          contact: { email: 'e@example.org' },
        },
        sourceCategory: 'police',
        formsOfViolence: ['partner-violence'],
        concern: 'Politie meldt huiselijk geweld.',
        household: {
          address: { street: 'Rappelweg', houseNumber: '3', postcode: '4201RP', municipality: 'Gorinchem' },
          members: [{ memberId: 'a0', role: 'adult', name: { givenNames: 'Piet', familyName }, dateOfBirth: '1980-01-01' }],
        },
        receivedBy: director(owner),
      },
    },
    { at: noonOn(addDays(start, 1)), actor: actor(owner), type: 'cases.start-safety-assessment', data: { assessmentId: 'r1' } },
    {
      at: noonOn(addDays(start, 2)),
      actor: actor(owner),
      type: 'cases.complete-safety-assessment',
      data: { assessmentId: 'r1', acuteUnsafety: false, structuralUnsafety: true },
    },
    {
      at: noonOn(addDays(start, 3)),
      actor: actor(owner),
      type: 'cases.offer-handover',
      data: {
        handoverId: 'h1',
        to: { organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' } },
        reason: 'Hulp in het vrijwillig kader.',
        phase: 'stable-safety',
      },
    },
    {
      at: noonOn(handedOverOn),
      actor: actor('carla'),
      type: 'cases.accept-handover',
      data: { handoverId: 'h1', acceptedBy: { personId: 'lt-carla', name: 'Carla Bakker' } },
    },
    {
      at: noonOn(handedOverOn),
      actor: actor(owner),
      type: 'cases.schedule-rappels',
      data: { scheduleId: 's1', owner: director(owner), offsetsInMonths },
    },
  ];
};

describe('rappel planner (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let store: PostgresEventStore;
  const sessions = new Map<Who, Record<string, string>>();
  let checkpoint = '';

  // Late: handed over 100 days ago, both rappels long past their last day. Now: its first rappel
  // falls due around today. Bram's: the same, with Bram carrying the rappels out.
  const late = `case-1late-${randomUUID().slice(0, 8)}`;
  const now = `case-2now-${randomUUID().slice(0, 8)}`;
  const brams = `case-3bram-${randomUUID().slice(0, 8)}`;
  const lateHandedOver = addDays(today, -100);
  const nowHandedOver = addDays(today, -30);
  const due = { now1: addMonths(nowHandedOver, 1), now2: addMonths(nowHandedOver, 2) };
  const thisSpan = { from: addDays(due.now1 < today ? due.now1 : today, -1), to: addDays(due.now1 > today ? due.now1 : today, 1) };

  beforeAll(async () => {
    database = await createTestDatabase('cases_rappel_planner');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    store = await createPostgresEventStore({ connectionString: database.url });
    for (const [key, person] of Object.entries(people) as [Who, Person][]) {
      const password = await accounts.create({
        userId: person.userId,
        organisationId: person.organisationId,
        displayName: person.displayName,
        roles: [person.role],
      });
      sessions.set(key, (await signIn(api.url, person.userId, password)).headers);
    }
    await appendDecidedCaseHistory(store, late, monitoredCase('Laat', lateHandedOver, 'anna', [1, 2]));
    await appendDecidedCaseHistory(store, now, monitoredCase('Nu', nowHandedOver, 'anna', [1, 2]));
    checkpoint = (await appendDecidedCaseHistory(store, brams, monitoredCase('Bram', nowHandedOver, 'bram', [1, 2]))).checkpoint;
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await store?.close();
    await accounts?.close();
    await database?.drop();
  });

  const request = (as: Who, query: Record<string, string>) =>
    fetch(`${api.url}/api/v1/rappels?${new URLSearchParams({ ...query, after: checkpoint }).toString()}`, { headers: sessions.get(as) });

  const planner = async (as: Who, span: { from: string; to: string }, scope: 'all' | 'mine' = 'all'): Promise<RappelPlanner> => {
    const response = await request(as, { ...span, scope });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`planner as ${as} answered ${response.status}: ${text}`);
    return rappelPlannerSchema.strict().parse(JSON.parse(text));
  };
  const rows = (answer: RappelPlanner) => answer.items.map((item) => `${item.caseId}/${item.rappel.rappelId}`);

  const post = async (path: string, body: unknown, as: Who, ifMatch: number) => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...sessions.get(as), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'If-Match': `"${ifMatch}"` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} as ${as}: ${response.status}: ${text}`);
    const result = caseCommandResultSchema.parse(JSON.parse(text));
    checkpoint = result.checkpoint;
    return result;
  };

  it('lists the span’s rappels and, in the span that holds today, the open ones due before it, overdue first', async () => {
    const answer = await planner('anna', thisSpan);
    expect(rows(answer)).toEqual([`${late}/s1-1`, `${late}/s1-2`, `${now}/s1-1`, `${brams}/s1-1`]);
    expect(answer.total).toBe(4);
    expect(answer.items.map((item) => item.rappel.overdue)).toEqual([true, true, false, false]);
    expect(answer.items[2]).toMatchObject({
      familyLabel: 'Nu, 4201',
      status: 'monitoring',
      director: { person: { personId: 'lt-carla' } },
      rappel: { owner: { person: { personId: 'vt-anna' } }, dueOn: due.now1, status: expect.stringMatching(/scheduled|due/) },
    });
    // A span without today holds only its own rappels: the late ones belong to today's work.
    expect(rows(await planner('anna', { from: due.now2, to: due.now2 }))).toEqual([`${now}/s1-2`, `${brams}/s1-2`]);
    expect(rows(await planner('anna', { from: addDays(due.now2, 1), to: addDays(due.now2, 20) }))).toEqual([]);
  });

  it('keeps to the cases one sees in full, and `mine` to the rappels one carries out', async () => {
    expect(rows(await planner('anna', thisSpan, 'mine'))).toEqual([`${late}/s1-1`, `${late}/s1-2`, `${now}/s1-1`]);
    expect(rows(await planner('bram', thisSpan, 'mine'))).toEqual([`${brams}/s1-1`]);
    // The local team that directs sees them too; another region's Veilig Thuis does not.
    expect((await planner('carla', thisSpan)).total).toBe(4);
    expect(await planner('ugo', thisSpan)).toEqual({ ...thisSpan, items: [], total: 0 });
    // Each family shown is one logged read, however many of its rappels the span holds.
    const logged = (await accounts.dataSource.query(
      `select subject_id from access_log where actor_user_id = 'vt-bram' and route = 'GET /api/v1/rappels' order by sequence`,
    )) as { subject_id: string }[];
    expect(logged.map((row) => row.subject_id)).toEqual([brams]);
    const partner = await request('jet', thisSpan);
    expect(partner.status).toBe(403);
    problemSchema.parse(await partner.json());
  });

  it('refuses a span that is backwards or longer than six weeks, naming the field', async () => {
    for (const span of [
      { from: today, to: addDays(today, -1) },
      { from: today, to: addDays(today, 42) },
    ]) {
      const response = await request('anna', span);
      expect(response.status).toBe(400);
      expect(problemSchema.parse(await response.json()).errors?.map((error) => error.path)).toEqual(['query.to']);
    }
  });

  it('keeps a done rappel with its outcome, and shows on the row that an unsafe one took direction back', async () => {
    const [nowRow] = (await planner('anna', thisSpan)).items.filter((item) => item.caseId === now);
    await post(`/cases/${now}/rappels/s1-1/outcome`, { outcome: 'safe' }, 'anna', nowRow.version);
    const [bramRow] = (await planner('bram', thisSpan)).items.filter((item) => item.caseId === brams);
    const escalated = await post(
      `/cases/${brams}/rappels/s1-1/outcome`,
      { outcome: 'unsafe', notes: 'Nieuw incident.' },
      'bram',
      bramRow.version,
    );
    expect(escalated.events).toEqual(['cases.rappel-completed', 'cases.case-escalated']);

    const answer = await planner('anna', thisSpan);
    expect(rows(answer)).toEqual([`${late}/s1-1`, `${late}/s1-2`, `${now}/s1-1`, `${brams}/s1-1`]);
    expect(answer.items[2]).toMatchObject({ status: 'monitoring', rappel: { status: 'completed', outcome: 'safe', overdue: false } });
    expect(answer.items[3]).toMatchObject({
      status: 'escalated',
      director: { person: { personId: 'vt-bram' }, organisation: { kind: 'veilig-thuis' } },
      rappel: { status: 'completed', outcome: 'unsafe' },
    });
    // Closing cancels the rappels still open: cancelled ones are not on the planner.
    expect(rows(await planner('anna', { from: due.now2, to: due.now2 }))).toEqual([`${now}/s1-2`, `${brams}/s1-2`]);
    await post(`/cases/${brams}/close`, { outcome: 'other', notes: 'Gezin verhuisd naar het buitenland.' }, 'bram', escalated.version);
    expect(rows(await planner('anna', { from: due.now2, to: due.now2 }))).toEqual([`${now}/s1-2`]);
  });

  it('moves an overdue rappel to another day: off the overdue list, on the new day, with its last day and a timeline entry', async () => {
    const moveTo = addDays(today, 2);
    const [lateRow] = (await planner('anna', thisSpan)).items.filter((item) => item.caseId === late);
    expect(lateRow.rappel).toMatchObject({ rappelId: 's1-1', overdue: true });
    const send = (as: Who, ifMatch: number) =>
      fetch(`${api.url}/api/v1/cases/${late}/rappels/s1-1/reschedule`, {
        method: 'POST',
        headers: { ...sessions.get(as), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'If-Match': `"${ifMatch}"` },
        body: JSON.stringify({ dueOn: moveTo, reason: 'Huisbezoek is gepland.' }),
      });
    // Only Veilig Thuis plans rappels; another region does not learn the case exists; a stale version is a 412.
    expect((await send('carla', lateRow.version)).status).toBe(403);
    expect((await send('ugo', lateRow.version)).status).toBe(404);
    expect((await send('bram', lateRow.version - 1)).status).toBe(412);
    const moved = await post(
      `/cases/${late}/rappels/s1-1/reschedule`,
      { dueOn: moveTo, reason: 'Huisbezoek is gepland.' },
      'bram',
      lateRow.version,
    );
    expect(moved.events).toEqual(['cases.rappel-rescheduled']);
    const [onNewDay] = (await planner('anna', { from: moveTo, to: moveTo })).items;
    expect(onNewDay).toMatchObject({ caseId: late, rappel: { rappelId: 's1-1', dueOn: moveTo, status: 'scheduled', overdue: false } });
    expect(onNewDay.rappel.deadlineOn > moveTo).toBe(true);
    // The deadline scheduler fires on the new days: due on it, overdue the day after its last day.
    const deadlines = (await accounts.dataSource.query(
      `select kind, fires_on::text as fires_on from case_deadlines where case_id = $1 and item_id = 's1-1' order by kind`,
      [late],
    )) as { kind: string; fires_on: string }[];
    expect(deadlines).toEqual([
      { kind: 'rappel-due', fires_on: moveTo },
      { kind: 'rappel-overdue', fires_on: addDays(onNewDay.rappel.deadlineOn, 1) },
    ]);
    const timeline = (await (
      await fetch(`${api.url}/api/v1/cases/${late}/timeline?kind=rappel&after=${encodeURIComponent(checkpoint)}`, {
        headers: sessions.get('anna'),
      })
    ).json()) as { items: { summary: string }[] };
    expect(timeline.items[0].summary).toMatch(/^Rappel van .+ verplaatst naar .+ \(uiterlijk .+\)\.$/);
  });
});
