/**
 * A statement runner inside an open PostgreSQL transaction (a `pg` client in it fits). A type only:
 * ports of several contexts take one so their writes can commit with an append, without importing
 * the storage libraries that implement it.
 */
export type SqlTransaction = {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  /**
   * The transaction's last statement with its commit sent right behind it, so that no round trip
   * to the process lies between the two while the statement's locks are held. Offered by an owner
   * that commits the transaction anyway; nothing may follow it. A failing statement turns the
   * commit into a rollback and rejects.
   */
  queryAndCommit?(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
};

/**
 * Writes that commit in the very statement of an append (PostgreSQL): one round trip and one
 * implicit transaction for the events and these rows, so no lock any of them takes is held across
 * a round trip to the process. `ctes` are `name as (...)` common table expressions, comma-separated,
 * with their own `$1`, `$2`... (`values`); they see the append as `append_result (next_version
 * float8, checkpoint text)`, which holds one row when the events were inserted and none otherwise,
 * and must write nothing without it. `check`, when given, is a CTE whose first column is evaluated
 * once the events are in: a statement that fails there (e.g. `1 / 0`) rolls the whole append back.
 */
export type SqlCompanion = { ctes: string; values: unknown[]; check?: string };

/**
 * A write that travels with a read (PostgreSQL): `ctes` as in `SqlCompanion`, run in the read's
 * own statement, and `result`, the CTE whose one row comes back with what was read.
 */
export type SqlReadCompanion = { ctes: string; values: unknown[]; result: string };
