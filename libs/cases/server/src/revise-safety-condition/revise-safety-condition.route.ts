import { reviseSafetyConditionBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** A new wording or owner of a safety condition; the earlier one stays in the history. */
export const reviseSafetyConditionRoute = caseCommandRoute({
  path: '/cases/:caseId/safety-conditions/:conditionId/revise',
  commandType: 'cases.revise-safety-condition',
  operationId: 'reviseSafetyCondition',
  summary: 'Veiligheidsvoorwaarde herzien',
  body: reviseSafetyConditionBodySchema,
  bodyName: 'ReviseSafetyConditionBody',
  toCommand: ({ body, params: { caseId, conditionId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.revise-safety-condition', data: { ...body, caseId, conditionId }, metadata }),
});
