import { useQuery } from '@tanstack/react-query';
import { ApiError, formatDateTime, formatDay, usePageTitle } from '@ketenregie/platform-web';
import {
  Alert,
  Button,
  Heading1,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@ketenregie/ui';
import { Link } from 'react-router-dom';
import { portalReportsQueryOptions } from './api/portal-reports';
import { t } from './i18n/t';
import { ToSignIn, useWithoutAnySession } from './portal-access';
import { newestMessage, reportsNewestFirst } from './report-words';

/** "Mijn meldingen": the referrer's own reports, each with its status line and latest message. */
export const MyReportsPage = () => {
  usePageTitle(t('reports.title'));
  const { data, isPending, isError, error, isFetching, refetch } = useQuery(portalReportsQueryOptions());
  const withoutSession = useWithoutAnySession(error);
  if (withoutSession) return <ToSignIn />;
  return (
    <div className="ketenregie-stack">
      <Heading1>{t('reports.title')}</Heading1>
      <Paragraph>{t('reports.intro')}</Paragraph>
      {isPending ? (
        <div role="status" aria-busy="true" className="ketenregie-surface">
          <Paragraph>{t('reports.loading')}</Paragraph>
        </div>
      ) : isError && !data ? (
        <Alert type="error">
          {/* A 403 says in the API's words who the portal is for. */}
          <Paragraph>
            {error instanceof ApiError && error.status === 403 && error.problem?.detail ? error.problem.detail : t('reports.loadFailed')}
          </Paragraph>
          <Button appearance="secondary-action-button" busy={isFetching} onClick={() => void refetch()}>
            {t('reports.retry')}
          </Button>
        </Alert>
      ) : data.items.length === 0 ? (
        <div className="ketenregie-surface">
          <Paragraph>
            <strong>{t('reports.empty')}</strong>
          </Paragraph>
          <Paragraph>{t('reports.emptyHint')}</Paragraph>
        </div>
      ) : (
        <div className="ketenregie-table-container" aria-busy={isFetching || undefined}>
          <Table className="ketenregie-responsive-table ketenregie-portal-reports">
            <TableCaption>{t('reports.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('reports.reference')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('reports.receivedOn')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('reports.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('reports.latest')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {reportsNewestFirst(data.items).map((report) => {
                const latest = newestMessage(report);
                return (
                  <TableRow key={report.reportId} data-testid="portal-report-row">
                    <TableHeaderCell scope="row">
                      {/* The one link of the row. */}
                      <Link
                        to={`/melder/meldingen/${encodeURIComponent(report.reportId)}`}
                        aria-label={t('reports.open', { reference: report.reference })}
                      >
                        {report.reference}
                      </Link>
                    </TableHeaderCell>
                    <TableCell data-label={t('reports.receivedOn')}>{formatDay(report.receivedOn)}</TableCell>
                    <TableCell data-label={t('reports.status')}>{report.statusText}</TableCell>
                    <TableCell data-label={t('reports.latest')}>
                      {latest
                        ? t('reports.latestMessage', { subject: latest.subject, date: formatDateTime(latest.sentAt) })
                        : t('reports.noMessage')}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
};
