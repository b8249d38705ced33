import type { CaseDetail, ReportFeedback } from '@ketenregie/contracts';
import { formatDay } from '@ketenregie/platform-web';
import {
  Button,
  Dialog,
  Heading2,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@ketenregie/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { caseKeys } from '../../shared/query-keys';
import { FeedbackDialog } from './feedback-dialog';
import {
  messageLine,
  milestoneDueLine,
  milestoneLabel,
  needsAttention,
  receivesLine,
  referrerKindLabel,
  timelinessLabel,
} from './feedback-words';
import { t } from './i18n/t';
import { SignalHistory } from './signals-panel';

type Milestone = ReportFeedback['milestones'][number];

const Timeliness = ({ milestone }: { milestone: Milestone }) => {
  if (!milestone.timeliness) return <>{t('timeliness.none')}</>;
  const late = milestone.timeliness === 'late' || milestone.timeliness === 'overdue';
  return (
    <span className={late ? 'ketenregie-deadline ketenregie-deadline--overdue' : 'ketenregie-deadline'}>
      {timelinessLabel(milestone.timeliness)}
    </span>
  );
};

/** One report: who reported (kind and label only), whether they hear back, and each moment's messages. */
const ReportFeedbackSection = ({ report, detail }: { report: ReportFeedback; detail: CaseDetail }) => {
  const receivedOn = detail.reports.find((candidate) => candidate.reportId === report.reportId)?.receivedOn;
  const headingId = `feedback-report-${report.reportId}`;
  return (
    <section aria-labelledby={headingId} className="ketenregie-stack ketenregie-feedback-report" data-testid="feedback-report">
      <Heading3 id={headingId}>
        {t('report.heading', { label: report.referrerLabel, kind: referrerKindLabel(report.referrerKind) })}
      </Heading3>
      {receivedOn ? <Paragraph>{t('report.of', { date: formatDay(receivedOn) })}</Paragraph> : null}
      <Paragraph>{receivesLine(report)}</Paragraph>
      {report.milestones.length === 0 ? (
        <Paragraph>{t('report.noMilestones')}</Paragraph>
      ) : (
        <div className="ketenregie-table-container">
          <Table className="ketenregie-responsive-table">
            <TableCaption>{t('caption.milestones', { label: report.referrerLabel })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('col.milestone')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('col.due')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('col.timeliness')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('col.messages')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.milestones.map((milestone) => (
                <TableRow key={milestone.milestone} data-testid="feedback-milestone">
                  <TableCell data-label={t('col.milestone')}>{milestoneLabel(milestone.milestone)}</TableCell>
                  <TableCell data-label={t('col.due')}>{milestoneDueLine(milestone)}</TableCell>
                  <TableCell data-label={t('col.timeliness')}>
                    <Timeliness milestone={milestone} />
                  </TableCell>
                  <TableCell data-label={t('col.messages')}>
                    {milestone.messages.length === 0 ? (
                      t('milestone.noMessages')
                    ) : (
                      <ul className="ketenregie-feedback-messages">
                        {milestone.messages.map((message) => (
                          <li key={message.messageId}>{messageLine(message)}</li>
                        ))}
                      </ul>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
};

const messageCount = (detail: CaseDetail): number =>
  detail.feedback.reduce((sum, report) => sum + report.milestones.reduce((inner, milestone) => inner + milestone.messages.length, 0), 0);

const awaitsDelivery = (detail: CaseDetail): boolean =>
  detail.feedback.some((report) =>
    report.milestones.some((milestone) => milestone.messages.some((message) => message.deliveryStatus === 'queued')),
  );

/** How long the tab keeps looking for a sent message or a delivery outcome before it waits for a reload. */
const followForMs = 60_000;
const followEveryMs = 2_000;

/**
 * A sent message is queued by the feedback context a moment after the command, and mailed after
 * that: the tab reads the case again until the message shows and its delivery has an outcome, so
 * the director sees "afgeleverd" (or a refusal) without reloading. Returns whether a sent message
 * has not shown yet, and what to call once one is sent.
 */
const useFollowDelivery = (detail: CaseDetail): { waiting: boolean; sent: () => void } => {
  const queryClient = useQueryClient();
  const count = messageCount(detail);
  const [sentAt, setSentAt] = useState<{ count: number; at: number } | undefined>();
  const waiting = sentAt !== undefined && count <= sentAt.count;
  const following = waiting || awaitsDelivery(detail);
  useEffect(() => {
    if (!following) return undefined;
    const started = Date.now();
    const timer = window.setInterval(() => {
      if (Date.now() - started > followForMs) {
        window.clearInterval(timer);
        setSentAt(undefined);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: caseKeys.case(detail.caseId) });
    }, followEveryMs);
    return () => window.clearInterval(timer);
  }, [following, detail.caseId, queryClient]);
  return { waiting, sent: () => setSentAt({ count, at: Date.now() }) };
};

export type FeedbackTabProps = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

/**
 * "Terugkoppeling": what each referrer hears and when, whether it went out on time and arrived, and
 * the signals the director has seen. The director checks a message here before sending it.
 */
export const FeedbackTab = ({ detail, etag, readOnly }: FeedbackTabProps) => {
  const [sending, setSending] = useState(false);
  const send = readOnly ? undefined : detail.actions.find((action) => action.action === 'send-feedback');
  const attention = needsAttention(detail.feedback);
  const delivery = useFollowDelivery(detail);
  return (
    <div className="ketenregie-stack">
      <Heading2>{t('tab.heading')}</Heading2>
      <Paragraph>{t('tab.intro')}</Paragraph>
      {attention > 0 ? (
        <Paragraph>
          <strong>{attention === 1 ? t('tab.attention.one') : t('tab.attention.other', { count: attention })}</strong>
        </Paragraph>
      ) : null}
      {send?.allowed ? (
        <div>
          <Button type="button" appearance="secondary-action-button" onClick={() => setSending(true)}>
            {t('send.open')}
          </Button>
        </div>
      ) : null}
      {send && !send.allowed ? <Paragraph>{t('send.unavailable', { reason: send.reason })}</Paragraph> : null}
      {delivery.waiting ? <Paragraph role="status">{t('send.queueing')}</Paragraph> : null}
      {detail.feedback.length === 0 ? (
        <Paragraph>{t('tab.empty')}</Paragraph>
      ) : (
        detail.feedback.map((report) => <ReportFeedbackSection key={report.reportId} report={report} detail={detail} />)
      )}
      <SignalHistory detail={detail} />
      <Dialog open={sending} title={t('send.title')} onClose={() => setSending(false)}>
        {sending ? (
          <FeedbackDialog
            detail={detail}
            etag={etag}
            onClose={() => setSending(false)}
            onSent={() => {
              delivery.sent();
              setSending(false);
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
};
