import type { ReactNode } from 'react';
import type { FullSystemStatus, PublicSystemStatus } from '@ketenregie/contracts';
import { formatDateTime, formatNumber, t } from '../../../i18n/i18n';

type Props = { status: FullSystemStatus };

const eventStoreLabel = (kind: FullSystemStatus['eventStore']['kind']): string =>
  kind === 'postgresql' ? t('status.eventStore.postgresql') : t('status.eventStore.eventstoredb');

const databaseLabel = (kind: FullSystemStatus['database']['kind']): string =>
  kind === 'embedded' ? t('status.database.embedded') : t('status.database.external');

const Fact = ({ label, children, numeric = false }: { label: string; children: ReactNode; numeric?: boolean }) => (
  <div>
    <dt>{label}</dt>
    <dd className={numeric ? 'numeric' : undefined}>{children}</dd>
  </div>
);

const MeasuredAt = ({ time }: { time: string }) => (
  <Fact label={t('status.summary.measuredAt')}>
    <time dateTime={time}>{formatDateTime(time)}</time>
  </Fact>
);

/** Without a session the API says only that it is up; the details need a signed-in user. */
export const PublicSystemStatusView = ({ status }: { status: PublicSystemStatus }) => (
  <section aria-labelledby="status-summary-title" className="card">
    <h2 id="status-summary-title">{t('status.summary.title')}</h2>
    <dl className="facts">
      <Fact label={t('status.summary.application')}>{status.application}</Fact>
      <Fact label={t('status.public.state')}>{t('status.public.up')}</Fact>
      <MeasuredAt time={status.time} />
    </dl>
    <p>{t('status.public.signIn')}</p>
  </section>
);

export const SystemStatusView = ({ status }: Props) => (
  <>
    <section aria-labelledby="status-summary-title" className="card">
      <h2 id="status-summary-title">{t('status.summary.title')}</h2>
      <dl className="facts">
        <Fact label={t('status.summary.application')}>{status.application}</Fact>
        <Fact label={t('status.summary.version')}>{status.version}</Fact>
        <Fact label={t('status.summary.eventStore')}>{eventStoreLabel(status.eventStore.kind)}</Fact>
        <Fact label={t('status.summary.database')}>{databaseLabel(status.database.kind)}</Fact>
        <Fact label={t('status.summary.totalEvents')} numeric>
          {formatNumber(status.events.total)}
        </Fact>
        <MeasuredAt time={status.time} />
      </dl>
    </section>

    {/* A focusable, labelled scroll region lets keyboard users scroll the table on narrow screens. */}
    <div className="card table-wrapper" role="region" aria-labelledby="projections-caption" tabIndex={0}>
      <table className="table">
        <caption id="projections-caption">{t('status.projections.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('status.projections.name')}</th>
            <th scope="col" className="numeric">
              {t('status.projections.lag')}
            </th>
            <th scope="col" className="numeric">
              {t('status.projections.generation')}
            </th>
            <th scope="col">{t('status.projections.updatedAt')}</th>
            <th scope="col" className="numeric">
              {t('status.projections.parked')}
            </th>
            <th scope="col" className="numeric">
              {t('status.projections.held')}
            </th>
          </tr>
        </thead>
        <tbody>
          {status.projections.length === 0 ? (
            <tr>
              <td colSpan={6} className="table__empty">
                {t('status.projections.empty')}
              </td>
            </tr>
          ) : (
            status.projections.map((projection) => (
              <tr key={projection.name}>
                <th scope="row">
                  <code>{projection.name}</code>
                </th>
                <td className="numeric">
                  <span className={projection.lag === 0 ? 'lag lag--none' : 'lag lag--behind'}>{formatNumber(projection.lag)}</span>
                </td>
                <td className="numeric">{formatNumber(projection.generation)}</td>
                <td>
                  {projection.updatedAt ? (
                    <time dateTime={projection.updatedAt}>{formatDateTime(projection.updatedAt)}</time>
                  ) : (
                    t('status.projections.neverUpdated')
                  )}
                </td>
                <td className="numeric">
                  <span className={projection.parkedEvents === 0 ? 'lag lag--none' : 'lag lag--behind'}>
                    {formatNumber(projection.parkedEvents)}
                  </span>
                </td>
                <td className="numeric">{formatNumber(projection.heldEvents)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>

    <div className="card table-wrapper" role="region" aria-labelledby="events-by-type-caption" tabIndex={0}>
      <table className="table">
        <caption id="events-by-type-caption">{t('status.eventsByType.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('status.eventsByType.type')}</th>
            <th scope="col" className="numeric">
              {t('status.eventsByType.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {status.events.byType.length === 0 ? (
            <tr>
              <td colSpan={2} className="table__empty">
                {t('status.eventsByType.empty')}
              </td>
            </tr>
          ) : (
            status.events.byType.map((entry) => (
              <tr key={entry.type}>
                <th scope="row">
                  <code>{entry.type}</code>
                </th>
                <td className="numeric">{formatNumber(entry.count)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  </>
);
