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
  /** read, create, update, erase, export or search. */
  action: string;
  /** One of the access domain's legal bases. */
  legalBasis: string;
  /** Break-the-glass: access outside the user's relation, with the stated reason. */
  emergency?: { reason: string };
  requestId: string;
  /** HTTP method and route template (`GET /api/cases/:caseId`), never the concrete URL. */
  route: string;
};

export type AccessLogPort = {
  record(entry: AccessLogRecord): Promise<void>;
  /** Several entries for one response (e.g. a list showing several families), written together. */
  recordAll(entries: readonly AccessLogRecord[]): Promise<void>;
};

export const ACCESS_LOG = 'ketenregie:access-log';
