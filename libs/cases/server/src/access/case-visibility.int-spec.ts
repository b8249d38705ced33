import { DataSource } from 'typeorm';
import { createOrganisationDirectory, decideCaseAccess, matchesOwnTaskList, ownTaskListOrganisation } from '@ketenregie/access-domain';
import type { Principal, Role } from '@ketenregie/access-domain';
import type { RecordedEvent } from '@ketenregie/event-store';
import { familyIdentityKeys } from '@ketenregie/cases-domain';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import {
  CASE_OPEN_WORK_TABLE,
  CASE_RAPPELS_TABLE,
  CASE_SUMMARIES_TABLE,
  FAMILY_INDEX_TABLE,
  caseRegisterProjection,
} from '../projections/case-register.projection';
import type { CaseRelationRow } from '../projections/case-summaries';
import { caseRelationColumns, caseRelationsOfRow, caseSummaries } from '../projections/case-summaries';
import type { Bind, CaseFilter } from './case-visibility';
import { fullAccessCaseFilter, ownTaskCaseFilter } from './case-visibility';
import type { CaseScenario } from './testing/access-scenarios';
import { director, household, scenarioEvents } from './testing/access-scenarios';

// The read model is filled by the real case-register projection from stored-shape events, and the
// filters are checked against the policy's own decision on every stored case.

const directory = createOrganisationDirectory([
  { organisationId: 'vt-zhz', name: 'VT ZHZ', kind: 'veilig-thuis', municipalities: ['Gorinchem', 'Molenlanden'] },
  { organisationId: 'vt-utrecht', name: 'VT Utrecht', kind: 'veilig-thuis', municipalities: ['Utrecht'] },
  { organisationId: 'ts-gorinchem', name: 'TS Gorinchem', kind: 'local-team', municipalities: ['Gorinchem'] },
  { organisationId: 'ts-molenlanden', name: 'TS Molenlanden', kind: 'local-team', municipalities: ['Molenlanden'] },
  { organisationId: 'jeugdzorg', name: 'Jeugdzorg', kind: 'chain-partner', municipalities: [] },
  { organisationId: 'ggz', name: 'GGZ', kind: 'chain-partner', municipalities: [] },
  { organisationId: "o'brien & co", name: 'Quote', kind: 'chain-partner', municipalities: [] },
  { organisationId: 'gemeente-gorinchem', name: 'Gemeente', kind: 'municipality', municipalities: ['Gorinchem'] },
  { organisationId: 'operator', name: 'Beheer', kind: 'operator', municipalities: [] },
]);

const user = (userId: string, organisationId: string, ...roles: Role[]): Principal => ({
  userId,
  displayName: userId,
  organisationId,
  roles,
  authenticatedBy: 'local',
});

const principals: Principal[] = [
  user('vt-anna', 'vt-zhz', 'veilig-thuis-professional'),
  user('vt-ugo', 'vt-utrecht', 'veilig-thuis-professional'),
  user('ts-carla', 'ts-gorinchem', 'team-sociaal-consultant'),
  user('ts-daan', 'ts-molenlanden', 'team-sociaal-consultant'),
  user('jz-jet', 'jeugdzorg', 'chain-partner'),
  user('ggz-gert', 'ggz', 'chain-partner'),
  user('quote', "o'brien & co", 'chain-partner'),
  user('ana', 'gemeente-gorinchem', 'policy-analyst'),
  user('pim', 'operator', 'privacy-officer', 'administrator'),
  user('stray', 'nowhere', 'veilig-thuis-professional', 'team-sociaal-consultant'),
  user('vt-mislabelled', 'ts-gorinchem', 'veilig-thuis-professional'),
];

const vtAnna = director('vt-anna', 'vt-zhz', 'veilig-thuis');
const vtUgo = director('vt-ugo', 'vt-utrecht', 'veilig-thuis');
const tsCarla = director('ts-carla', 'ts-gorinchem', 'local-team');
const tsDaan = director('ts-daan', 'ts-molenlanden', 'local-team');

