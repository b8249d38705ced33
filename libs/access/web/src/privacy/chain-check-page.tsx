import type { AccessLogVerification } from '@ketenregie/contracts';
import { formatDateTime, formatNumber, usePageTitle } from '@ketenregie/platform-web';
import { Heading1, Heading2, Paragraph, PrimaryActionButton, useAnnounce } from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import { t } from '../i18n/t';
import { LoadError } from './load-error';
import { accessLogVerificationQueryOptions } from './queries';

const headline = (result: AccessLogVerification): string =>
  result.ok ? t('check.intact') : t('check.broken', { sequence: formatNumber(result.firstBrokenSequence) });

const Result = ({ result, checkedAt }: { result: AccessLogVerification; checkedAt: string }) => (
  <section
    aria-labelledby="check-result-title"
    className={`ketenregie-surface ketenregie-check-result ketenregie-check-result--${result.ok ? 'ok' : 'broken'}`}
  >
    <Heading2 id="check-result-title">{headline(result)}</Heading2>
    {result.ok ? (
      <Paragraph>{t('check.intactDetail', { count: formatNumber(result.entries) })}</Paragraph>
    ) : (
      <>
        <Paragraph>{t(`check.reason.${result.reason}`)}</Paragraph>
        <Paragraph>{t('check.brokenDetail', { count: formatNumber(result.entriesChecked) })}</Paragraph>
      </>
    )}
    <Paragraph>
      <time dateTime={checkedAt}>{t('check.checkedAt', { at: formatDateTime(checkedAt) })}</time>
    </Paragraph>
  </section>
);

export const ChainCheckPage = () => {
  usePageTitle(t('check.title'));
  const announce = useAnnounce();
  const { data, error, dataUpdatedAt, isPending, isFetching, refetch } = useQuery(accessLogVerificationQueryOptions());
  const checkAgain = async () => {
    const next = await refetch();
    if (next.data) announce(t('check.done', { result: headline(next.data) }));
  };
  return (
    <div className="ketenregie-stack">
      <Heading1>{t('check.title')}</Heading1>
      <Paragraph>{t('check.intro')}</Paragraph>
      <div aria-busy={isFetching || undefined}>
        {isPending ? <Paragraph>{t('check.loading')}</Paragraph> : null}
        {error && !isFetching ? <LoadError error={error} busy={isFetching} onRetry={() => void refetch()} /> : null}
        {data ? <Result result={data} checkedAt={new Date(dataUpdatedAt).toISOString()} /> : null}
      </div>
      {data || error ? (
        <PrimaryActionButton
          type="button"
          busy={isFetching}
          aria-disabled={isFetching || undefined}
          onClick={() => {
            if (!isFetching) void checkAgain();
          }}
        >
          {isFetching ? t('check.busy') : t('check.again')}
        </PrimaryActionButton>
      ) : null}
    </div>
  );
};
