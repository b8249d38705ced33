import type { EntityManager } from 'typeorm';

/**
 * The families whose personal data the cases read models must no longer hold. Not a projection
 * table: it survives rebuilds, so a rebuilt or late batch erases again what it would write.
 */
export const ERASED_FAMILIES_TABLE = 'cases_erased_families';

export const ERASED_FAMILIES_SCHEMA = 'cases-erasure';

export const erasedFamiliesDdl = [
  `create table if not exists ${ERASED_FAMILIES_TABLE} (
    family_id text primary key,
    erased_at timestamptz not null,
    reason text not null
  )`,
];

/** The same DDL as one statement list for a projection's `createTables`, under the schema lock `ensureSchema` takes. */
export const erasedFamiliesDdlLocked = [
  `select pg_advisory_xact_lock(hashtext('ketenregie:schema:${ERASED_FAMILIES_SCHEMA}'))`,
  ...erasedFamiliesDdl,
];

/** Which of these families were erased; one indexed lookup per projection batch. */
export const erasedFamilyIds = async (manager: Pick<EntityManager, 'query'>, familyIds: readonly string[]): Promise<Set<string>> => {
  if (familyIds.length === 0) return new Set();
  const rows = (await manager.query(`select family_id from ${ERASED_FAMILIES_TABLE} where family_id = any($1::text[])`, [
    [...new Set(familyIds)],
  ])) as { family_id: string }[];
  return new Set(rows.map((row) => row.family_id));
};
