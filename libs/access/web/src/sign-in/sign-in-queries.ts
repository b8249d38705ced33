import { demoAccountsSchema, signInOptionsSchema } from '@ketenregie/contracts';
import { api, getJson } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';

const signInKeys = {
  options: ['auth', 'sign-in-options'] as const,
  demoAccounts: ['auth', 'demo-accounts'] as const,
};

/** What this installation offers on the sign-in page: set at the server's start, so read once per visit. */
export const signInOptionsQueryOptions = () =>
  queryOptions({
    queryKey: signInKeys.options,
    queryFn: ({ signal }) => getJson(api('/auth/sign-in-options'), signInOptionsSchema, { signal }),
    staleTime: Infinity,
  });

/** Asked only when the options say the demo region is on: with it off the list does not exist. */
export const demoAccountsQueryOptions = () =>
  queryOptions({
    queryKey: signInKeys.demoAccounts,
    queryFn: ({ signal }) => getJson(api('/auth/demo-accounts'), demoAccountsSchema, { signal }),
    staleTime: Infinity,
  });
