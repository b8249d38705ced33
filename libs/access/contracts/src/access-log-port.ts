import type { SqlCompanion, SqlTransaction } from '@ketenregie/kernel';

/**
 * The port through which every context records a read or change of a family's data in the
 * NEN 7513 access log. The access context implements it; other contexts inject it by the token and
 * await `record` BEFORE they send the data or execute the change: when the entry cannot be
 * written, the request fails and nothing is served ("no data without its entry").
 *
 * Values are validated by the implementation (the log is evidence and refuses malformed entries);
 * the string unions live in the access domain (`accessActions`, `legalBases`).
 */
export type AccessLogRecord = {
  subjectType: 'family' | 'case';
  subjectId: string;
  /** The family the case belongs to, so a family's export finds the entry. */
  familyId?: string;
  actor: { userId: string; organisationId: string; role?: string };
  onBehalfOf?: { userId: string; organisationId: string; role?: string };
  /** read, create, update, erase, export, search or disclose (sent to someone outside the platform). */
  action: string;
  /** One of the access domain's legal bases. */
  legalBasis: string;
  /** Break-the-glass: access outside the user's relation, with the stated reason. */
  emergency?: { reason: string };
  requestId: string;
  /** HTTP method and route template (`GET /api/v1/cases/:caseId`), never the concrete URL. */
  route: string;
  /**
   * What a command came to, when the entry is written once it is known: unchanged, refused,
   * conflict, replayed or failed (one of the access log's outcomes). A change gets its entry
   * before it is stored, through `recordPending`.
   */
  outcome?: string;
};

/** An entry written before a change; `complete` records what the change came to. */
export type PendingAccessEntry = {
  /**
   * Appends the entry's completion (changed, refused, conflict, replayed or failed), linked to it.
   * Resolves once written; the change itself never waits for it.
   */
  complete(outcome: string): Promise<void>;
};

export type AccessLogPort = {
  record(entry: AccessLogRecord): Promise<void>;
  /** Several entries for one response (e.g. a list showing several families), written together. */
  recordAll(entries: readonly AccessLogRecord[]): Promise<void>;
  /**
   * The entry of a change, written (outcome `pending`) before the change is stored: resolves once
   * it is committed, so the caller stores the change only then, and completes it afterwards.
   */
  recordPending(entry: AccessLogRecord): Promise<PendingAccessEntry>;
  /**
   * The entry of a change, written in the change's own PostgreSQL transaction (same database as the
   * log): it commits with the change or not at all. It locks the chain head until that commit, so
   * write it as the transaction's last statement.
   */
  recordWithin(transaction: SqlTransaction, entry: AccessLogRecord): Promise<void>;
  /**
   * As `recordWithin`, written by the change's own statement (`SqlCompanion`): the chain head is
   * locked only while PostgreSQL runs that statement. Validates the entry now (throws when it is
   * malformed) and refuses once the log is closing.
   */
  companionOf?(entry: AccessLogRecord): SqlCompanion;
};

export const ACCESS_LOG = 'ketenregie:access-log';
