import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { CASE_SUMMARIES_TABLE, caseSummaries } from '../projections/case-summaries';
import { CaseReadModel } from './case-read-model';
import { insertInventedRegisterRows } from './testing/invented-register-rows';
import { planOf, recordingDataSource } from './testing/recording-data-source';

// How "Rappels over de termijn" finds its cases: thousands of open cases across the country have a
// rappel to come, a handful are past its last day. The list and its count must reach those through
// the indexes on the rappel's last day, not by reading every case with a rappel. The plan is
// checked on real PostgreSQL statistics over invented rows; no case data is needed for a plan.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('rappels_overdue_indexes');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
  for (const statement of caseSummaries.createTable(CASE_SUMMARIES_TABLE)) await dataSource.query(statement);
  // 20,000 open cases with a rappel to come, in three municipalities; 12 past its last day, 3 marked.
  const invented: Record<string, string> = {
    case_id: `'case-' || n`,
    family_id: `'family-' || n`,
    municipality_key: `'gemeente-' || (n % 3)`,
    director_organisation_id: `'vt-' || (n % 5)`,
    open_work: 'true',
    status: `'in-follow-up'`,
    next_rappel_due_on: `date '2026-12-01' + (n % 60)`,
    next_rappel_deadline_on: `case when n % 1700 = 0 then date '2026-11-20' else date '2026-12-20' + (n % 60) end`,
    rappel_overdue: 'n % 6000 = 0',
  };
  await insertInventedRegisterRows(dataSource, 20000, invented);
  await dataSource.query(`analyze ${CASE_SUMMARIES_TABLE}`);
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

describe('the indexes of “Rappels over de termijn” (real PostgreSQL)', () => {
  it('reads the cases past their rappel’s last day, and those marked overdue, through their own indexes, list and count alike', async () => {
    const { recording, statements } = recordingDataSource(dataSource);
    const page = await new CaseReadModel(recording).worklist('rappels-overdue', {
      userId: 'vt-anna',
      organisationId: 'vt-1',
      mine: false,
      today: '2026-12-02',
      limit: 25,
      offset: 0,
      visible: (bind) => `municipality_key = any(${bind(['gemeente-0', 'gemeente-1'])}::text[])`,
      sort: { key: 'deadline', order: 'asc' },
      filters: {},
    });
    expect(page.total).toBeGreaterThan(0);
    const indexes = (await dataSource.query(`select indexname, indexdef from pg_indexes where tablename = $1`, [CASE_SUMMARIES_TABLE])) as {
      indexname: string;
      indexdef: string;
    }[];
    const byDeadline = indexes.filter((index) => /\(next_rappel_deadline_on\)/.test(index.indexdef));
    expect(byDeadline).toHaveLength(2);
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      const plan = await planOf(dataSource, statement);
      for (const index of byDeadline) expect(plan).toContain(index.indexname);
    }
  });
});
