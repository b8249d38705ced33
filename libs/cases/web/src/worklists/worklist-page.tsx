import type { WorklistCounts } from '@ketenregie/contracts';
import { usePageTitle, useSignedInUser } from '@ketenregie/platform-web';
import { Alert, Button, Heading1, Paragraph, useAnnounce } from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Navigate, NavLink, useParams, useSearchParams } from 'react-router-dom';
import { statusLabel } from '../shared/labels';
import { t } from './i18n/t';
import type { ListState } from './list-state';
import {
  filterQuery,
  filtersOnly,
  hasFilters,
  newRowCount,
  pageQuery,
  readListState,
  rowsPerPage,
  withChange,
  writeListState,
} from './list-state';
import { worklistCountsQueryOptions, worklistFacetsQueryOptions, worklistPageQueryOptions } from './queries';
import type { WorklistTab } from './tabs';
import { startTabFor, tabCount, tabLabelKey, tabsFor } from './tabs';
import { WorklistTable } from './worklist-table';

/** `/werkvoorraad`: the role's start tab. */
export const WorklistRedirect = () => {
  const user = useSignedInUser();
  const start = startTabFor(user.roles);
  return <Navigate to={start ? `/werkvoorraad/${start}` : '/'} replace />;
};

/** The tab links with their counts; each keeps the chosen filters, as the counts do. */
const TabLinks = ({ tabs, counts, search }: { tabs: WorklistTab[]; counts: WorklistCounts | undefined; search: string }) => (
  <nav aria-label={t('tabs.label')}>
    <ul className="ketenregie-tab-links">
      {tabs.map((tab) => {
        const label = t(tabLabelKey(tab));
        const counted = counts ? tabCount(tab, counts) : undefined;
        const text = !counted
          ? label
          : counted.overdue
            ? t('tab.countWithOverdue', { label, count: counted.count, overdue: counted.overdue })
            : t('tab.count', { label, count: counted.count });
        return (
          <li key={tab.slug}>
            <NavLink to={{ pathname: `/werkvoorraad/${tab.slug}`, search }}>{text}</NavLink>
          </li>
        );
      })}
    </ul>
  </nav>
);

type ChipProps = { pressed: boolean; onToggle: () => void; children: string };

const Chip = ({ pressed, onToggle, children }: ChipProps) => (
  <button type="button" className="ketenregie-chip" aria-pressed={pressed} onClick={onToggle}>
    {children}
  </button>
);

export const WorklistPage = () => {
  const user = useSignedInUser();
  const { tab: slug } = useParams();
  const tabs = tabsFor(user.roles);
  const tab = tabs.find((candidate) => candidate.slug === slug);
  const start = startTabFor(user.roles);
  if (!tab) return <Navigate to={start ? `/werkvoorraad/${start}` : '/'} replace />;
  return <WorklistTabPage key={tab.slug} tab={tab} tabs={tabs} />;
};

