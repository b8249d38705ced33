import { useQuery } from '@tanstack/react-query';
import { ApiError, usePageTitle } from '@ketenregie/platform-web';
import { Alert, Button, Heading1, Paragraph } from '@ketenregie/ui';
import { Link, useParams } from 'react-router-dom';
import { portalReportQueryOptions } from './api/portal-report';
import { t } from './i18n/t';
import { ToSignIn, useWithoutAnySession } from './portal-access';
import { ReportView } from './report-view';

/** One of the referrer's reports: its messages, the signals sent and a new signal. */
export const ReportPage = () => {
  const { reportId = '' } = useParams();
  const { data, isPending, isError, error, isFetching, refetch } = useQuery(portalReportQueryOptions(reportId));
  usePageTitle(data ? t('report.title', { reference: data.reference }) : t('report.titleLoading'));
  const withoutSession = useWithoutAnySession(error);
  if (withoutSession) return <ToSignIn />;
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 403);
  return (
    <div className="ketenregie-stack ketenregie-portal">
      <Paragraph>
        <Link to="/melder">{t('report.backToList')}</Link>
      </Paragraph>
      {/* One heading for every state, so the focus a navigation gives it stays when the report arrives. */}
      <Heading1>{data ? t('report.title', { reference: data.reference }) : t('report.titleLoading')}</Heading1>
      {isPending ? (
        <div role="status" aria-busy="true" className="ketenregie-surface">
          <Paragraph>{t('report.loading')}</Paragraph>
        </div>
      ) : isError && !data ? (
        missing ? (
          // Never confirms that a report exists: someone else's and an unknown one read the same.
          <div className="ketenregie-surface">
            <Paragraph>
              <strong>{t('report.notFound')}</strong>
            </Paragraph>
            <Paragraph>{t('report.notFoundHint')}</Paragraph>
          </div>
        ) : (
          <Alert type="error">
            <Paragraph>{t('report.loadFailed')}</Paragraph>
            <Button appearance="secondary-action-button" busy={isFetching} onClick={() => void refetch()}>
              {t('reports.retry')}
            </Button>
          </Alert>
        )
      ) : (
        <ReportView report={data} />
      )}
    </div>
  );
};
