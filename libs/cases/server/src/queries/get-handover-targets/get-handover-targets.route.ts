import { directingRoles } from '@ketenregie/access-domain';
import { caseIdParamSchema, caseTextsQuerySchema, handoverTargetsSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { caseProblems, wholeCase } from '../../http/route-authorisation';

/**
 * The organisations a user may offer this case to now, by name, so nobody has to know an
 * organisation's code. A sub-resource of the case: which ones depends on the case's state and
 * director as much as on the user's organisation.
 */
export const getHandoverTargetsRoute = queryRoute({
  method: 'get',
  path: '/cases/:caseId/handover-targets',
  params: caseIdParamSchema,
  operationId: 'getHandoverTargets',
  summary: 'Organisaties waaraan u deze casus nu kunt overdragen',
  tag: 'Casussen',
  authorisation: {
    kind: 'roles',
    roles: directingRoles,
    rule: `Need-to-know, als bij GET /api/v1/cases/{caseId}: ${wholeCase}, of een lopende noodtoegang. Ketenpartners 403; zonder relatie 404. Elke inzage staat in het toegangslogboek. Alleen organisaties waaraan de overdracht nu zou slagen: dezelfde regels als POST /api/v1/cases/{caseId}/handovers.`,
  },
  query: caseTextsQuerySchema,
  response: {
    body: { name: 'HandoverTargets', schema: handoverTargetsSchema },
    description: 'De organisaties met naam, soort en soort overdracht; leeg als u de casus nu niet kunt overdragen.',
  },
  problems: [caseProblems.forbidden, caseProblems.notFound, '503'],
});
