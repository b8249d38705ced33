import { directingRoles } from '@ketenregie/access-domain';
import { caseIdParamSchema, caseTextsQuerySchema, caseTextsSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { caseProblems, wholeCase } from '../../http/route-authorisation';

/**
 * The free texts of a case (concerns, reasons, notes, plan texts), decrypted, newest first. Apart
 * from case detail so the texts, the most sensitive part of a case, are read (and logged) only
 * when someone opens them.
 */
export const getCaseTextsRoute = queryRoute({
  method: 'get',
  path: '/cases/:caseId/texts',
  params: caseIdParamSchema,
  operationId: 'getCaseTexts',
  summary: 'Vrije teksten van de casus: zorg, redenen, notities en plantekst, nieuwste eerst',
  tag: 'Casussen',
  authorisation: {
    kind: 'roles',
    roles: directingRoles,
    rule: `Need-to-know, als bij GET /api/v1/cases/{caseId}: ${wholeCase}, of een lopende noodtoegang. Ketenpartners (alleen een eigen taak) 403; melders en wie geen relatie heeft 404. Elke inzage staat in het toegangslogboek. Na wissen van het gezin geen teksten meer.`,
  },
  query: caseTextsQuerySchema,
  response: {
    body: { name: 'CaseTexts', schema: caseTextsSchema },
    description: 'De vrije teksten van de casus, nieuwste eerst; `erased` als de gegevens van het gezin zijn gewist.',
  },
  problems: [caseProblems.forbidden, caseProblems.notFound, '503'],
});
