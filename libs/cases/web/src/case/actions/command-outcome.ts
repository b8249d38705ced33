import type { CaseDetail } from '@ketenregie/contracts';
import { ApiError } from '@ketenregie/platform-web';
import { directorLabel, phaseLabel, receiverLabel, statusLabel } from '../../shared/labels';
import { t } from './i18n/t';

// How a command's answer reads to the user, apart from the components so it is checked without a browser.

/** The case as the user saw it when deciding; compared with the new state after a 412. */
export type SeenState = Pick<CaseDetail, 'version' | 'status' | 'phase' | 'director' | 'pendingHandover' | 'plan' | 'rappels'>;

export const versionOfEtag = (etag: string | undefined): number | undefined => {
  const match = etag ? /^(?:W\/)?"(\d+)"$/.exec(etag) : null;
  return match ? Number(match[1]) : undefined;
};

/** The user-facing text of a refusal that is not a conflict. */
export const refusalText = (error: unknown): string => {
  if (!(error instanceof ApiError)) return t('error.failed', { code: 'netwerk' });
  if (error.status >= 500) return t('error.failed', { code: error.status });
  if (error.status === 401) return t('error.session');
  // Never confirm that a case exists: also a relation that just ended (a withdrawn offer) reads so.
  if (error.status === 404) return t('error.notFound');
  return error.problem?.detail ?? error.problem?.title ?? t('error.failed', { code: error.status });
};

/** What changed between the state the user decided on and the case now, in words. */
export const changesSince = (seen: SeenState, now: SeenState): string[] => {
  const changes: string[] = [];
  if (seen.status !== now.status)
    changes.push(t('error.changedStatus', { before: statusLabel(seen.status), after: statusLabel(now.status) }));
  if (seen.phase !== now.phase) changes.push(t('error.changedPhase', { before: phaseLabel(seen.phase), after: phaseLabel(now.phase) }));
  const before = directorLabel(seen.director);
  const after = directorLabel(now.director);
  if (before !== after) changes.push(t('error.changedDirector', { before, after }));
  if (now.pendingHandover && now.pendingHandover.handoverId !== seen.pendingHandover?.handoverId)
    changes.push(t('error.changedHandoverNew', { receiver: receiverLabel(now.pendingHandover.to) }));
  else if (!now.pendingHandover && seen.pendingHandover) changes.push(t('error.changedHandoverGone'));
  if (JSON.stringify(seen.plan) !== JSON.stringify(now.plan)) changes.push(t('error.changedPlan'));
  if (JSON.stringify(seen.rappels) !== JSON.stringify(now.rappels)) changes.push(t('error.changedRappels'));
  if (changes.length === 0) changes.push(t('error.changedOther'));
  return changes;
};

/**
 * The `If-Match` a command goes with: none when it does not depend on the case's state (a signal);
 * after a 412 the newest version known, since the user has been shown that state; otherwise the
 * version (or ETag) the user read.
 */
export const ifMatchFor = (input: {
  pinVersion: boolean;
  subjectVersion: number;
  etag: string | undefined;
  conflictVersion: number | undefined;
}): string | undefined => {
  if (!input.pinVersion) return undefined;
  if (input.conflictVersion !== undefined && input.conflictVersion > input.subjectVersion) return `"${input.conflictVersion}"`;
  return input.etag ?? `"${input.subjectVersion}"`;
};
