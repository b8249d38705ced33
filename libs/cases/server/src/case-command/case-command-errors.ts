import type { StreamRevision } from '@ketenregie/event-store';

/** The stream has no events: there is no such case. */
export class CaseNotFound extends Error {
  override readonly name = 'CaseNotFound';
  constructor(readonly caseId: string) {
    super('Case not found');
  }
}

/** The client pinned a version (If-Match) and the case is at another one. */
export class CaseVersionMismatch extends Error {
  override readonly name = 'CaseVersionMismatch';
  constructor(
    readonly caseId: string,
    readonly actualVersion: StreamRevision | 'no_stream',
  ) {
    super(`Case is at version ${String(actualVersion)}`);
  }
}

/** Another writer won twice in a row, or a case to open already exists. */
export class CaseWriteConflict extends Error {
  override readonly name = 'CaseWriteConflict';
  constructor(
    readonly caseId: string,
    readonly actualVersion: StreamRevision | 'no_stream',
  ) {
    super(`Concurrent write on case, now at ${String(actualVersion)}`);
  }
}
