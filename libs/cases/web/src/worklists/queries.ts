import type { HandoverOfferItem, WorklistCounts, WorklistItem, WorklistName } from '@ketenregie/contracts';
import { handoverOfferPageSchema, worklistCountsSchema, worklistPageSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';
import { caseKeys } from '../shared/query-keys';
import type { WorklistTab } from './tabs';

export type Scope = 'all' | 'mine';

/** A row of any worklist tab; only the hand-over offers carry `handover`. */
export type WorklistRow = WorklistItem & { handover?: HandoverOfferItem['handover'] };

// A worklist refreshes itself: there is no push channel, and what needs attention changes as
// colleagues work. Half a minute keeps it current without flooding the access log.
const refreshEvery = 30_000;

/** The API's largest page: a tab holds what needs attention now, so a few pages at most. */
const pageSize = 100;

const fetchPage = (name: WorklistName, scope: Scope, page: number, signal: AbortSignal) =>
  name === 'handovers-offered'
    ? getJson(api(`/worklists/${name}`), handoverOfferPageSchema, { signal, query: { scope, page, pageSize, after: lastCheckpoint() } })
    : getJson(api(`/worklists/${name}`), worklistPageSchema, { signal, query: { scope, page, pageSize, after: lastCheckpoint() } });

const fetchCounts = (scope: Scope, signal?: AbortSignal): Promise<WorklistCounts> =>
  getJson(api('/worklists/counts'), worklistCountsSchema, { signal, query: { scope, after: lastCheckpoint() } });

/**
 * All rows of one worklist, its pages fetched together: `expected` (from the counts) says how many
 * pages to ask for at once, and the first page's total fetches any that a case added since.
 */
const fetchWholeList = async (name: WorklistName, scope: Scope, expected: number, signal: AbortSignal): Promise<WorklistRow[]> => {
  const guessed = Math.max(1, Math.ceil(expected / pageSize));
  const pages = await Promise.all(Array.from({ length: guessed }, (_, index) => fetchPage(name, scope, index + 1, signal)));
  const needed = Math.ceil((pages[0]?.total ?? 0) / pageSize);
  const more = await Promise.all(
    Array.from({ length: Math.max(0, needed - guessed) }, (_, index) => fetchPage(name, scope, guessed + index + 1, signal)),
  );
  return [...pages, ...more].flatMap((page) => page.items as WorklistRow[]);
};

/**
 * A tab's rows: its lists one after the other (overdue first), each case once. Sorting and
 * filtering then work on the whole list, not on one page of it. The counts come first (they log
 * nothing and answer fast), so every page is asked for at the same time.
 */
export const fetchTabRows = async (tab: WorklistTab, scope: Scope, signal: AbortSignal): Promise<WorklistRow[]> => {
  const counts = await fetchCounts(scope, signal);
  const lists = await Promise.all(tab.lists.map((name) => fetchWholeList(name, scope, counts[name], signal)));
  const seen = new Set<string>();
  return lists.flat().filter((row) => !seen.has(row.caseId) && seen.add(row.caseId));
};

export const worklistTabQueryOptions = (tab: WorklistTab, scope: Scope) =>
  queryOptions({
    queryKey: caseKeys.worklist(tab.slug, { scope }),
    queryFn: ({ signal }) => fetchTabRows(tab, scope, signal),
    refetchInterval: refreshEvery,
    refetchOnWindowFocus: true,
  });

export const worklistCountsQueryOptions = (scope: Scope) =>
  queryOptions({
    queryKey: caseKeys.worklist('counts', { scope }),
    queryFn: ({ signal }) => fetchCounts(scope, signal),
    refetchInterval: refreshEvery,
    refetchOnWindowFocus: true,
  });
