import { directingRoles } from '@ketenregie/access-domain';
import { caseIdParamSchema, feedbackPreviewSchema, feedbackRequestBodySchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { caseProblems, wholeCase } from '../http/route-authorisation';

/**
 * What the referrer would read if staff sent this feedback now. A POST because the note is free
 * text that has no place in a URL; it changes nothing and sends nothing, so it needs no
 * Idempotency-Key (CSRF applies as to every POST).
 */
export const previewFeedbackRoute = queryRoute({
  method: 'post',
  path: '/cases/:caseId/feedback-previews',
  params: caseIdParamSchema,
  operationId: 'previewFeedback',
  summary: 'Controleer bericht aan melder: de tekst die de melder leest, woord voor woord; verstuurt niets',
  tag: 'Casussen',
  authorisation: {
    kind: 'roles',
    roles: directingRoles,
    rule: `Als bij GET /api/v1/cases/{caseId}: ${wholeCase}, of een lopende noodtoegang. Ketenpartners 403; melders en wie geen relatie heeft 404. Elke inzage staat in het toegangslogboek.`,
  },
  body: { name: 'FeedbackRequestBody', schema: feedbackRequestBodySchema },
  response: {
    body: { name: 'FeedbackPreview', schema: feedbackPreviewSchema },
    description:
      'Onderwerp en tekst zoals de melder ze krijgt (de persoonlijke link als markering), het kanaal, en wat de regels weglieten.',
  },
  problems: [
    { status: '400', description: 'Het verzoek klopt niet; `errors` noemt de velden.' },
    { status: '403', description: 'U mag weten dat de casus bestaat, maar niet dit doen, of het X-CSRF-Token ontbreekt of klopt niet.' },
    caseProblems.notFound,
    { status: '422', description: 'Deze melder krijgt over dit moment geen bericht, of de casus is nog niet bij dit moment.' },
    '503',
  ],
});
