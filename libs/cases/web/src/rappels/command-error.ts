import { ApiError } from '@ketenregie/platform-web';
import { t } from './i18n/t';

export type CommandFailure = { kind: 'conflict' } | { kind: 'message'; text: string };

/**
 * What the user reads when an outcome could not be recorded: a concurrent change (412) gets its own
 * state with a way to redo; refusals show the API's Dutch detail; a server fault says nothing was saved.
 */
export const commandFailure = (error: unknown): CommandFailure => {
  if (!(error instanceof ApiError)) return { kind: 'message', text: t('errors.network') };
  if (error.status === 412) return { kind: 'conflict' };
  if (error.status >= 500) return { kind: 'message', text: t('errors.server', { code: String(error.status) }) };
  return { kind: 'message', text: error.problem?.detail ?? t('errors.server', { code: String(error.status) }) };
};
