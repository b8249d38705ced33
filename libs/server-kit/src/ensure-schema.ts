import type { DataSource } from 'typeorm';

/**
 * Runs idempotent DDL (`create table if not exists` ...) once per name across processes. Two
 * processes starting on a fresh database would otherwise race inside PostgreSQL's catalog, and
 * `if not exists` does not protect against that: one of them fails on pg_type's unique index.
 */
export const ensureSchema = async (dataSource: DataSource, name: string, statements: string[]): Promise<void> => {
  await dataSource.transaction(async (manager) => {
    await manager.query('select pg_advisory_xact_lock(hashtext($1))', [`ketenregie:schema:${name}`]);
    for (const statement of statements) await manager.query(statement);
  });
};
