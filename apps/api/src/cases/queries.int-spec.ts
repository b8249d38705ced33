import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import {
  caseDetailSchema,
  caseTimelinePageSchema,
  familySearchResultSchema,
  problemSchema,
  worklistPageSchema,
} from '@ketenregie/contracts';
import type { CaseDetail, WorklistPage } from '@ketenregie/contracts';
import { appendDecidedCaseHistory, caseRappels, caseSummaries, casesProjections } from '@ketenregie/cases-server';
import type { CaseHistoryStep } from '@ketenregie/cases-server';
import type { Checkpoint, EventStore, PostgresEventStore, ProjectionRunner } from '@ketenregie/event-store';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { Actor, CalendarDate } from '@ketenregie/kernel';
import { addDays, addMonths, toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// Test data only: invented professionals and invented families.

type Director = {
  person: { personId: string; name: string };
  organisation: { organisationId: string; name: string; kind: 'veilig-thuis' | 'local-team' | 'other' };
};

type Household = {
  address: { street?: string; houseNumber: string; postcode: string; municipality: string };
  members: {
    memberId: string;
    role: 'adult' | 'child';
    name: { givenNames: string; prefix?: string; familyName: string };
    dateOfBirth: string | null;
  }[];
};

const anna: Director = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
};
const bram: Director = { person: { personId: 'vt-bram', name: 'Bram Visser' }, organisation: anna.organisation };
const carla: Director = {
  person: { personId: 'lt-carla', name: 'Carla Bakker' },
  organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
};

const actorOf = (director: Director): Actor => ({
  userId: director.person.personId,
  organisationId: director.organisation.organisationId,
});

const today = toAmsterdamDate(new Date());
const daysFromToday = (days: number): CalendarDate => addDays(today, days);
/** Noon UTC: the same calendar day in Amsterdam all year round. */
const noon = (date: CalendarDate, hour = 12): Date => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

const household = (familyName: string, postcode: string, houseNumber: string, adults: [string, string][]): Household => ({
  address: { street: 'Lingewal', houseNumber, postcode, municipality: 'Gorinchem' },
  members: [
    ...adults.map(([givenNames, dateOfBirth], index) => ({
      memberId: `a${index}`,
      role: 'adult' as const,
      name: { givenNames, familyName },
      dateOfBirth,
    })),
    { memberId: 'c1', role: 'child' as const, name: { givenNames: 'Noor', familyName }, dateOfBirth: '2017-04-02' },
  ],
});

