import { recordRappelOutcomeBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** An unsafe outcome escalates the case in the same action. */
export const recordRappelOutcomeRoute = caseCommandRoute({
  path: '/cases/:caseId/rappels/:rappelId/outcome',
  commandType: 'cases.record-rappel-outcome',
  operationId: 'recordRappelOutcome',
  summary: 'Uitkomst van een rappel vastleggen',
  body: recordRappelOutcomeBodySchema,
  bodyName: 'RecordRappelOutcomeBody',
  toCommand: ({ body, params: { caseId, rappelId } }, { metadata }) =>
    onCase(caseId, {
      type: 'cases.record-rappel-outcome',
      data: { caseId, rappelId, outcome: body.outcome, notes: body.notes ?? '' },
      metadata,
    }),
});
