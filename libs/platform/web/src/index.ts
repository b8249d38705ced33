export type { QueryParams, SendOptions } from './api-client';
export { api, ApiError, getJson, getJsonWithEtag, onUnauthorized, sendJson, setCsrfToken, withQuery } from './api-client';
export { applyProblemToForm } from './forms';
export type { Locale, Params } from './i18n';
export {
  amsterdamToday,
  createTranslator,
  currentLocale,
  formatDate,
  formatDateTime,
  formatDay,
  formatNumber,
  formatTime,
  localeTags,
  setLocaleForTests,
  switchLocale,
} from './i18n';
export { lastCheckpoint, rememberCheckpoint } from './checkpoint';
export { useIdempotencyKey } from './idempotency';
export { usePageTitle } from './page';
export { getSession, sessionQueryKey, sessionQueryOptions, signIn, signOut, useSignedInUser } from './session';