const scenarios: CaseScenario[] = [
  {
    caseId: 'gorinchem-local-team',
    municipality: 'Gorinchem',
    director: tsCarla,
    partners: [{ partnerId: 'p1', organisationId: 'jeugdzorg' }],
    conditions: [{ conditionId: 'sc-1', organisationId: 'jeugdzorg' }],
    agreements: [{ part: 'aid', agreementId: 'ag-1', organisationId: 'ggz' }],
  },
  { caseId: 'gorinchem-offered', municipality: 'Gorinchem', director: vtAnna, pendingHandoverTo: tsDaan },
  {
    caseId: 'molenlanden-closed',
    municipality: '  MOLENLANDEN ',
    director: tsDaan,
    closed: true,
    conditions: [{ conditionId: 'sc-1', organisationId: 'jeugdzorg' }],
  },
  {
    caseId: 'utrecht-ended-partner',
    municipality: 'Utrecht',
    director: vtUgo,
    partners: [{ partnerId: 'p1', organisationId: 'ggz', ended: true }],
  },
  {
    caseId: 'utrecht-local-team-task',
    municipality: 'utrecht',
    director: vtUgo,
    conditions: [{ conditionId: 'sc-1', organisationId: 'ts-gorinchem' }],
    agreements: [{ part: 'recovery', agreementId: 'ag-1', organisationId: "o'brien & co" }],
  },
  { caseId: 'unknown-municipality', municipality: 'Atlantis', director: director('x', 'ts-elsewhere', 'local-team') },
];

let db: TestDatabase;
let dataSource: DataSource;
const now = new Date('2026-03-10T12:00:00Z');
const tables = {
  [CASE_SUMMARIES_TABLE]: CASE_SUMMARIES_TABLE,
  [FAMILY_INDEX_TABLE]: FAMILY_INDEX_TABLE,
  [CASE_RAPPELS_TABLE]: CASE_RAPPELS_TABLE,
  [CASE_OPEN_WORK_TABLE]: CASE_OPEN_WORK_TABLE,
};

const project = async (list: readonly CaseScenario[]): Promise<void> => {
  let position = 0;
  const recorded: RecordedEvent[] = list.flatMap((scenario) =>
    scenarioEvents(scenario).map((event, revision) => ({
      id: `${scenario.caseId}-${revision}`,
      streamId: `case-${scenario.caseId}`,
      revision,
      checkpoint: `${++position}` as RecordedEvent['checkpoint'],
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data as unknown as Record<string, unknown>,
      metadata: {},
      recordedAt: new Date('2026-03-02T09:00:00Z'),
    })),
  );
  await dataSource.transaction((manager) => caseRegisterProjection.apply(recorded, { manager, tables }));
};

beforeAll(async () => {
  db = await createTestDatabase('case_visibility');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
  for (const statement of caseRegisterProjection.createTables(tables)) await dataSource.query(statement);
  await project(scenarios);
});

afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

/** Runs a filter the way a read model query does: its own parameters, appended after any others. */
const caseIdsMatching = async (filter: CaseFilter, extraWhere = 'true'): Promise<string[]> => {
  const params: unknown[] = [];
  const bind: Bind = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  const rows = (await dataSource.query(
    `select case_id from ${CASE_SUMMARIES_TABLE} where (${extraWhere}) and ${filter(bind)} order by case_id`,
    params,
  )) as {
    case_id: string;
  }[];
  return rows.map((row) => row.case_id);
};

const storedRows = async (): Promise<CaseRelationRow[]> =>
  (
    (await dataSource.query(
      `select ${caseSummaries.selectList(caseRelationColumns)} from ${CASE_SUMMARIES_TABLE} where case_id = any($1::text[]) order by case_id`,
      [scenarios.map((scenario) => scenario.caseId)],
    )) as Record<string, unknown>[]
  ).map((raw) => caseSummaries.read(raw, caseRelationColumns));

