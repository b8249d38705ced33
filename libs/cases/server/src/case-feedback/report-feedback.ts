import type { FeedbackMilestoneName, ReportFeedback } from '@ketenregie/contracts';
import { feedbackMilestoneValues } from '@ketenregie/contracts';
import { decideFeedback, feedbackTimeliness } from '@ketenregie/feedback-domain';
import type { FeedbackChannel, Milestone, Referrer } from '@ketenregie/feedback-domain';
import type { CaseFeedbackMessageRow, CaseFeedbackMilestoneRow, CaseFeedbackReportRow } from './case-feedback.projection';

/**
 * Whether the rules give this kind of referrer a message at this milestone: asked of the feedback
 * rules themselves with a stand-in referrer and milestone, since who may hear what depends on the
 * referrer's kind and consent only.
 */
export const milestoneGetsFeedback = (
  kind: CaseFeedbackReportRow['referrer_kind'],
  channel: FeedbackChannel | null,
  milestone: FeedbackMilestoneName,
): boolean => {
  if (channel === null || kind === 'anonymous') return false;
  const terms = { namingEndangers: false, feedback: { kind: 'granted' as const, channel } };
  const referrer: Referrer =
    kind === 'directory-professional'
      ? { kind, organisationId: '', account: { kind: 'invite', email: '' }, ...terms }
      : kind === 'outside-professional'
        ? { kind, name: '', organisation: '', ...terms }
        : { kind, ...terms };
  const context = { otherReportCount: 0, otherReferrers: [] };
  const plan = { safetyConditions: [], monitoringAgreements: [] };
  const assessment = { conclusion: '', findings: [] };
  const stand: Record<FeedbackMilestoneName, Milestone> = {
    'report-received': { kind: 'report-received', reference: '', receivedAt: '', context },
    'safety-assessment-done': {
      kind: 'safety-assessment-done',
      reference: '',
      endedAt: '',
      followUpStarted: false,
      assessment,
      plan,
      context,
    },
    'handed-over': { kind: 'handed-over', reference: '', organisations: [], plan, context },
    'investigation-finished': {
      kind: 'investigation-finished',
      reference: '',
      endedAt: '',
      followUpStarted: false,
      assessment,
      plan,
      context,
    },
    'case-closed': { kind: 'case-closed', reference: '', context },
  };
  return decideFeedback({ referrer, milestone: stand[milestone], hasPlanRole: false }).kind === 'send';
};

const order = (milestone: FeedbackMilestoneName): number => feedbackMilestoneValues.indexOf(milestone);

/**
 * The director's overview per report from the read model's rows: each milestone the case reached
 * or has a deadline for, with its messages; `dueOn` and `timeliness` only where the referrer gets
 * feedback at that milestone and it has a deadline. `label` names a directory organisation.
 */
export const reportFeedbackOf = (
  rows: {
    reports: readonly CaseFeedbackReportRow[];
    milestones: readonly CaseFeedbackMilestoneRow[];
    messages: readonly CaseFeedbackMessageRow[];
  },
  now: Date,
  label: (report: CaseFeedbackReportRow) => string = (report) => report.referrer_label,
): ReportFeedback[] =>
  [...rows.reports]
    .sort((a, b) => a.received_at.localeCompare(b.received_at) || a.report_id.localeCompare(b.report_id))
    .map((report) => {
      const milestones = rows.milestones
        .filter((row) => row.report_id === report.report_id)
        .sort((a, b) => order(a.milestone) - order(b.milestone))
        .map((row) => {
          const gets = report.feedback_milestones.includes(row.milestone);
          const messages = rows.messages
            .filter((message) => message.report_id === report.report_id && message.milestone === row.milestone)
            .sort((a, b) => a.queued_at.localeCompare(b.queued_at))
            .map((message) => ({
              messageId: message.message_id,
              milestone: message.milestone,
              channel: message.channel,
              queuedAt: message.queued_at,
              deliveryStatus: message.delivery_status,
              attempts: message.attempts,
              settledAt: message.settled_at,
              personal: message.personal,
            }));
          const dueOn = gets ? row.due_on : null;
          const sentAt = row.first_sent_at ?? messages[0]?.queuedAt;
          return {
            milestone: row.milestone,
            dueOn,
            timeliness: dueOn === null ? null : feedbackTimeliness(dueOn, sentAt ?? undefined, now.toISOString()),
            messages,
          };
        });
      // A citizen hears only the follow-up decisions: once those were told, nothing more comes.
      const receivesFeedback =
        report.referrer_kind === 'citizen'
          ? report.feedback_milestones.length > 0 &&
            !milestones.some((row) => report.feedback_milestones.includes(row.milestone) && row.messages.length > 0)
          : report.feedback_milestones.length > 0;
      return {
        reportId: report.report_id,
        referrerKind: report.referrer_kind,
        referrerLabel: label(report),
        receivesFeedback,
        channel: report.channel,
        milestones,
      };
    });
