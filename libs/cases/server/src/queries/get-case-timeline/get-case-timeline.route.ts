import { directingRoles } from '@ketenregie/access-domain';
import { caseIdParamSchema, caseTimelinePageSchema, caseTimelineQuerySchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { caseProblems, wholeCase } from '../../http/route-authorisation';

/** Every event of a case, readable, newest first; the same need-to-know as the case itself. */
export const getCaseTimelineRoute = queryRoute({
  method: 'get',
  path: '/cases/:caseId/timeline',
  params: caseIdParamSchema,
  operationId: 'getCaseTimeline',
  summary: 'Tijdlijn van de casus: elke gebeurtenis, leesbaar, nieuwste eerst',
  tag: 'Casussen',
  authorisation: {
    kind: 'roles',
    roles: directingRoles,
    rule: `Need-to-know, als bij GET /api/v1/cases/{caseId}: ${wholeCase}, of een lopende noodtoegang. Met alleen een eigen taak 403; zonder relatie 404.`,
  },
  query: caseTimelineQuerySchema,
  response: { body: { name: 'CaseTimelinePage', schema: caseTimelinePageSchema }, description: 'Eén pagina van de tijdlijn.' },
  problems: [caseProblems.forbidden, caseProblems.notFound, '503'],
});
