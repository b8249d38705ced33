import { reasonBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Verzoek tot onderzoek bij de Raad voor de Kinderbescherming. */
export const requestChildProtectionInvestigationRoute = caseCommandRoute({
  path: '/cases/:caseId/child-protection-requests',
  commandType: 'cases.request-child-protection-investigation',
  operationId: 'requestChildProtectionInvestigation',
  summary: 'Verzoek tot onderzoek bij de Raad voor de Kinderbescherming',
  body: reasonBodySchema,
  bodyName: 'ReasonBody',
  toCommand: ({ body, params: { caseId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.request-child-protection-investigation', data: { caseId, reason: body.reason }, metadata }),
});