describe('case visibility filters (PostgreSQL)', () => {
  it.each(principals.map((principal) => [`${principal.userId} at ${principal.organisationId}`, principal] as const))(
    'lists for %s exactly the cases the policy opens in full',
    async (_name, principal) => {
      const expected = (await storedRows())
        .filter((row) => decideCaseAccess(principal, caseRelationsOfRow(row), directory, undefined, now).scope === 'full')
        .map((row) => row.case_id)
        .sort();

      expect(await caseIdsMatching(fullAccessCaseFilter(principal, directory))).toEqual(expected);
    },
  );

  it('spot-checks the relations behind those lists', async () => {
    const listed = async (userId: string) =>
      caseIdsMatching(fullAccessCaseFilter(principals.find((p) => p.userId === userId) as Principal, directory));
    expect(await listed('vt-anna')).toEqual(['gorinchem-local-team', 'gorinchem-offered', 'molenlanden-closed']);
    expect(await listed('ts-carla')).toEqual(['gorinchem-local-team']);
    expect(await listed('ts-daan')).toEqual(['gorinchem-offered', 'molenlanden-closed']);
    expect(await listed('vt-ugo')).toEqual(['utrecht-ended-partner', 'utrecht-local-team-task']);
    for (const userId of ['jz-jet', 'ana', 'pim', 'stray', 'vt-mislabelled']) expect(await listed(userId)).toEqual([]);
  });

  it('adds the cases of running emergency grants, and only those', async () => {
    const vtUgoPrincipal = principals[1];
    expect(await caseIdsMatching(fullAccessCaseFilter(vtUgoPrincipal, directory, { emergencyCaseIds: ['gorinchem-offered'] }))).toEqual([
      'gorinchem-offered',
      'utrecht-ended-partner',
      'utrecht-local-team-task',
    ]);
    const analyst = principals.find((p) => p.userId === 'ana') as Principal;
    expect(await caseIdsMatching(fullAccessCaseFilter(analyst, directory, { emergencyCaseIds: [] }))).toEqual([]);
  });

  it.each(principals.map((principal) => [`${principal.userId} at ${principal.organisationId}`, principal] as const))(
    'lists for %s exactly the cases where its organisation has an open task',
    async (_name, principal) => {
      const organisationId = ownTaskListOrganisation(principal, directory);
      const expected = (await storedRows())
        .filter((row) => matchesOwnTaskList(organisationId, caseRelationsOfRow(row)))
        .map((row) => row.case_id)
        .sort();

      expect(await caseIdsMatching(ownTaskCaseFilter(principal, directory))).toEqual(expected);
    },
  );

  it('finds partner tasks by registration, condition and agreement, and none on a closed case', async () => {
    const tasksOf = (userId: string) =>
      caseIdsMatching(ownTaskCaseFilter(principals.find((p) => p.userId === userId) as Principal, directory));
    expect(await tasksOf('jz-jet')).toEqual(['gorinchem-local-team']);
    expect(await tasksOf('ggz-gert')).toEqual(['gorinchem-local-team']);
    expect(await tasksOf('quote')).toEqual(['utrecht-local-team-task']);
    expect(await tasksOf('ts-carla')).toEqual(['utrecht-local-team-task']);
    expect(await tasksOf('vt-anna')).toEqual([]);
  });
});

describe('filtering before LIMIT (PostgreSQL)', () => {
  const crowd: CaseScenario[] = Array.from({ length: 600 }, (_, index) => ({
    caseId: `crowd-${String(index).padStart(3, '0')}`,
    municipality: 'Utrecht',
    director: vtUgo,
    familyName: 'Veelvoorkomend',
  }));
  const needle: CaseScenario = { caseId: 'zz-needle', municipality: 'Gorinchem', director: vtAnna, familyName: 'Veelvoorkomend' };

  beforeAll(async () => {
    await project([...crowd, needle]);
  });

  it('pages a worklist and counts it over visible cases only', async () => {
    const vtAnnaPrincipal = principals[0];
    const params: unknown[] = [];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    // The shape of CaseReadModel.worklist with the filter added to its WHERE.
    const where = `(status <> 'closed') and ${fullAccessCaseFilter(vtAnnaPrincipal, directory)(bind)}`;
    const [page, counted] = await Promise.all([
      dataSource.query(
        `select case_id from ${CASE_SUMMARIES_TABLE} where ${where} order by last_event_at desc, case_id limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, 25, 0],
      ) as Promise<{ case_id: string }[]>,
      dataSource.query(`select count(*)::int as total from ${CASE_SUMMARIES_TABLE} where ${where}`, params) as Promise<{ total: number }[]>,
    ]);

    expect(page.map((row) => row.case_id).sort()).toEqual(['gorinchem-local-team', 'gorinchem-offered', 'zz-needle']);
    expect(counted[0].total).toBe(3);
  });

  it('finds a visible family among more invisible matches than the search cap', async () => {
    const vtAnnaPrincipal = principals[0];
    const keys = familyIdentityKeys(household('Gorinchem', 'Veelvoorkomend'));
    const params: unknown[] = [keys, 500];
    const bind: Bind = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    // The shape of CaseReadModel.familyCandidates with the filter inside the capped CTE.
    const rows = (await dataSource.query(
      `with hits as (
         select distinct f.case_id from ${FAMILY_INDEX_TABLE} f
           join ${CASE_SUMMARIES_TABLE} s on s.case_id = f.case_id
          where f.keys && $1::text[] and ${fullAccessCaseFilter(vtAnnaPrincipal, directory)(bind, 's')}
          limit $2
       )
       select f.case_id, f.member_id, s.municipality
         from hits h
         join ${FAMILY_INDEX_TABLE} f on f.case_id = h.case_id
         join ${CASE_SUMMARIES_TABLE} s on s.case_id = h.case_id
        order by f.case_id, f.member_id`,
      params,
    )) as { case_id: string; municipality: string }[];

    // Every scenario household shares the address key; the 600 crowd cases are all invisible.
    expect([...new Set(rows.map((row) => row.case_id))]).toEqual([
      'gorinchem-local-team',
      'gorinchem-offered',
      'molenlanden-closed',
      'zz-needle',
    ]);
  });
});
