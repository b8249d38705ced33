import type { FeedbackPreview, FeedbackRequestBody } from '@ketenregie/contracts';
import {
  caseMilestoneFor,
  decideFeedback,
  deliveryChannelOf,
  noFeedbackInDutch,
  previewFeedback,
  recipientEmailOf,
  withheldInDutch,
} from '@ketenregie/feedback-domain';
import type { CaseEventOnWire } from '@ketenregie/feedback-domain';
import { DomainError } from '@ketenregie/kernel';

export const feedbackPreviewErrors = {
  milestoneNotReached: () =>
    new DomainError(
      'case.feedback-milestone-not-reached',
      'De casus is nog niet bij dit moment van terugkoppeling, of deze melding hoort niet bij deze casus.',
      { path: 'milestone', category: 'rule' },
    ),
  noFeedback: (message: string) => new DomainError('case.no-feedback-for-referrer', message, { category: 'rule' }),
  note: (message: string) => new DomainError('case.feedback-note-invalid', message, { path: 'note' }),
};

/**
 * Exactly what the feedback context composes when staff send this request now: the same rules on
 * the same case events (`caseMilestoneFor`), the same templates and note; only the portal link is
 * shown as a marker, since each e-mail gets its own. Throws a Dutch rule error when nothing would
 * be sent.
 */
export const composeFeedbackPreview = (
  caseId: string,
  history: readonly CaseEventOnWire[],
  request: Pick<FeedbackRequestBody, 'reportId' | 'milestone' | 'note' | 'locale'>,
): FeedbackPreview => {
  const planned = caseMilestoneFor(caseId, history, request.reportId, request.milestone);
  if (!planned) throw feedbackPreviewErrors.milestoneNotReached();
  const decision = decideFeedback({ referrer: planned.referrer, milestone: planned.milestone, hasPlanRole: planned.hasPlanRole });
  if (decision.kind === 'none') throw feedbackPreviewErrors.noFeedback(noFeedbackInDutch[decision.reason]);
  const shown = previewFeedback({ decision, locale: request.locale ?? 'nl', note: request.note });
  if (!shown.ok) throw feedbackPreviewErrors.note(shown.message);
  if (!shown.preview) throw new Error('a checked note always has a preview');
  return {
    subject: shown.preview.subject,
    text: shown.preview.text,
    channel: deliveryChannelOf(decision.channel, recipientEmailOf(planned.referrer, planned.accountEmail)),
    withheld: decision.withheld.map((item) => withheldInDutch[item]),
  };
};
