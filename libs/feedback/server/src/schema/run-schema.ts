import type { Queryable } from '@ketenregie/event-store';

/**
 * Runs idempotent DDL once across processes. Two API processes starting on a fresh database race
 * inside PostgreSQL's catalog, and `if not exists` does not protect against that (one fails on
 * pg_type's unique index). One `do` block is one transaction on one connection, whatever the
 * `Queryable` is (a pool or a data source), so the advisory lock holds for exactly these statements.
 */
export const runSchemaOnce = async (db: Queryable, name: string, statements: readonly string[]): Promise<void> => {
  const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const body = statements.map((statement) => `  execute ${quoted(statement)};`).join('\n');
  await db.query(`do $ketenregie$
begin
  perform pg_advisory_xact_lock(hashtext(${quoted(`ketenregie:schema:${name}`)}));
${body}
end
$ketenregie$`);
};
