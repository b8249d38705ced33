import { reasonBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Veilig Thuis sets conditions and follows them up (with reason). */
export const startConditionsAndFollowUpRoute = caseCommandRoute({
  path: '/cases/:caseId/conditions-and-follow-up',
  commandType: 'cases.start-conditions-and-follow-up',
  operationId: 'startConditionsAndFollowUp',
  summary: 'Route voorwaarden en vervolg starten',
  body: reasonBodySchema,
  bodyName: 'ReasonBody',
  toCommand: ({ body, params: { caseId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.start-conditions-and-follow-up', data: { caseId, reason: body.reason }, metadata }),
});
