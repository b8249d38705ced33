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
