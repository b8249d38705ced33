import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { CASE_SUMMARIES_TABLE, caseSummaries } from '../projections/case-summaries';
import { insertInventedRegisterRows } from '../queries/testing/invented-register-rows';
import { planOf, recordingDataSource } from '../queries/testing/recording-data-source';
import { CasesFamilyDataEraser } from './cases-family-data-eraser';
import { ERASED_FAMILIES_TABLE, erasedFamiliesDdl } from './erased-families';

// How the hourly retention run finds the families to erase: a register of years of erased history,
// open cases and recent closures, with a handful of families whose last case closed more than the
// retention ago. It must reach those through the index of closed cases whose family still has its
// data, not by grouping the whole register by family. Invented rows; no case data is needed.

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('retention_index');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
  for (const statement of caseSummaries.createTable(CASE_SUMMARIES_TABLE)) await dataSource.query(statement);
  for (const statement of erasedFamiliesDdl) await dataSource.query(statement);
  // 20,000 cases: nine in ten closed in 2000-2008 and erased since, the rest open or closed in
  // 2025; cases 19,997 to 20,000 closed in 2004 and not erased; case 19,994 is a later case of
  // the family of 19,996, closed in 2025, so that family is not past retention.
  const invented: Record<string, string> = {
    case_id: `'case-' || n`,
    family_id: `case when n = 19994 then 'family-19996' else 'family-' || n end`,
    status: `case when n > 19995 or n = 19994 or n % 10 <> 0 or n % 20 = 0 then 'closed' else 'in-follow-up' end`,
    last_closed_on: `case when n > 19995 then date '2004-05-05' when n = 19994 then date '2025-06-01'
      when n % 20 = 0 then date '2025-01-01' + (n % 300) when n % 10 <> 0 then date '2000-01-01' + (n % 3000) end`,
    family_erased: `n <= 19995 and n <> 19994 and n % 10 <> 0`,
  };
  await insertInventedRegisterRows(dataSource, 20000, invented);
  await dataSource.query(
    `insert into ${ERASED_FAMILIES_TABLE} (family_id, erased_at, reason)
     select 'family-' || n, now(), 'retention-expired' from generate_series(1, 19995) as n where n <> 19994 and n % 10 <> 0`,
  );
  await dataSource.query(`analyze ${CASE_SUMMARIES_TABLE}`);
  await dataSource.query(`analyze ${ERASED_FAMILIES_TABLE}`);
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

describe('the index of the retention run (real PostgreSQL)', () => {
  it('finds the families past retention through the closed cases whose family still has its data', async () => {
    const { recording, statements } = recordingDataSource(dataSource);
    const families = await new CasesFamilyDataEraser(recording).familiesPastRetention('2006-12-02', 100);
    expect(families).toEqual(['family-19997', 'family-19998', 'family-19999', 'family-20000']);

    const indexes = (await dataSource.query(`select indexname, indexdef from pg_indexes where tablename = $1`, [CASE_SUMMARIES_TABLE])) as {
      indexname: string;
      indexdef: string;
    }[];
    const retention = indexes.filter((index) => /\(last_closed_on\)/.test(index.indexdef));
    expect(retention).toHaveLength(1);
    expect(statements).toHaveLength(1);
    const plan = await planOf(dataSource, statements[0]);
    expect(plan).toContain(retention[0].indexname);
    // Neither the register nor the erased families are read whole, whatever the statistics say.
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
