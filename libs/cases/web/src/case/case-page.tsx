import type { CaseDetail, TimelineKind } from '@ketenregie/contracts';
import { ApiError, formatDay, useSignedInUser, usePageTitle } from '@ketenregie/platform-web';
import { Alert, Heading1, Paragraph, SecondaryActionButton } from '@ketenregie/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { caseKeys } from '../shared/query-keys';
import { CaseActions } from './actions/case-actions';
import { PlanEditor } from './actions/plan-editor';
import { AsOfPicker } from './as-of-picker';
import { CaseHeader } from './case-header';
import type { CaseTab } from './case-words';
import { caseTabs, checkAsOf, knownNames, tabFromParam } from './case-words';
import { DeadlinesTab } from './deadlines-tab';
import { EmergencyAccessRequest, grantUntil } from './emergency-access';
import { FeedbackTab } from './feedback/feedback-tab';
import { SignalsPanel } from './feedback/signals-panel';
import { t } from './i18n/t';
import { OverviewTab } from './overview-tab';
import { PartnersTab } from './partners-tab';
import { caseDetailQueryOptions } from './queries';
import { isTimelineKind, Timeline } from './timeline';

const notFoundType = 'urn:ketenregie:problem:case.not-found';

/** The address of a view of the case: its tab, as-of day and timeline filter, the defaults left out. */
const viewSearch = (view: { tab: CaseTab; asOf?: string; kind?: TimelineKind }): string => {
  const params = new URLSearchParams();
  if (view.tab !== 'overzicht') params.set('tab', view.tab);
  if (view.asOf) params.set('asOf', view.asOf);
  if (view.kind && view.tab === 'tijdlijn') params.set('soort', view.kind);
  const search = params.toString();
  return search ? `?${search}` : '';
};

/** While a grant runs its banner stays; at its end the case is read again, which then answers 404. */
const useRefreshWhenGrantEnds = (caseId: string, expiresAt: string | undefined) => {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!expiresAt) return;
    const wait = Math.max(0, new Date(expiresAt).getTime() - Date.now()) + 1_000;
    // Timers longer than about 24 days overflow; a grant lasts hours.
    if (wait > 2 ** 31 - 1) return;
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: caseKeys.case(caseId) }), wait);
    return () => clearTimeout(timer);
  }, [caseId, expiresAt, queryClient]);
};

const NotFound = ({ caseId, asOf, todayHref }: { caseId: string; asOf: string | undefined; todayHref: string }) => {
  const user = useSignedInUser();
  usePageTitle(t('notFound.title'));
  const mayBreakTheGlass = user.roles.includes('veilig-thuis-professional');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.id === 'main') heading.current?.focus();
  }, []);
  return (
    <div className="ketenregie-stack ketenregie-case-header">
      <Heading1 ref={heading} tabIndex={-1}>
        {t('notFound.title')}
      </Heading1>
      <Paragraph>{t('notFound.body')}</Paragraph>
      {mayBreakTheGlass ? <EmergencyAccessRequest caseId={caseId} /> : null}
      {asOf ? (
        <Paragraph>
          <Link to={todayHref}>{t('notYetOpened.back')}</Link>
        </Paragraph>
      ) : (
        <Paragraph>
          <Link to="/">{t('notFound.toWorklist')}</Link>
        </Paragraph>
      )}
    </div>
  );
};

