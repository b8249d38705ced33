import { accessReviewLegalBasis } from '@ketenregie/access-domain';
import type { AccessLogRecord } from '@ketenregie/access-contracts';
import type { AccessActor, AccessLogEntry } from './access-log-entry';
import type { AccessLogFilter } from './access-log-search';

export type ReviewRequest = { actor: AccessActor; requestId: string; route: string };

const read = (request: ReviewRequest, subject: Pick<AccessLogRecord, 'subjectType' | 'subjectId' | 'familyId'>): AccessLogRecord => ({
  ...subject,
  actor: request.actor,
  action: 'read',
  legalBasis: accessReviewLegalBasis,
  requestId: request.requestId,
  route: request.route,
});

/**
 * What a page of the log search reveals, as log entries: one read per family on the page (its
 * export then shows that the privacy officer looked), one per case the log knows no family of,
 * and the family or case searched for even when the page is empty, since "nothing here" is also
 * something learned about them. A search on a user alone that finds nothing reveals no family.
 */
export const readsOfLogPage = (entries: readonly AccessLogEntry[], filter: AccessLogFilter, request: ReviewRequest): AccessLogRecord[] => {
  const families = new Set<string>();
  const casesWithoutFamily = new Set<string>();
  const casesWithFamily = new Set<string>();
  if (filter.familyId !== undefined) families.add(filter.familyId);
  for (const entry of entries) {
    if (entry.familyId !== null) {
      families.add(entry.familyId);
      if (entry.subjectType === 'case') casesWithFamily.add(entry.subjectId);
    } else if (entry.subjectType === 'case') {
      casesWithoutFamily.add(entry.subjectId);
    }
  }
  if (filter.caseId !== undefined && !casesWithFamily.has(filter.caseId)) casesWithoutFamily.add(filter.caseId);
  return [
    ...[...families].map((familyId) => read(request, { subjectType: 'family', subjectId: familyId, familyId })),
    ...[...casesWithoutFamily].map((caseId) => read(request, { subjectType: 'case', subjectId: caseId })),
  ];
};

/** A page of break-the-glass grants shows each grant's case and the reason given for it. */
export const readsOfGrantPage = (caseIds: readonly string[], request: ReviewRequest): AccessLogRecord[] =>
  [...new Set(caseIds)].map((caseId) => read(request, { subjectType: 'case', subjectId: caseId }));