const WorklistTabPage = ({ tab, tabs }: { tab: WorklistTab; tabs: WorklistTab[] }) => {
  const tabLabel = t(tabLabelKey(tab));
  usePageTitle(`${t('page.title')}: ${tabLabel}`);
  const [params, setParams] = useSearchParams();
  const state = readListState(params);
  const ownCasesOnly = tab.slug === 'mijn-casussen';
  const filters = filterQuery(state, ownCasesOnly);
  const query = pageQuery(state, ownCasesOnly);
  const counts = useQuery(worklistCountsQueryOptions(filters));
  const list = useQuery(worklistPageQueryOptions(tab.list, query));
  const facets = useQuery(worklistFacetsQueryOptions(tab.list, filters.scope));
  const announce = useAnnounce();
  const chips = useRef<HTMLDivElement>(null);

  // The counts are polled (they log nothing); the page, which logs each family it shows, is asked
  // for again only when they changed. Counts keep their object while equal, so this runs on a change.
  const { refetch } = list;
  const countedBefore = useRef<{ key: string; counts: WorklistCounts } | undefined>(undefined);
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    if (!counts.data) return;
    const before = countedBefore.current;
    countedBefore.current = { key: filtersKey, counts: counts.data };
    if (before && before.key === filtersKey && before.counts !== counts.data) void refetch();
  }, [counts.data, filtersKey, refetch]);

  // "Lijst bijgewerkt: 2 nieuw" when a refresh brings rows that were not there; never on the
  // first load or after changing the selection (that is the user's own doing).
  const seen = useRef<{ key: string; ids: string[] } | undefined>(undefined);
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    if (!list.data) return;
    const ids = list.data.items.map((row) => row.caseId);
    const before = seen.current;
    seen.current = { key: queryKey, ids };
    if (!before || before.key !== queryKey) return;
    const added = newRowCount(before.ids, ids);
    if (added > 0) announce(t('updated', { count: added }));
  }, [list.data, queryKey, announce]);

  const update = (next: ListState) => setParams(writeListState(next));

  // A page past the end (the list got shorter since the link was made): the last page there is.
  const total = list.data?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / rowsPerPage));
  const pastTheEnd = list.data !== undefined && list.data.items.length === 0 && state.page > lastPage;
  const municipalities = [...new Set([...(facets.data?.municipalities ?? []), ...(state.municipality ? [state.municipality] : [])])];
  const statuses = [...new Set([...(facets.data?.statuses ?? []), ...(state.status ? [state.status] : [])])];

  if (pastTheEnd) return <Navigate to={`?${writeListState({ ...state, page: lastPage }).toString()}`} replace />;

  return (
    <div className="ketenregie-worklist">
      <Heading1>{t('page.title')}</Heading1>
      <TabLinks tabs={tabs} counts={counts.data} search={filtersOnly(state).toString()} />
      <div role="group" aria-label={t('filters.label')} className="ketenregie-chips" ref={chips}>
        {tab.slug !== 'mijn-casussen' && (
          <Chip pressed={state.mine} onToggle={() => update(withChange(state, { mine: !state.mine }))}>
            {tab.offers ? t('filters.mineOffers') : t('filters.mine')}
          </Chip>
        )}
        {municipalities.length > 1 || state.municipality
          ? municipalities.map((municipality) => (
              <Chip
                key={`m-${municipality}`}
                pressed={state.municipality === municipality}
                onToggle={() => update(withChange(state, { municipality: state.municipality === municipality ? undefined : municipality }))}
              >
                {`${t('filters.municipality')}: ${municipality}`}
              </Chip>
            ))
          : null}
        {statuses.length > 1 || state.status
          ? statuses.map((status) => (
              <Chip
                key={`s-${status}`}
                pressed={state.status === status}
                onToggle={() => update(withChange(state, { status: state.status === status ? undefined : status }))}
              >
                {`${t('filters.status')}: ${statusLabel(status)}`}
              </Chip>
            ))
          : null}
        {hasFilters(state) && (
          <Button
            appearance="subtle-button"
            onClick={() => {
              update(withChange(state, { municipality: undefined, status: undefined, mine: false }));
              // The button goes away with the filters; focus stays among the filters, not lost on the page.
              chips.current?.querySelector('button')?.focus();
            }}
          >
            {t('filters.clear')}
          </Button>
        )}
      </div>

      {list.isError && !list.data ? (
        <Alert type="error" role="alert">
          <Paragraph>
            <strong>{t('error.title')}</strong>
          </Paragraph>
          <Paragraph>{t('error.body')}</Paragraph>
          <Button appearance="secondary-action-button" busy={list.isFetching} onClick={() => void list.refetch()}>
            {t('error.retry')}
          </Button>
        </Alert>
      ) : (
        <WorklistTable tab={tab} rows={list.data} filtered={hasFilters(state)} state={state} onChange={update} />
      )}
    </div>
  );
};
