import { closeCaseBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Closes the case with its outcome. */
export const closeCaseRoute = caseCommandRoute({
  path: '/cases/:caseId/close',
  commandType: 'cases.close-case',
  operationId: 'closeCase',
  summary: 'Casus afsluiten',
  body: closeCaseBodySchema,
  bodyName: 'CloseCaseBody',
  toCommand: ({ body, params: { caseId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.close-case', data: { caseId, outcome: body.outcome, notes: body.notes ?? '' }, metadata }),
});