const CaseView = ({
  detail,
  etag,
  tab,
  kind,
  asOf,
}: {
  detail: CaseDetail;
  etag: string | undefined;
  tab: CaseTab;
  kind?: TimelineKind;
  asOf?: string;
}) => {
  const [, setSearchParams] = useSearchParams();
  const names = useMemo(() => knownNames(detail), [detail]);
  const readOnly = Boolean(asOf);
  usePageTitle(t('page.title', { family: detail.familyLabel }));
  useRefreshWhenGrantEnds(detail.caseId, detail.emergencyAccess?.expiresAt);
  return (
    <div className="ketenregie-case">
      {detail.emergencyAccess ? (
        <div className="ketenregie-banner ketenregie-banner--emergency">
          <p>
            <strong>{t('emergency.banner', { until: grantUntil(detail.emergencyAccess.expiresAt) })}</strong> {t('emergency.bannerDetail')}
          </p>
        </div>
      ) : null}
      {asOf ? (
        <div className="ketenregie-banner ketenregie-banner--history">
          <p>{t('asOf.banner', { date: formatDay(asOf) })}</p>
        </div>
      ) : null}
      <CaseHeader detail={detail} />
      <SignalsPanel detail={detail} etag={etag} readOnly={readOnly} />
      <CaseActions detail={detail} etag={etag} readOnly={readOnly} />
      <AsOfPicker
        key={asOf ?? 'now'}
        asOf={asOf}
        todayHref={viewSearch({ tab, kind }) || '?'}
        onChoose={(day) => setSearchParams(new URLSearchParams(viewSearch({ tab, kind, asOf: day }).slice(1)))}
      />
      <nav aria-label={t('tabs.label')}>
        <ul className="ketenregie-tab-links">
          {caseTabs.map((item) => (
            <li key={item.slug}>
              <Link to={viewSearch({ tab: item.slug, asOf, kind })} aria-current={item.slug === tab ? 'page' : undefined} replace>
                {t(item.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="ketenregie-case__tab">
        {tab === 'overzicht' ? <OverviewTab detail={detail} names={names} /> : null}
        {tab === 'plan' ? <PlanEditor detail={detail} etag={etag} readOnly={readOnly} /> : null}
        {tab === 'tijdlijn' ? (
          <Timeline
            caseId={detail.caseId}
            names={names}
            kind={kind}
            asOf={asOf}
            onKindChange={(next) => setSearchParams(new URLSearchParams(viewSearch({ tab, asOf, kind: next }).slice(1)), { replace: true })}
          />
        ) : null}
        {tab === 'termijnen' ? <DeadlinesTab detail={detail} /> : null}
        {tab === 'ketenpartners' ? <PartnersTab detail={detail} etag={etag} readOnly={readOnly} /> : null}
        {tab === 'terugkoppeling' ? <FeedbackTab detail={detail} etag={etag} readOnly={readOnly} /> : null}
      </div>
    </div>
  );
};

/** `/casussen/:caseId`: one family's case, its plan, history and deadlines, now or as it was. */
export const CasePage = () => {
  const { caseId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const tab = tabFromParam(searchParams.get('tab'));
  const requestedAsOf = searchParams.get('asOf');
  // A malformed day in the address shows the case now rather than an error the user did not cause.
  const asOfCheck = requestedAsOf ? checkAsOf(requestedAsOf) : undefined;
  const asOf = asOfCheck?.ok ? asOfCheck.day : undefined;
  const soort = searchParams.get('soort');
  const kind = isTimelineKind(soort) ? soort : undefined;
  const query = useQuery(caseDetailQueryOptions(caseId, asOf));
  const isPending = query.isPending;
  usePageTitle(isPending ? t('page.loading') : undefined);
  if (isPending) {
    return (
      <p role="status" aria-busy="true">
        {t('page.loading')}
      </p>
    );
  }
  if (query.isError) {
    const error = query.error;
    if (error instanceof ApiError && error.status === 404) {
      if (asOf && error.problem?.type !== notFoundType) {
        // The case exists now but not yet on that day: the API said so only after access was decided.
        return (
          <div className="ketenregie-stack ketenregie-case-header">
            <Heading1 tabIndex={-1}>{t('notYetOpened.title', { date: formatDay(asOf) })}</Heading1>
            <Paragraph>{error.problem?.detail}</Paragraph>
            <Paragraph>
              <Link to={viewSearch({ tab, kind }) || '?'}>{t('notYetOpened.back')}</Link>
            </Paragraph>
          </div>
        );
      }
      return <NotFound caseId={caseId} asOf={asOf} todayHref={viewSearch({ tab, kind }) || '?'} />;
    }
    return (
      <Alert type="error">
        <Paragraph>{t('page.error')}</Paragraph>
        {error instanceof ApiError ? <Paragraph>{t('page.errorCode', { code: error.status })}</Paragraph> : null}
        <SecondaryActionButton type="button" onClick={() => void query.refetch()}>
          {t('page.retry')}
        </SecondaryActionButton>
      </Alert>
    );
  }
  return <CaseView detail={query.data.data} etag={asOf ? undefined : query.data.etag} tab={tab} kind={kind} asOf={asOf} />;
};
