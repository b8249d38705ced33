import { emptyBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** A recidivism signal seen and weighed by the director. */
export const acknowledgeRecidivismFlagRoute = caseCommandRoute({
  path: '/cases/:caseId/recidivism-flags/:flagId/acknowledge',
  commandType: 'cases.acknowledge-recidivism-flag',
  operationId: 'acknowledgeRecidivismFlag',
  summary: 'Recidivesignaal bevestigen',
  body: emptyBodySchema,
  bodyName: 'EmptyBody',
  toCommand: ({ params: { caseId, flagId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.acknowledge-recidivism-flag', data: { caseId, flagId }, metadata }),
});
