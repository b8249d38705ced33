import { feedbackRequestBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';
import { derivedUuid } from '../http/idempotency';

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sends a report's referrer the feedback of a milestone with a personal note, as previewed. The
 * message id becomes the id of the queued message event, which the store keeps once: a client's
 * own id that is no UUID is turned into one the same way every time.
 */
export const requestFeedbackRoute = caseCommandRoute({
  path: '/cases/:caseId/feedback-messages',
  commandType: 'cases.request-feedback',
  operationId: 'requestFeedback',
  summary: 'Terugkoppeling aan de melder versturen, met persoonlijke toelichting',
  body: feedbackRequestBodySchema,
  bodyName: 'FeedbackRequestBody',
  toCommand: ({ body, params: { caseId } }, { metadata, idFor }) => {
    const given = body.messageId;
    const messageId =
      given === undefined
        ? idFor('feedback-message')
        : uuidShape.test(given)
          ? given.toLowerCase()
          : derivedUuid(caseId, `feedback-message:${given}`);
    return onCase(
      caseId,
      {
        type: 'cases.request-feedback',
        data: { caseId, messageId, reportId: body.reportId, milestone: body.milestone, note: body.note ?? '', locale: body.locale },
        metadata,
      },
      { messageId },
    );
  },
});
