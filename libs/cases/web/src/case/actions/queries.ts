import { handoverTargetsSchema, organisationListSchema, organisationPeopleSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';
import { caseKeys } from '../../shared/query-keys';

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

/**
 * The organisations the user may offer this case to now, by name. Under the case's key: they change
 * with the case's state (a route chosen, a hand-over accepted), so a command refreshes them too.
 */
export const handoverTargetsQueryOptions = (caseId: string) =>
  queryOptions({
    queryKey: [...caseKeys.case(caseId), 'handover-targets'] as const,
    queryFn: ({ signal }) =>
      getJson(api(`/cases/${encodeURIComponent(caseId)}/handover-targets`), handoverTargetsSchema, {
        signal,
        query: { after: lastCheckpoint() },
      }),
  });

/** The chain partners in the region's directory, by name: what a director may involve in a case. */
export const chainPartnerOrganisationsQueryOptions = () =>
  queryOptions({
    queryKey: ['organisations', 'chain-partner'] as const,
    queryFn: ({ signal }) => getJson(api('/organisations'), organisationListSchema, { signal, query: { kind: 'chain-partner' } }),
    staleTime: 5 * 60_000,
  });
