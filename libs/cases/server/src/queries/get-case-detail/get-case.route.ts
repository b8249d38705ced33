import { directingRoles } from '@ketenregie/access-domain';
import { caseDetailQuerySchema, caseDetailSchema, caseIdParamSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { caseProblems, wholeCase } from '../../http/route-authorisation';

/** The case now (read model, with its ETag), or with `asOf` as it was at the end of that day (replayed). */
export const getCaseRoute = queryRoute({
  method: 'get',
  path: '/cases/:caseId',
  params: caseIdParamSchema,
  operationId: 'getCase',
  summary: 'Casus: gezin, regisseur, plan en open termijnen; met asOf zoals de casus was op die dag',
  tag: 'Casussen',
  authorisation: {
    kind: 'roles',
    roles: directingRoles,
    rule: `Need-to-know: ${wholeCase}, of een lopende noodtoegang (elke inzage dan gelogd als noodtoegang). Met alleen een eigen taak in het plan 403 (zie GET /api/v1/my-tasks); zonder relatie 404. Elke inzage staat in het toegangslogboek.`,
  },
  query: caseDetailQuerySchema,
  response: { body: { name: 'CaseDetail', schema: caseDetailSchema }, description: 'De casus. `ETag: "<versie>"` (niet bij asOf).' },
  problems: [caseProblems.forbidden, caseProblems.notFound, '503'],
  etag: true,
});
