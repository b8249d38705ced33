import { usePageTitle, useSignedInUser } from '@ketenregie/platform-web';
import { Alert, Button, Heading1, Paragraph, useAnnounce } from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Navigate, NavLink, useParams, useSearchParams } from 'react-router-dom';
import { statusLabel } from '../shared/labels';
import { t } from './i18n/t';
import type { ListState } from './list-state';
import { hasFilters, newRowCount, readListState, withChange, writeListState } from './list-state';
import { worklistCountsQueryOptions, worklistTabQueryOptions } from './queries';
import type { WorklistTab } from './tabs';
import { startTabFor, tabCount, tabLabelKey, tabsFor } from './tabs';
import { WorklistTable } from './worklist-table';

/** `/werkvoorraad`: the role's start tab. */
export const WorklistRedirect = () => {
  const user = useSignedInUser();
  const start = startTabFor(user.roles);
  return <Navigate to={start ? `/werkvoorraad/${start}` : '/'} replace />;
};

const TabLinks = ({ tabs }: { tabs: WorklistTab[] }) => {
  const counts = useQuery(worklistCountsQueryOptions('all'));
  return (
    <nav aria-label={t('tabs.label')}>
      <ul className="ketenregie-tab-links">
        {tabs.map((tab) => {
          const label = t(tabLabelKey(tab));
          const counted = counts.data ? tabCount(tab, counts.data) : undefined;
          const text = !counted
            ? label
            : counted.overdue
              ? t('tab.countWithOverdue', { label, count: counted.count, overdue: counted.overdue })
              : t('tab.count', { label, count: counted.count });
          return (
            <li key={tab.slug}>
              <NavLink to={`/werkvoorraad/${tab.slug}`}>{text}</NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
};

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
  const scope = state.mine && tab.slug !== 'mijn-casussen' ? 'mine' : 'all';
  const list = useQuery(worklistTabQueryOptions(tab, scope));
  const announce = useAnnounce();
  const chips = useRef<HTMLDivElement>(null);

  // "Lijst bijgewerkt: 2 nieuw" when a refresh brings rows that were not there; never on the
  // first load or after changing the selection (that is the user's own doing).
  const seen = useRef<{ scope: string; ids: string[] } | undefined>(undefined);
  useEffect(() => {
    if (!list.data) return;
    const ids = list.data.map((row) => row.caseId);
    const before = seen.current;
    seen.current = { scope, ids };
    if (!before || before.scope !== scope) return;
    const added = newRowCount(before.ids, ids);
    if (added > 0) announce(t('updated', { count: added }));
  }, [list.data, scope, announce]);

  const update = (next: ListState) => setParams(writeListState(next));
  const rows = list.data ?? [];
  const municipalities = [...new Set([...rows.map((row) => row.municipality), ...(state.municipality ? [state.municipality] : [])])].sort();
  const statuses = [...new Set([...rows.map((row) => row.status), ...(state.status ? [state.status] : [])])];

  return (
    <div className="ketenregie-worklist">
      <Heading1>{t('page.title')}</Heading1>
      <TabLinks tabs={tabs} />
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
        <WorklistTable tab={tab} rows={list.data} state={state} onChange={update} />
      )}
    </div>
  );
};
