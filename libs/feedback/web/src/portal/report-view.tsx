import type { PortalReport } from '@ketenregie/contracts';
import { formatDateTime, formatDay } from '@ketenregie/platform-web';
import { DataList, DataListItem, DataListKey, DataListValue, Heading2, Heading3, Paragraph } from '@ketenregie/ui';
import { Fragment } from 'react';
import { t } from './i18n/t';
import { messagesNewestFirst, paragraphsOf } from './report-words';
import { SignalFormSection } from './signal-form-section';

type Message = PortalReport['messages'][number];
type Signal = PortalReport['signals'][number];

/** A mailed text as it was written: paragraphs and line breaks kept, rendered as text only. */
const MessageText = ({ text }: { text: string }) => (
  <div className="ketenregie-portal-message__text">
    {paragraphsOf(text).map((lines, index) => (
      <Paragraph key={index}>
        {lines.map((line, lineIndex) => (
          <Fragment key={lineIndex}>
            {lineIndex > 0 ? <br /> : null}
            {line}
          </Fragment>
        ))}
      </Paragraph>
    ))}
  </div>
);

const MessageItem = ({ message }: { message: Message }) => {
  const headingId = `message-${message.messageId}`;
  return (
    <li>
      <article aria-labelledby={headingId} className="ketenregie-portal-message" data-testid="portal-message">
        <Heading3 id={headingId}>{message.subject}</Heading3>
        <Paragraph className="ketenregie-muted">{t('report.messageSent', { date: formatDateTime(message.sentAt) })}</Paragraph>
        <MessageText text={message.text} />
      </article>
    </li>
  );
};

const SignalItem = ({ signal }: { signal: Signal }) => (
  <li className="ketenregie-portal-signal" data-testid="portal-signal">
    <Paragraph>
      <strong>{t(`report.signalKind.${signal.kind}`)}</strong>
      {' · '}
      {t('report.signalSent', { date: formatDateTime(signal.raisedAt) })}
    </Paragraph>
    <Paragraph className="ketenregie-prewrap">{signal.reason}</Paragraph>
    {/* In words, with a mark that is not colour alone. */}
    <Paragraph className={signal.seen ? 'ketenregie-portal-signal__seen' : 'ketenregie-portal-signal__unseen'}>
      {signal.seen ? `✓ ${t('report.signalSeen')}` : t('report.signalNotSeen')}
    </Paragraph>
  </li>
);

/**
 * One report as its referrer may see it: reference, date, status line, every message and the
 * signals already sent, and the form for a new signal while the case is open. The same view for a
 * signed-in referrer and for someone who came in through an e-mail's link.
 */
export const ReportView = ({ report }: { report: PortalReport }) => {
  const messages = messagesNewestFirst(report.messages);
  return (
    <>
      <section aria-labelledby="report-summary" className="ketenregie-surface">
        <Heading2 id="report-summary">{t('report.summary')}</Heading2>
        <DataList>
          <DataListItem>
            <DataListKey>{t('reports.reference')}</DataListKey>
            <DataListValue>{report.reference}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('reports.receivedOn')}</DataListKey>
            <DataListValue>{formatDay(report.receivedOn)}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('reports.status')}</DataListKey>
            <DataListValue data-testid="portal-status">{report.statusText}</DataListValue>
          </DataListItem>
        </DataList>
      </section>
      <section aria-labelledby="report-messages">
        <Heading2 id="report-messages">{t('report.messages')}</Heading2>
        {messages.length === 0 ? (
          <Paragraph>{t('report.noMessages')}</Paragraph>
        ) : (
          <ol className="ketenregie-portal-list">
            {messages.map((message) => (
              <MessageItem key={message.messageId} message={message} />
            ))}
          </ol>
        )}
      </section>
      {report.signals.length > 0 ? (
        <section aria-labelledby="report-signals">
          <Heading2 id="report-signals">{t('report.signals')}</Heading2>
          <ol className="ketenregie-portal-list">
            {report.signals.map((signal) => (
              <SignalItem key={signal.signalId} signal={signal} />
            ))}
          </ol>
        </section>
      ) : null}
      {report.canSignal ? (
        <SignalFormSection reportId={report.reportId} />
      ) : (
        <section aria-labelledby="report-no-signal" className="ketenregie-surface">
          <Heading2 id="report-no-signal">{t('signal.title')}</Heading2>
          <Paragraph>{t('report.cannotSignal')}</Paragraph>
          <Paragraph>{t('report.cannotSignalHint')}</Paragraph>
        </section>
      )}
    </>
  );
};
