import { completeInvestigationBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** The investigation's conclusion. */
export const completeInvestigationRoute = caseCommandRoute({
  path: '/cases/:caseId/investigations/:investigationId/complete',
  commandType: 'cases.complete-investigation',
  operationId: 'completeInvestigation',
  summary: 'Onderzoek afronden',
  body: completeInvestigationBodySchema,
  bodyName: 'CompleteInvestigationBody',
  toCommand: ({ body, params: { caseId, investigationId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.complete-investigation', data: { caseId, investigationId, conclusion: body.conclusion }, metadata }),
});
