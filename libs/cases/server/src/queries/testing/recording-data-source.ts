import type { DataSource } from 'typeorm';

export type RecordedStatement = { sql: string; parameters: unknown[] };

/**
 * The data source as the read model uses it, with every statement it sends kept in `statements`:
 * a spec can then ask PostgreSQL how it plans exactly what the code sent.
 */
export const recordingDataSource = (dataSource: DataSource): { recording: DataSource; statements: RecordedStatement[] } => {
  const statements: RecordedStatement[] = [];
  const recording = Object.create(dataSource) as DataSource;
  recording.query = (async (sql: string, parameters?: unknown[]) => {
    statements.push({ sql, parameters: parameters ?? [] });
    return dataSource.query(sql, parameters);
  }) as DataSource['query'];
  return { recording, statements };
};

/** How PostgreSQL plans a recorded statement, as the text `explain` prints. */
export const planOf = async (
  runner: { query: (sql: string, parameters?: unknown[]) => Promise<unknown> },
  statement: RecordedStatement,
): Promise<string> =>
  ((await runner.query(`explain ${statement.sql}`, statement.parameters)) as { 'QUERY PLAN': string }[])
    .map((row) => row['QUERY PLAN'])
    .join('\n');
