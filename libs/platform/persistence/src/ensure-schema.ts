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

export type GuardTrigger = {
  name: string;
  table: string;
  /** e.g. `before update or delete` (fired per row) or `before truncate` (fired per statement). */
  event: string;
  forEach: 'row' | 'statement';
  /** A trigger function that raises to refuse the change. */
  execute: string;
};

/**
 * DDL creating a trigger that guards an append-only table, once. `enable always` keeps it firing
 * in replica mode too (`session_replication_role = replica` would otherwise switch it off).
 */
export const guardTriggerStatement = (triggers: readonly GuardTrigger[]): string =>
  `do $$
  begin
${triggers
  .map(
    (
      trigger,
    ) => `    if not exists (select 1 from pg_trigger where tgname = '${trigger.name}' and tgrelid = '${trigger.table}'::regclass) then
      create trigger ${trigger.name} ${trigger.event} on ${trigger.table}
        for each ${trigger.forEach} execute function ${trigger.execute}();
      alter table ${trigger.table} enable always trigger ${trigger.name};
    end if;`,
  )
  .join('\n')}
  end $$`;
