import { startInvestigationBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Veilig Thuis starts an investigation. */
export const startInvestigationRoute = caseCommandRoute({
  path: '/cases/:caseId/investigations',
  commandType: 'cases.start-investigation',
  operationId: 'startInvestigation',
  summary: 'Onderzoek starten',
  body: startInvestigationBodySchema,
  bodyName: 'StartInvestigationBody',
  toCommand: ({ body, params: { caseId } }, { metadata, idFor }) => {
    const investigationId = body.investigationId ?? idFor('investigation');
    return onCase(caseId, { type: 'cases.start-investigation', data: { caseId, investigationId }, metadata }, { investigationId });
  },
});
