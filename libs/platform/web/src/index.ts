export type { AnswerParser, QueryParams, SendOptions } from './api-client';
export {
  api,
  ApiError,
  beginSignOut,
  getJson,
  getJsonWithEtag,
  notifySessionEnded,
  onUnauthorized,
  sendJson,
  setCsrfToken,
  withQuery,
} from './api-client';
export { asProblem } from './problem';
export type { SessionExpiry, SessionTimesAnswer } from './session-expiry';
export { sessionExpiry, subscribeSessionExpiry } from './session-expiry';
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
export { forgetCheckpoint, lastCheckpoint, rememberCheckpoint } from './checkpoint';
export { useIdempotencyKey } from './idempotency';
export { usePageTitle } from './page';
export { getSession, parseAuthSession, sessionQueryKey, sessionQueryOptions, signIn, signOut, useSignedInUser } from './session';