const report = (reportId: string, familyId: string, home: Household, at: Date, by: Director = anna): CaseHistoryStep => ({
  at,
  actor: actorOf(by),
  type: 'cases.register-report',
  data: {
    familyId,
    reportId,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'ib',
      contact: { email: 'e.jansen@example.org' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Vertrouwelijke zorg over het gezin.',
    household: home,
    receivedBy: by,
  },
});

const step = (at: Date, by: Director, type: CaseHistoryStep['type'], data: Record<string, unknown>): CaseHistoryStep => ({
  at,
  actor: actorOf(by),
  type,
  data,
});

/** Report, assessment, hand-over to Carla accepted on `acceptedOn`, rappels owned by Anna. */
const handedOverSteps = (familyId: string, home: Household, acceptedOn: CalendarDate, offsetsInMonths: number[]): CaseHistoryStep[] => [
  report('r1', familyId, home, noon(addDays(acceptedOn, -6))),
  step(noon(addDays(acceptedOn, -5)), anna, 'cases.start-safety-assessment', { assessmentId: 'r1' }),
  step(noon(addDays(acceptedOn, -4)), anna, 'cases.complete-safety-assessment', {
    assessmentId: 'r1',
    acuteUnsafety: false,
    structuralUnsafety: true,
  }),
  step(noon(addDays(acceptedOn, -3)), anna, 'cases.offer-handover', {
    handoverId: 'h1',
    to: carla,
    reason: 'Hulp via het lokale team.',
    phase: 'stable-safety',
  }),
  step(noon(acceptedOn), carla, 'cases.accept-handover', { handoverId: 'h1' }),
  step(noon(acceptedOn, 13), anna, 'cases.schedule-rappels', { scheduleId: 's1', owner: anna, offsetsInMonths }),
];

const appendCase = appendDecidedCaseHistory;

// ------------------------------------------------------------------ the cases used below

const ids = {
  overdue: `case-overdue-${randomUUID().slice(0, 8)}`,
  due: `case-due-${randomUUID().slice(0, 8)}`,
  history: `case-history-${randomUUID().slice(0, 8)}`,
  rappelDue: `case-rappel-due-${randomUUID().slice(0, 8)}`,
  rappelOverdue: `case-rappel-late-${randomUUID().slice(0, 8)}`,
  search: `case-search-${randomUUID().slice(0, 8)}`,
};

// Handed over three months and two days ago: its 3-month rappel fell due two days ago, deadline ahead.
const rappelDueAcceptedOn = addDays(addMonths(today, -3), -2);
// Handed over five months ago: its 3-month rappel is two months late.
const rappelOverdueAcceptedOn = addMonths(today, -5);
const historyOfferedOn = daysFromToday(-397);
// Fixed once, so every seeding of the cases is identical (the batch-size comparison relies on it).
const dueReportAt = new Date(Date.now() - 3_600_000);
const historyClosedOn = daysFromToday(-100);

const seedCases = async (store: EventStore): Promise<{ checkpoint: string; events: Record<string, string[]> }> => {
  const events: Record<string, string[]> = {};
  let checkpoint = '';
  const add = async (caseId: string, steps: CaseHistoryStep[]) => {
    const result = await appendCase(store, caseId, steps);
    events[caseId] = result.eventTypes;
    checkpoint = result.checkpoint;
  };
  await add(ids.overdue, [
    report('r1', 'fam-overdue', household('Kok', '4201AC', '3', [['Piet', '1980-01-01']]), noon(daysFromToday(-20))),
  ]);
  await add(ids.due, [report('r1', 'fam-due', household('Mulder', '4201AD', '4', [['Karin', '1982-02-02']]), dueReportAt, bram)]);
  const historyHome = household('Dekker', '4201AE', '5', [['Ruud', '1975-05-05']]);
  await add(ids.history, [
    ...handedOverSteps('fam-history', historyHome, addDays(historyOfferedOn, 1), [3, 6]),
    // Closed by the local team that directs it: Veilig Thuis of the region does not steer its case.
    step(noon(historyClosedOn), carla, 'cases.close-case', { outcome: 'safety-established', notes: 'Rustig.' }),
    report('r2', 'fam-history', historyHome, noon(daysFromToday(-10)), anna),
  ]);
  await add(
    ids.rappelDue,
    handedOverSteps('fam-rappel-due', household('Smit', '4201AF', '6', [['Lies', '1990-06-06']]), rappelDueAcceptedOn, [3]),
  );
  await add(
    ids.rappelOverdue,
    handedOverSteps('fam-rappel-late', household('Bos', '4201AG', '7', [['Wim', '1970-07-07']]), rappelOverdueAcceptedOn, [3]),
  );
  await add(ids.search, [
    report(
      'r1',
      'fam-search',
      {
        address: { street: 'Lingewal', houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' },
        members: [
          { memberId: 'm1', role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '1985-03-12' },
          { memberId: 'm2', role: 'adult', name: { givenNames: 'Fatima', familyName: 'El Amrani' }, dateOfBirth: '1988-07-01' },
          { memberId: 'm3', role: 'child', name: { givenNames: 'Sara', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '2016-05-20' },
        ],
      },
      noon(daysFromToday(-2)),
    ),
  ]);
  return { checkpoint, events };
};

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

// ------------------------------------------------------------------ projections (in process)

describe('cases projections (real PostgreSQL)', () => {
  const databases: TestDatabase[] = [];
  const stores: PostgresEventStore[] = [];
  const dataSources: DataSource[] = [];
  const runners: ProjectionRunner[] = [];

  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    for (const dataSource of dataSources) await dataSource.destroy();
    for (const store of stores) await store.close();
    for (const database of databases) await database.drop();
  });

  /** A fresh database with the seed cases, projected with the given batch size. */
  const project = async (batchSize: number) => {
    const database = await createTestDatabase('cases_projection');
    databases.push(database);
    const store = await createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
    stores.push(store);
    const dataSource = new DataSource({ type: 'postgres', url: database.url, extra: { max: 4 } });
    await dataSource.initialize();
    dataSources.push(dataSource);
    // A foreign event on a case-like stream must be skipped, not break the fold.
    await store.appendToStream(`case-${randomUUID()}`, [{ type: 'test.case-opened', data: {} }]);
    const seeded = await seedCases(store);
    const runner = createProjectionRunner({ store, dataSource, projections: casesProjections, batchSize, logger: silentLogger });
    runners.push(runner);
    await runner.start();
    for (const projection of casesProjections) {
      await runner.waitFor(projection.name, seeded.checkpoint as Checkpoint, 30_000);
    }
    return { dataSource, seeded };
  };

  const readModels = async (dataSource: DataSource) => ({
    // Every declared column: what one batch size writes, any other must write too.
    summaries: (await dataSource.query(`select ${caseSummaries.selectList()} from case_summaries order by case_id`)) as Record<
      string,
      unknown
    >[],
    family: (await dataSource.query(
      'select case_id, member_id, family_id, date_of_birth::text, postcode, house_number, member, keys from family_index order by case_id, member_id',
    )) as Record<string, unknown>[],
    timeline: (await dataSource.query(
      'select case_id, revision, event_type, kind, occurred_at, actor_user_id, summary from case_timeline order by case_id, revision',
    )) as Record<string, unknown>[],
    rappels: (await dataSource.query(`select ${caseRappels.selectList()} from case_rappels order by case_id, rappel_id`)) as Record<
      string,
      unknown
    >[],
  });

  it('folds each case into one summary row, one index row per person and one timeline row per event', async () => {
    const { dataSource, seeded } = await project(500);
    const models = await readModels(dataSource);
    expect(models.summaries.map((row) => row['case_id'])).toEqual(Object.values(ids).sort());

    const byCase = Object.fromEntries(models.summaries.map((row) => [row['case_id'], row]));
    expect(byCase[ids.overdue]).toMatchObject({
      status: 'received',
      director_person_id: 'vt-anna',
      family_label: 'Kok, 4201',
      municipality: 'Gorinchem',
      assessment_overdue: false,
      unacknowledged_flags: 0,
      version: seeded.events[ids.overdue].length - 1,
    });
    expect(byCase[ids.history]).toMatchObject({
      status: 'received',
      director_person_id: 'vt-anna',
      unacknowledged_flags: 1,
      next_rappel_due_on: null,
      version: seeded.events[ids.history].length - 1,
    });
    expect(byCase[ids.rappelDue]).toMatchObject({
      status: 'monitoring',
      director_person_id: 'lt-carla',
      assessment_due_on: null,
      next_rappel_due_on: addMonths(rappelDueAcceptedOn, 3),
    });

    // Every seeded case is open, so each is on the worklists' partial indexes.
    expect(models.summaries.map((row) => row['open_work'])).toEqual(models.summaries.map(() => true));
    // One row per rappel, owner and dates as columns: the planner's "mine" after a hand-over is
    // Veilig Thuis's, though the local team directs the case.
    expect(models.rappels.filter((row) => row['case_id'] === ids.rappelDue)).toEqual([
      expect.objectContaining({
        owner_person_id: 'vt-anna',
        owner_organisation_id: anna.organisation.organisationId,
        due_on: addMonths(rappelDueAcceptedOn, 3),
        status: expect.stringMatching(/^(scheduled|due)$/),
      }),
    ]);
    // The closed history's rappels are kept, none of them open.
    const historyRappels = models.rappels.filter((row) => row['case_id'] === ids.history);
    expect(historyRappels).toHaveLength(2);
    expect(historyRappels.filter((row) => row['status'] === 'scheduled' || row['status'] === 'due')).toEqual([]);

    const people = models.family.filter((row) => row['case_id'] === ids.search);
    expect(people.map((row) => [row['member_id'], row['date_of_birth'], row['postcode'], row['house_number']])).toEqual([
      ['m1', '1985-03-12', '4201AB', '12'],
      ['m2', '1988-07-01', '4201AB', '12'],
      ['m3', '2016-05-20', '4201AB', '12'],
    ]);
    expect(people[1]['keys']).toEqual(expect.arrayContaining(['dob:1988-07-01', 'name:amrani|fatima', 'address:4201AB|12']));

    const allEvents = Object.values(seeded.events).flat();
    expect(models.timeline).toHaveLength(allEvents.length);
    const history = models.timeline.filter((row) => row['case_id'] === ids.history);
    expect(history.map((row) => row['event_type'])).toEqual(seeded.events[ids.history]);
    expect(history.find((row) => row['event_type'] === 'cases.recidivism-flag-raised')).toMatchObject({ kind: 'recidivism' });
    // The family's names and the referrer's concern never reach a summary line.
    for (const row of models.timeline) {
      expect(row['summary']).not.toMatch(/Dekker|Ruud|Berg|Fatima|Els Jansen|Vertrouwelijke/);
    }
  });

  it('gives the same read models whether events arrive one per batch or all in one', async () => {
    const [one, many] = [await project(1), await project(1000)];
    expect(await readModels(one.dataSource)).toEqual(await readModels(many.dataSource));
  });
});

// ------------------------------------------------------------------ the HTTP API (child process)

const queryDatabase = async (url: string, text: string, values: unknown[]): Promise<unknown[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
};

describe('cases query API (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let store: PostgresEventStore;
  let checkpoint: string;
  let accounts: TestAccounts;
  const sessions = new Map<string, SignedIn>();

  /** The signed-in session of a director: its cookie and CSRF token. */
  const as = (director: Director): Record<string, string> => {
    const session = sessions.get(director.person.personId);
    if (!session) throw new Error(`${director.person.personId} is not signed in`);
    return session.headers;
  };

  const get = (path: string, headers: Record<string, string> = as(anna)) => fetch(`${api.url}${path}`, { headers });

  const getJson = async <T>(path: string, parse: { parse: (value: unknown) => T }, headers?: Record<string, string>): Promise<T> => {
    const response = await get(path, headers);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return parse.parse(await response.json());
  };

  const worklist = (name: string, query = '', director: Director = anna): Promise<WorklistPage> =>
    getJson(`/api/v1/worklists/${name}?after=${encodeURIComponent(checkpoint)}${query}`, worklistPageSchema, as(director));

  const caseIdsOf = (page: WorklistPage): string[] => page.items.map((item) => item.caseId);

  beforeAll(async () => {
    database = await createTestDatabase('cases_queries');
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    store = await createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
    checkpoint = (await seedCases(store)).checkpoint;
    accounts = await testAccounts(database.url);
    for (const director of [anna, bram, carla]) {
      sessions.set(
        director.person.personId,
        await accounts.signInAs(api.url, {
          userId: director.person.personId,
          displayName: director.person.name,
          organisationId: director.organisation.organisationId,
          roles: [director.organisation.kind === 'local-team' ? 'team-sociaal-consultant' : 'veilig-thuis-professional'],
        }),
      );
    }
  }, 90_000);

  afterAll(async () => {
    await api?.stop();
    await store?.close();
    await accounts?.close();
    await database?.drop();
  });

  it('lists my cases: only those I direct and that are open, most urgent deadline first', async () => {
    const mine = await worklist('my-cases');
    expect(caseIdsOf(mine).sort()).toEqual([ids.history, ids.overdue, ids.search].sort());
    expect(caseIdsOf(mine)[0]).toBe(ids.overdue);
    expect(mine.items.every((item) => item.director.person.personId === 'vt-anna')).toBe(true);
    expect(caseIdsOf(await worklist('my-cases', '', carla)).sort()).toEqual([ids.rappelDue, ids.rappelOverdue].sort());

    const paged = await worklist('my-cases', '&page=2&pageSize=1');
    expect(paged).toMatchObject({ page: 2, pageSize: 1, total: 3 });
    expect(caseIdsOf(paged)).toEqual([caseIdsOf(mine)[1]]);
  });

  it('separates assessments due from overdue ones, counting a passed date as overdue before the scheduler marks it', async () => {
    const due = await worklist('assessments-due');
    expect(caseIdsOf(due)).toContain(ids.due);
    expect(caseIdsOf(due)).not.toContain(ids.overdue);
    const overdue = await worklist('assessments-overdue');
    expect(caseIdsOf(overdue)).toEqual(expect.arrayContaining([ids.overdue, ids.history]));
    expect(caseIdsOf(overdue)).not.toContain(ids.due);
    expect(caseIdsOf(overdue)[0]).toBe(ids.overdue);
    expect(overdue.items[0].deadlines.assessmentOverdue).toBe(true);
    expect(overdue.items[0].deadlines.assessmentWorkingDaysLeft).toBeLessThan(0);
    expect(due.items.find((item) => item.caseId === ids.due)?.deadlines.assessmentWorkingDaysLeft).toBeGreaterThanOrEqual(0);
    expect(caseIdsOf(await worklist('assessments-due', '&scope=mine', bram))).toEqual([ids.due]);
  });

  it('lists rappels due this week and overdue rappels', async () => {
    const due = await worklist('rappels-due');
    expect(caseIdsOf(due)).toEqual([ids.rappelDue]);
    expect(due.items[0].deadlines).toMatchObject({ nextRappelDueOn: addMonths(rappelDueAcceptedOn, 3), rappelOverdue: false });
    const overdue = await worklist('rappels-overdue');
    expect(caseIdsOf(overdue)).toEqual([ids.rappelOverdue]);
    expect(overdue.items[0].deadlines.rappelOverdue).toBe(true);

    // "Mine" is the rappel owner's (Veilig Thuis), not the director's: the local team directs these cases.
    expect(caseIdsOf(await worklist('rappels-due', '&scope=mine', anna))).toEqual([ids.rappelDue]);
    expect(caseIdsOf(await worklist('rappels-overdue', '&scope=mine', anna))).toEqual([ids.rappelOverdue]);
    expect(caseIdsOf(await worklist('rappels-due', '&scope=mine', bram))).toEqual([]);
    expect(caseIdsOf(await worklist('rappels-due', '&scope=mine', carla))).toEqual([]);
  });

  it('lists unacknowledged recidivism flags', async () => {
    const flags = await worklist('recidivism-flags');
    expect(caseIdsOf(flags)).toEqual([ids.history]);
    expect(flags.items[0].unacknowledgedRecidivismFlags).toBe(1);
    expect(flags.items[0].oldestUnacknowledgedFlagAt).toBe(noon(daysFromToday(-10)).toISOString());
  });

  it('rejects worklist requests without an actor (401) or with bad parameters (400 with field paths)', async () => {
    const anonymous = await get('/api/v1/worklists/my-cases', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const bad = await get('/api/v1/worklists/assessments-due?page=0&pageSize=1000&scope=everyone&bogus=1');
    expect(bad.status).toBe(400);
    const problem = problemSchema.parse(await bad.json());
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(
      ['query.bogus', 'query.page', 'query.pageSize', 'query.scope'].sort(),
    );
  });

  it('shows a case with family, director, plan and open deadlines, with a weak ETag of its version', async () => {
    const response = await get(`/api/v1/cases/${ids.history}?after=${encodeURIComponent(checkpoint)}`);
    expect(response.status).toBe(200);
    const detail = caseDetailSchema.parse(await response.json());
    expect(response.headers.get('etag')).toBe(`"${detail.version}"`);
    expect(detail).toMatchObject({
      caseId: ids.history,
      status: 'received',
      director: anna,
      familyLabel: 'Dekker, 4201',
      lastClosure: { outcome: 'safety-established', closedOn: historyClosedOn, director: carla },
      // What the director acknowledges: how the earlier involvement ended and who directed it.
      recidivismFlags: [
        {
          flagId: 'r2',
          classification: 'repeat',
          earlierInvolvement: { kind: 'ended', outcome: 'safety-established', closedOn: historyClosedOn },
          earlierDirector: carla,
          earlierReportCount: 1,
          acknowledged: false,
        },
      ],
    });
    expect(detail.household.members.map((member) => member.name.givenNames)).toEqual(['Ruud', 'Noor']);
    expect(detail.reports.map((entry) => entry.classification)).toEqual(['first', 'repeat']);
    expect(detail.openDeadlines).toEqual([expect.objectContaining({ kind: 'safety-assessment', id: 'r2', overdue: true })]);

    const notModified = await get(`/api/v1/cases/${ids.history}`, { ...as(anna), 'If-None-Match': `"${detail.version}"` });
    expect(notModified.status).toBe(304);
  });

  it('answers 404 for an unknown case, 401 without an actor and 400 for bad parameters', async () => {
    const unknown = await get('/api/v1/cases/no-such-case');
    expect(unknown.status).toBe(404);
    expect(problemSchema.parse(await unknown.json())).toMatchObject({ status: 404, detail: 'Deze casus bestaat niet.' });
    expect((await get(`/api/v1/cases/${ids.history}`, {})).status).toBe(401);
    const badDate = await get(`/api/v1/cases/${ids.history}?asOf=2026-02-30`);
    expect(badDate.status).toBe(400);
    expect(problemSchema.parse(await badDate.json()).errors).toEqual([expect.objectContaining({ path: 'query.asOf' })]);
    const future = await get(`/api/v1/cases/${ids.history}?asOf=${daysFromToday(2)}`);
    expect(future.status).toBe(400);
    expect((await get(`/api/v1/cases/${ids.history}?after=nonsense`)).status).toBe(400);
  });

  it('replays a case as it was at the end of an earlier day', async () => {
    const asOf = (date: CalendarDate) => getJson(`/api/v1/cases/${ids.history}?asOf=${date}`, caseDetailSchema);
    const offered: CaseDetail = await asOf(historyOfferedOn);
    expect(offered).toMatchObject({
      asOf: historyOfferedOn,
      status: 'handover_offered',
      director: anna,
      pendingHandover: { handoverId: 'h1', to: carla },
      recidivismFlags: [],
      lastClosure: null,
    });
    const monitoring = await asOf(daysFromToday(-200));
    expect(monitoring).toMatchObject({ status: 'monitoring', director: carla, pendingHandover: null });
    // On that day the 3-month rappel was already late and the 6-month one not yet due.
    expect(monitoring.openDeadlines.map((deadline) => [deadline.id, deadline.overdue])).toEqual([
      ['s1-1', true],
      ['s1-2', false],
    ]);
    const now = await getJson(`/api/v1/cases/${ids.history}`, caseDetailSchema);
    expect(now.status).toBe('received');
    expect(monitoring.version).toBeLessThan(now.version);

    const before = await get(`/api/v1/cases/${ids.history}?asOf=${daysFromToday(-500)}`);
    expect(before.status).toBe(404);
    expect((await get(`/api/v1/cases/no-such-case?asOf=${today}`)).status).toBe(404);
  });

  it('shows the timeline newest first, filterable by kind and paged', async () => {
    const all = await getJson(`/api/v1/cases/${ids.history}/timeline?after=${encodeURIComponent(checkpoint)}`, caseTimelinePageSchema);
    expect(all.total).toBe(all.items.length);
    expect(all.items.map((entry) => entry.revision)).toEqual([...all.items.map((entry) => entry.revision)].sort((a, b) => b - a));
    expect(all.items.at(-1)).toMatchObject({ revision: 0, type: 'cases.case-opened', kind: 'intake', actor: { userId: 'vt-anna' } });
    expect(all.items.every((entry) => entry.summary.length > 10)).toBe(true);

    const flags = await getJson(`/api/v1/cases/${ids.history}/timeline?kind=recidivism`, caseTimelinePageSchema);
    expect(flags.items.map((entry) => entry.type)).toEqual(['cases.recidivism-flag-raised']);
    expect(flags.items[0].summary).toContain('hermelding');
    expect(flags.items[0].occurredAt).toBe(noon(daysFromToday(-10)).toISOString());

    const page = await getJson(`/api/v1/cases/${ids.history}/timeline?page=2&pageSize=3`, caseTimelinePageSchema);
    expect(page.items.map((entry) => entry.revision)).toEqual(all.items.slice(3, 6).map((entry) => entry.revision));
    expect(page).toMatchObject({ page: 2, pageSize: 3, total: all.total });
    const pastTheEnd = await getJson(`/api/v1/cases/${ids.history}/timeline?page=99&pageSize=3`, caseTimelinePageSchema);
    expect(pastTheEnd).toEqual({ items: [], page: 99, pageSize: 3, total: all.total });

    // The page is joined from stored entries: exactly the contract's keys, and the stored rows' values.
    const raw = await get(`/api/v1/cases/${ids.history}/timeline`);
    expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await raw.json()) as { items: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(['items', 'page', 'pageSize', 'total']);
    for (const item of body.items) {
      expect(Object.keys(item)).toEqual(['revision', 'eventId', 'type', 'kind', 'occurredAt', 'actor', 'summary']);
    }
    const stored = (await queryDatabase(
      database.url,
      `select revision, event_id, (extract(epoch from occurred_at) * 1000)::float8 as ms, actor_user_id, actor_organisation_id, summary
         from case_timeline where case_id = $1 order by revision desc`,
      [ids.history],
    )) as {
      revision: number;
      event_id: string;
      ms: number;
      actor_user_id: string | null;
      actor_organisation_id: string | null;
      summary: string;
    }[];
    expect(body.items).toEqual(
      stored.map((row) =>
        expect.objectContaining({
          revision: row.revision,
          eventId: row.event_id,
          occurredAt: new Date(row.ms).toISOString(),
          actor: row.actor_user_id
            ? { userId: row.actor_user_id, ...(row.actor_organisation_id ? { organisationId: row.actor_organisation_id } : {}) }
            : null,
          summary: row.summary,
        }),
      ),
    );

    expect((await get('/api/v1/cases/no-such-case/timeline')).status).toBe(404);
    expect((await get(`/api/v1/cases/${ids.history}/timeline`, {})).status).toBe(401);
    const badKind = await get(`/api/v1/cases/${ids.history}/timeline?kind=gossip`);
    expect(badKind.status).toBe(400);
    expect(problemSchema.parse(await badKind.json()).errors).toEqual([expect.objectContaining({ path: 'query.kind' })]);
    // A whole long case fits one page of 1000; more is refused, not silently cut.
    expect((await getJson(`/api/v1/cases/${ids.history}/timeline?pageSize=1000`, caseTimelinePageSchema)).items).toHaveLength(all.total);
    const tooLarge = await get(`/api/v1/cases/${ids.history}/timeline?pageSize=1001`);
    expect(tooLarge.status).toBe(400);
    expect(problemSchema.parse(await tooLarge.json()).errors).toEqual([
      expect.objectContaining({ path: 'query.pageSize', message: 'Hoogstens 1000 per pagina.' }),
    ]);
  });

  /** Family search: a POST whose JSON body carries the personal data (never the URL). */
  const postSearch = (body: unknown, headers: Record<string, string> = as(anna)) =>
    fetch(`${api.url}/api/v1/families/search`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  const searchAs = async (body: Record<string, unknown>, headers?: Record<string, string>) => {
    const response = await postSearch(body, headers);
    expect({ body, status: response.status }).toEqual({ body, status: 200 });
    return familySearchResultSchema.parse(await response.json());
  };

  describe('family search', () => {
    const search = (body: Record<string, unknown>) => searchAs(body);

    it('finds an exact match by name and date of birth, flagged exact', async () => {
      const result = await search({ givenNames: 'Jan', prefix: 'van der', familyName: 'Berg', dateOfBirth: '1985-03-12' });
      expect(result.candidates[0]).toMatchObject({
        caseId: ids.search,
        exact: true,
        reasons: ['same-name-and-birth-date'],
        matchedMembers: [{ memberId: 'm1', role: 'adult', reason: 'same-name-and-birth-date' }],
      });
    });

    it('finds a typo, swapped names and a diacritics variant', async () => {
      const typo = await search({ givenNames: 'Fatima', familyName: 'El Amranni', dateOfBirth: '1988-07-01' });
      expect(typo.candidates[0]).toMatchObject({ caseId: ids.search, exact: false, reasons: ['similar-name-and-birth-date'] });
      const swapped = await search({ givenNames: 'Amrani', familyName: 'Fatima', dateOfBirth: '1988-07-01' });
      expect(swapped.candidates[0]).toMatchObject({ caseId: ids.search, reasons: ['swapped-names'] });
      const diacritics = await search({ givenNames: 'Fátima', familyName: 'El Åmrani', dateOfBirth: '1988-07-01' });
      expect(diacritics.candidates[0]).toMatchObject({ caseId: ids.search, exact: true });
    });

    it('finds a family by address alone and ranks a name match above it', async () => {
      const byAddress = await search({ postcode: '4201 ab', houseNumber: '12' });
      expect(byAddress.candidates).toEqual([
        expect.objectContaining({ caseId: ids.search, reasons: ['same-postcode-house-number'], exact: false }),
      ]);
      const both = await search({
        givenNames: 'Sara',
        familyName: 'Berg',
        dateOfBirth: '2016-05-20',
        postcode: '4201AB',
        houseNumber: '12',
      });
      expect(both.candidates[0]).toMatchObject({ caseId: ids.search, exact: true });
      expect(both.candidates[0].score).toBeGreaterThan(byAddress.candidates[0].score);
    });

    it('reads 12A, 12 A, 12-A and 12 with addition A as one house number', async () => {
      for (const written of [
        { houseNumber: '12A' },
        { houseNumber: '12 A' },
        { houseNumber: '12-A' },
        { houseNumber: '12', houseNumberAddition: 'A' },
      ]) {
        const found = await search({ postcode: '4201AB', ...written });
        expect({ written, found: found.candidates.map((candidate) => candidate.caseId) }).toEqual({ written, found: [ids.search] });
      }
      expect((await search({ postcode: '4201AB', houseNumber: '120' })).candidates).toEqual([]);
    });

    it('does not match a different person with the same name but another date of birth', async () => {
      const result = await search({ givenNames: 'Jan', familyName: 'Berg', dateOfBirth: '1999-01-01' });
      expect(result.candidates).toEqual([]);
    });

    it('rejects an incomplete search or unknown fields (400 with paths), one without an actor (401) or without the CSRF token (403)', async () => {
      const incomplete = await postSearch({ givenNames: 'Jan', postcode: '1234' });
      expect(incomplete.status).toBe(400);
      const paths = problemSchema.parse(await incomplete.json()).errors?.map((error) => error.path);
      expect(paths).toEqual(expect.arrayContaining(['postcode', 'familyName']));
      const unknown = await postSearch({ postcode: '4201AB', houseNumber: '12', name: 'Jan' });
      expect(problemSchema.parse(await unknown.json()).errors).toEqual([expect.objectContaining({ path: 'name' })]);
      const textLimit = await postSearch({ postcode: '4201AB', houseNumber: '12', limit: '5' });
      expect(textLimit.status).toBe(400);
      expect((await postSearch({ postcode: '4201AB', houseNumber: '12' }, {})).status).toBe(401);
      const { 'X-CSRF-Token': _token, ...withoutToken } = as(anna);
      expect((await postSearch({ postcode: '4201AB', houseNumber: '12' }, withoutToken)).status).toBe(403);
    });

    it('no longer searches over GET, where names would stand in the URL', async () => {
      const logged = async () =>
        ((await queryDatabase(database.url, `select count(*)::int as n from access_log where action = 'search'`, [])) as { n: number }[])[0]
          .n;
      const before = await logged();
      const response = await get('/api/v1/families/search?postcode=4201AB&houseNumber=12');
      expect([404, 405]).toContain(response.status);
      expect(JSON.stringify(await response.json())).not.toContain(ids.search);
      expect(await logged()).toBe(before);
    });
  });

  it('shows a local team only the cases it directs: lists, counts, search and case reads alike', async () => {
    for (const name of ['assessments-due', 'assessments-overdue', 'recidivism-flags']) {
      const page = await worklist(name, '', carla);
      expect({ name, ids: caseIdsOf(page), total: page.total }).toEqual({ name, ids: [], total: 0 });
    }
    expect(caseIdsOf(await worklist('rappels-due', '', carla))).toEqual([ids.rappelDue]);
    expect(caseIdsOf(await worklist('rappels-overdue', '', carla))).toEqual([ids.rappelOverdue]);
    const search = await searchAs({ givenNames: 'Jan', prefix: 'van der', familyName: 'Berg', dateOfBirth: '1985-03-12' }, as(carla));
    expect(search.candidates).toEqual([]);
    const unknown = problemSchema.parse(await (await get('/api/v1/cases/no-such-case', as(carla))).json());
    for (const path of [
      `/api/v1/cases/${ids.overdue}`,
      `/api/v1/cases/${ids.overdue}/timeline`,
      `/api/v1/cases/${ids.overdue}?asOf=${today}`,
    ]) {
      const response = await get(path, as(carla));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      const body = problemSchema.parse(await response.json());
      expect({ ...body, instance: undefined }).toEqual({ ...unknown, instance: undefined });
    }
    expect((await get(`/api/v1/cases/${ids.rappelDue}/timeline`, as(carla))).status).toBe(200);
  });

  it('reads its own writes: a query given the checkpoint of an append sees it', async () => {
    const caseId = `case-fresh-${randomUUID().slice(0, 8)}`;
    const { checkpoint: fresh } = await appendCase(store, caseId, [
      report('r1', 'fam-fresh', household('Visser', '4201AH', '8', [['Tom', '1984-08-08']]), new Date(Date.now() - 60_000)),
    ]);
    const detail = await getJson(`/api/v1/cases/${caseId}?after=${encodeURIComponent(fresh)}`, caseDetailSchema);
    expect(detail.caseId).toBe(caseId);
    const timeline = await getJson(`/api/v1/cases/${caseId}/timeline?after=${encodeURIComponent(fresh)}`, caseTimelinePageSchema);
    expect(timeline.total).toBe(2);
  });
});
