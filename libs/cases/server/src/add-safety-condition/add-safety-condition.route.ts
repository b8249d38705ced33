import { addSafetyConditionBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** A safety condition, owned by an organisation that follows it up. */
export const addSafetyConditionRoute = caseCommandRoute({
  path: '/cases/:caseId/safety-conditions',
  commandType: 'cases.add-safety-condition',
  operationId: 'addSafetyCondition',
  summary: 'Veiligheidsvoorwaarde toevoegen',
  body: addSafetyConditionBodySchema,
  bodyName: 'AddSafetyConditionBody',
  toCommand: ({ body, params: { caseId } }, { metadata, idFor }) => {
    const conditionId = body.conditionId ?? idFor('safety-condition');
    return onCase(caseId, { type: 'cases.add-safety-condition', data: { ...body, caseId, conditionId }, metadata }, { conditionId });
  },
});
