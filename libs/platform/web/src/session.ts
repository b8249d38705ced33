import type { AuthSession, SignInBody, SignedInUser } from '@ketenregie/contracts';
import { authSessionSchema } from '@ketenregie/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api, ApiError, getJson, sendJson, setCsrfToken } from './api-client';

export const sessionQueryKey = ['auth', 'session'] as const;

/** The signed-in user, or `null` when there is no session (401 is an answer here, not a failure). */
export const getSession = async (signal?: AbortSignal): Promise<AuthSession | null> => {
  try {
    const session = await getJson(api('/auth/session'), authSessionSchema, { signal });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
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
  });

export const signIn = async (body: SignInBody): Promise<AuthSession> => {
  const session = await sendJson({ path: api('/auth/sign-in'), body, schema: authSessionSchema });
  setCsrfToken(session.csrfToken);
  return session;
};

export const signOut = async (): Promise<void> => {
  await sendJson({ path: api('/auth/sign-out'), schema: z.unknown() });
  setCsrfToken(undefined);
};

/** The signed-in user; only for pages behind the session guard, which renders them only with a user. */
export const useSignedInUser = (): SignedInUser => {
  const { data } = useQuery(sessionQueryOptions());
  if (!data) throw new Error('useSignedInUser buiten een aangemelde pagina');
  return data.user;
};
