import type { AuthSession, SignInBody, SignedInUser } from '@ketenregie/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AnswerParser } from './api-client';
import { api, ApiError, getJson, sendJson, setCsrfToken } from './api-client';
import { forgetSessionTimes, noteSessionTimes } from './session-expiry';

export const sessionQueryKey = ['auth', 'session'] as const;

const roles: ReadonlySet<string> = new Set<SignedInUser['roles'][number]>([
  'veilig-thuis-professional',
  'team-sociaal-consultant',
  'chain-partner',
  'referrer',
  'policy-analyst',
  'privacy-officer',
  'administrator',
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The session answer (`authSessionSchema` of the contracts) checked by hand: the shell reads it
 * on every first load, and the schema library would otherwise be part of that load. The spec
 * holds the two to the same answers.
 */
export const parseAuthSession = (value: unknown): AuthSession => {
  const refuse = (): never => {
    throw new TypeError('Het sessie-antwoord van de server heeft niet de afgesproken vorm.');
  };
  if (!isObject(value) || !isObject(value.user)) return refuse();
  const { user, csrfToken, expiresAt, endsAt, idleTimeoutSeconds } = value;
  const { userId, displayName, organisationId, organisationName, roles: userRoles } = user as Record<string, unknown>;
  if (!isString(userId) || !isString(displayName) || !isString(organisationId) || !isString(organisationName)) return refuse();
  if (!Array.isArray(userRoles) || !userRoles.every((role) => isString(role) && roles.has(role))) return refuse();
  if (!isString(csrfToken) || !isString(expiresAt) || !isString(endsAt)) return refuse();
  if (typeof idleTimeoutSeconds !== 'number' || !Number.isInteger(idleTimeoutSeconds) || idleTimeoutSeconds <= 0) return refuse();
  return {
    user: { userId, displayName, organisationId, organisationName, roles: userRoles as SignedInUser['roles'] },
    csrfToken,
    expiresAt,
    endsAt,
    idleTimeoutSeconds,
  };
};

const authSessionParser: AnswerParser<AuthSession> = { parse: parseAuthSession };
const noAnswer: AnswerParser<undefined> = { parse: () => undefined };

const started = (session: AuthSession): AuthSession => {
  setCsrfToken(session.csrfToken);
  noteSessionTimes(session);
  return session;
};

/** The signed-in user, or `null` when there is no session (401 is an answer here, not a failure). */
export const getSession = async (signal?: AbortSignal): Promise<AuthSession | null> => {
  try {
    return started(await getJson(api('/auth/session'), authSessionParser, { signal }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      forgetSessionTimes();
      return null;
    }
    throw error;
  }
};

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => getSession(signal),
    staleTime: 60_000,
    // Back at the tab after the session ended, an answer "no session" would swap the page for the
    // sign-in page and lose what was typed; the first call of the page answers 401 instead, and
    // the sign-in dialog opens over it.
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export const signIn = async (body: SignInBody): Promise<AuthSession> =>
  started(await sendJson({ path: api('/auth/sign-in'), body, schema: authSessionParser }));

export const signOut = async (): Promise<void> => {
  await sendJson({ path: api('/auth/sign-out'), schema: noAnswer });
  setCsrfToken(undefined);
  forgetSessionTimes();
};

/** The signed-in user; only for pages behind the session guard, which renders them only with a user. */
export const useSignedInUser = (): SignedInUser => {
  const { data } = useQuery(sessionQueryOptions());
  if (!data) throw new Error('useSignedInUser buiten een aangemelde pagina');
  return data.user;
};
