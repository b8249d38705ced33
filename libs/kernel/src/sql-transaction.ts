/**
 * A statement runner inside an open PostgreSQL transaction (a `pg` client in it fits). A type only:
 * ports of several contexts take one so their writes can commit with an append, without importing
 * the storage libraries that implement it.
 */
export type SqlTransaction = {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
};
