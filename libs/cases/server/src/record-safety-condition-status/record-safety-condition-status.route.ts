import { recordSafetyConditionStatusBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** How a safety condition is kept; the owning partner may record it on its own condition. */
export const recordSafetyConditionStatusRoute = caseCommandRoute({
  path: '/cases/:caseId/safety-conditions/:conditionId/status',
  commandType: 'cases.record-safety-condition-status',
  operationId: 'recordSafetyConditionStatus',
  summary: 'Status van een veiligheidsvoorwaarde vastleggen',
  body: recordSafetyConditionStatusBodySchema,
  bodyName: 'RecordSafetyConditionStatusBody',
  toCommand: ({ body, params: { caseId, conditionId } }, { metadata }) =>
    onCase(caseId, {
      type: 'cases.record-safety-condition-status',
      data: { caseId, conditionId, status: body.status, notes: body.notes ?? '' },
      metadata,
    }),
});
