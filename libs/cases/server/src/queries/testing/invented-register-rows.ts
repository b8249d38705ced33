import type { DataSource } from 'typeorm';
import { CASE_SUMMARIES_TABLE, caseSummaries } from '../../projections/case-summaries';

/** Every column not invented: null where it may be, else a neutral value of its type. */
const neutral: Record<string, string> = {
  text: `''`,
  integer: '0',
  boolean: 'false',
  date: `date '2026-01-01'`,
  timestamptz: 'now()',
  'text[]': `'{}'`,
  jsonb: `'{}'::jsonb`,
};

/**
 * Fills the case register with `count` invented rows, numbered `n` from 1: `invented` gives a SQL
 * expression in `n` for the columns a plan depends on. No case data is needed to ask PostgreSQL
 * how it plans a query; statistics over realistic proportions are.
 */
export const insertInventedRegisterRows = async (
  dataSource: DataSource,
  count: number,
  invented: Record<string, string>,
): Promise<void> => {
  const names = caseSummaries.columnNames;
  const values = names.map((name) => {
    const declared = caseSummaries.columns[name];
    return invented[name] ?? (declared.nullable ? 'null' : neutral[declared.sql]);
  });
  await dataSource.query(
    `insert into ${CASE_SUMMARIES_TABLE} (${names.map((name) => `"${name}"`).join(', ')})
     select ${values.join(', ')} from generate_series(1, ${count}) as n`,
  );
};
