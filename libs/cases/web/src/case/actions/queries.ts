import { organisationPeopleSchema } from '@ketenregie/contracts';
import { api, getJson } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';

/**
 * The professionals of an organisation the user may hand a case over to (or their own): its name
 * and kind for the command body, and the people to offer the case to by name. A 404 means the
 * organisation is unknown or not the user's to hand over to; asking again does not change that.
 */
export const organisationPeopleQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: ['organisations', organisationId, 'people'] as const,
    queryFn: ({ signal }) =>
      getJson(api(`/organisations/${encodeURIComponent(organisationId)}/people`), organisationPeopleSchema, { signal }),
    enabled: organisationId.length > 0,
    retry: false,
    staleTime: 5 * 60_000,
  });
