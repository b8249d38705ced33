import { useQuery } from '@tanstack/react-query';
import { t } from '../../../i18n/i18n';
import { systemStatusQueryOptions } from '../api/get-system-status';
import { PublicSystemStatusView, SystemStatusView } from './system-status-view';

export const SystemStatusPage = () => {
  const { data, isPending, isError, isFetching, refetch } = useQuery(systemStatusQueryOptions());

  return (
    <section aria-labelledby="status-title" className="page">
      <title>{`${t('status.title')} – ${t('app.name')}`}</title>
      <h1 id="status-title">{t('status.title')}</h1>
      <p className="page__intro">{t('status.intro')}</p>

      {isPending ? (
        <p role="status" className="notice notice--info">
          <span className="spinner" aria-hidden="true" />
          {t('status.loading')}
        </p>
      ) : null}

      {/* Background refetch failures keep the last good data on screen; only a page without data shows the error. */}
      {isError && !data ? (
        <div role="alert" className="notice notice--error">
          <h2 className="notice__title">{t('status.error.title')}</h2>
          <p>{t('status.error.body')}</p>
          <button type="button" className="button" onClick={() => void refetch()} disabled={isFetching}>
            {isFetching ? t('status.error.retrying') : t('status.error.retry')}
          </button>
        </div>
      ) : null}

      {data?.scope === 'full' ? <SystemStatusView status={data} /> : null}
      {data?.scope === 'public' ? <PublicSystemStatusView status={data} /> : null}
    </section>
  );
};
