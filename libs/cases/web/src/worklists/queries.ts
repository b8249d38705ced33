import type { HandoverOfferItem, WorklistItem, WorklistName } from '@ketenregie/contracts';
import { handoverOfferPageSchema, worklistCountsSchema, worklistFacetsSchema, worklistPageSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';
import { caseKeys } from '../shared/query-keys';
import type { filterQuery, pageQuery } from './list-state';

/** A row of any worklist tab; only the hand-over offers carry `handover`. */
export type WorklistRow = WorklistItem & { handover?: HandoverOfferItem['handover'] };

export type WorklistRows = { items: WorklistRow[]; total: number };

type Filters = ReturnType<typeof filterQuery>;
type PageQuery = ReturnType<typeof pageQuery>;

// A worklist refreshes itself: there is no push channel, and what needs attention changes as
// colleagues work. Only the counts are polled: they name no family and log nothing, while every
// list read is an access-log entry per family it shows. The page is fetched again when the counts
// change, when the window gets focus again and after the user's own commands (by invalidation).
const refreshEvery = 30_000;

/** One page of one worklist, sorted and filtered by the API. */
export const worklistPageQueryOptions = (list: WorklistName, query: PageQuery) =>
  queryOptions({
    queryKey: caseKeys.worklist(list, query),
    queryFn: async ({ signal }): Promise<WorklistRows> => {
      const options = { signal, query: { ...query, after: lastCheckpoint() } };
      const page =
        list === 'handovers-offered'
          ? await getJson(api(`/worklists/${list}`), handoverOfferPageSchema, options)
          : await getJson(api(`/worklists/${list}`), worklistPageSchema, options);
      return { items: page.items, total: page.total };
    },
    refetchOnWindowFocus: true,
  });

/** How many cases each list holds with these filters: the tab counts, and the refresh signal. */
export const worklistCountsQueryOptions = (filters: Filters) =>
  queryOptions({
    queryKey: caseKeys.worklist('counts', filters),
    queryFn: ({ signal }) =>
      getJson(api('/worklists/counts'), worklistCountsSchema, { signal, query: { ...filters, after: lastCheckpoint() } }),
    refetchInterval: refreshEvery,
    refetchOnWindowFocus: true,
  });

/** The municipalities and statuses a list holds: the options of its filter chips. */
export const worklistFacetsQueryOptions = (list: WorklistName, scope: Filters['scope']) =>
  queryOptions({
    queryKey: caseKeys.worklist('facets', { list, scope }),
    queryFn: ({ signal }) =>
      getJson(api('/worklists/facets'), worklistFacetsSchema, { signal, query: { list, scope, after: lastCheckpoint() } }),
    refetchOnWindowFocus: true,
  });
