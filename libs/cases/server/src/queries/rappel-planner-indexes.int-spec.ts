import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { CASE_RAPPELS_TABLE, caseRappels } from '../projections/case-rappel-rows';
import { CASE_SUMMARIES_TABLE, caseSummaries } from '../projections/case-summaries';
import { CaseReadModel } from './case-read-model';
import { planOf, recordingDataSource } from './testing/recording-data-source';

// How the rappel planner reads "mine": a professional's twenty years of rappels carried out stay
// in the table, and the planner must reach the few still open without reading them. The plan is
// checked on real PostgreSQL statistics over invented rows; no case data is needed for a plan.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('rappel_planner_indexes');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
  for (const statement of [...caseSummaries.createTable(CASE_SUMMARIES_TABLE), ...caseRappels.createTable(CASE_RAPPELS_TABLE)])
    await dataSource.query(statement);
  // 5,000 rappels carried out over the years and 3 still open, for one owner; others' too.
  await dataSource.query(
    `insert into ${CASE_RAPPELS_TABLE} (case_id, rappel_id, owner, owner_person_id, owner_organisation_id, due_on, deadline_on, status, overdue, outcome,
                                        director_organisation_id, pending_handover_to_organisation_id, municipality_key)
     select 'case-' || (n % 2000), 'r' || n, '{}'::jsonb, case when n % 4 = 0 then 'vt-anna' else 'vt-other-' || (n % 7) end, 'vt-zhz',
            date '2006-01-01' + (n % 7000), date '2006-01-15' + (n % 7000),
            case when n > 19990 then 'scheduled' else 'done' end, false, null,
            'vt-zhz', null, 'gemeente-' || (n % 3)
       from generate_series(1, 20000) as n`,
  );
  await dataSource.query(`analyze ${CASE_RAPPELS_TABLE}`);
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

describe('the rappel planner’s indexes (real PostgreSQL)', () => {
  it('finds an owner’s open rappels due before the span through the index that holds only open ones', async () => {
    const { recording, statements } = recordingDataSource(dataSource);
    await new CaseReadModel(recording).rappelPlanner({
      from: '2026-11-30',
      to: '2026-12-06',
      today: '2026-12-02',
      ownerId: 'vt-anna',
      limit: 500,
      visible: () => 'true',
    });
    const [planner] = statements;
    if (!planner) throw new Error('the planner sent no statement');
    const [openByOwner] = (await dataSource.query(
      `select indexname from pg_indexes where tablename = $1 and indexdef like '%owner_person_id%' and indexdef like '%scheduled%'`,
      [CASE_RAPPELS_TABLE],
    )) as { indexname: string }[];
    if (!openByOwner) throw new Error('no index holds an owner’s open rappels');
    const plan = await planOf(dataSource, planner);
    expect(plan).toContain(openByOwner.indexname);
  });
});
