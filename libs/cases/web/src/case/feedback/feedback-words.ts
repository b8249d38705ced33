import type { CaseAction, CaseDetail, CaseSignal, FeedbackRequestBody, ReportFeedback } from '@ketenregie/contracts';
import { feedbackMilestoneValues } from '@ketenregie/contracts';
import { amsterdamToday, formatDateTime, formatDay } from '@ketenregie/platform-web';
import { deadlineWords } from '../../shared/deadline';
import { t } from './i18n/t';

// How the director's feedback overview and the signals read, apart from the components so they
// are checked without a browser.

type Milestone = ReportFeedback['milestones'][number];
type Message = Milestone['messages'][number];

export const referrerKindLabel = (kind: ReportFeedback['referrerKind']): string => t(`referrerKind.${kind}`);
export const milestoneLabel = (milestone: Milestone['milestone']): string => t(`milestone.${milestone}`);
export const channelLabel = (channel: NonNullable<ReportFeedback['channel']>): string => t(`channel.${channel}`);
export const deliveryStatusLabel = (status: Message['deliveryStatus']): string => t(`delivery.${status}`);
export const timelinessLabel = (timeliness: NonNullable<Milestone['timeliness']>): string => t(`timeliness.${timeliness}`);
export const signalKindLabel = (kind: CaseSignal['kind']): string => t(`signalKind.${kind}`);

/** "Krijgt terugkoppeling per e-mail", or that they get none. */
export const receivesLine = (report: Pick<ReportFeedback, 'receivesFeedback' | 'channel'>): string =>
  report.receivesFeedback && report.channel
    ? t('report.receives', { channel: channelLabel(report.channel) })
    : report.receivesFeedback
      ? t('report.receivesNoChannel')
      : t('report.receivesNone');

/**
 * A milestone's deadline as the deadlines elsewhere read: still to send, with the days left or late
 * and the date; once sent, only the day it was due (whether that was in time is its timeliness).
 */
export const milestoneDueLine = (milestone: Pick<Milestone, 'dueOn' | 'timeliness'>, today: string = amsterdamToday()): string => {
  if (!milestone.dueOn) return t('milestone.noDeadline');
  if (milestone.timeliness === 'due' || milestone.timeliness === 'overdue')
    return deadlineWords({ dueOn: milestone.dueOn, overdue: milestone.timeliness === 'overdue' }, today).full;
  return t('milestone.dueOn', { date: formatDay(milestone.dueOn, { weekday: true }) });
};

/** "Per e-mail, 4 december 2026, 14.05 uur: afgeleverd (1 poging)", with a personal note said. */
export const messageLine = (message: Message): string => {
  const attempts = message.attempts === 1 ? t('message.attempt') : t('message.attempts', { count: message.attempts });
  const status = deliveryStatusLabel(message.deliveryStatus);
  const base = t('message.line', {
    channel: channelLabel(message.channel),
    when: formatDateTime(message.queuedAt),
    status: message.deliveryStatus === 'portal-only' ? status : `${status} (${attempts})`,
  });
  return message.personal ? `${base} ${t('message.personal')}` : base;
};

/** Who raised a signal: a referrer only by their report ("de melder (melding van 3 maart 2026)"), a partner by name. */
export const signalSourceLabel = (signal: Pick<CaseSignal, 'source'>, reports: Pick<CaseDetail, 'reports'>['reports']): string => {
  if (signal.source.kind === 'chain-partner') return signal.source.organisation.name;
  const { reportId } = signal.source;
  const report = reports.find((candidate) => candidate.reportId === reportId);
  return report ? t('signal.fromReferrer', { date: formatDay(report.receivedOn) }) : t('signal.fromReferrerUnknown');
};

/** The signals the director has not acknowledged yet, newest first: what the case page puts near the top. */
export const openSignals = (signals: readonly CaseSignal[]): CaseSignal[] =>
  signals.filter((signal) => !signal.acknowledged).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));

/** Acknowledged signals, newest first: the case's history of them. */
export const acknowledgedSignals = (signals: readonly CaseSignal[]): CaseSignal[] =>
  signals.filter((signal) => signal.acknowledged).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));

/** The `acknowledge-signal` action for one signal, allowed or with its reason; none when the user's role never has it. */
export const acknowledgeActionOf = (actions: readonly CaseAction[], signalId: string): CaseAction | undefined =>
  actions.find((action) => action.action === 'acknowledge-signal' && action.target?.signalId === signalId);

/** The reports a message can go to (the ones whose referrer receives feedback), in the order the case lists them. */
export const feedbackRecipients = (feedback: readonly ReportFeedback[]): ReportFeedback[] =>
  feedback.filter((report) => report.receivesFeedback);

/** The moments a message about this report can be about: its own milestones, or every one when it lists none yet. */
export const milestonesOf = (report: ReportFeedback | undefined): Milestone['milestone'][] =>
  report && report.milestones.length > 0 ? report.milestones.map((milestone) => milestone.milestone) : [...feedbackMilestoneValues];

export type FeedbackDraft = { reportId: string; milestone: string; note: string };

/** The body a preview and the send share: an empty note is no note. */
export const feedbackBody = (draft: FeedbackDraft): FeedbackRequestBody => ({
  reportId: draft.reportId,
  milestone: draft.milestone as FeedbackRequestBody['milestone'],
  ...(draft.note.trim() ? { note: draft.note } : {}),
  locale: 'nl',
});

/**
 * Whether the preview on screen is of exactly what would be sent now. Any change to report,
 * moment or note makes it stale: the director sends only what they have read.
 */
export const previewIsCurrent = (previewedFor: FeedbackDraft | undefined, draft: FeedbackDraft): boolean =>
  previewedFor !== undefined &&
  previewedFor.reportId === draft.reportId &&
  previewedFor.milestone === draft.milestone &&
  previewedFor.note === draft.note;

/** Any milestone to send or refused/failed delivery: the tab's count of what needs attention. */
export const needsAttention = (feedback: readonly ReportFeedback[]): number =>
  feedback
    .flatMap((report) => report.milestones)
    .filter(
      (milestone) =>
        milestone.timeliness === 'overdue' ||
        milestone.messages.some((message) => message.deliveryStatus === 'refused' || message.deliveryStatus === 'failed'),
    ).length;
