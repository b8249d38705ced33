import { reasonBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** The offering director takes the offer back. */
export const withdrawHandoverRoute = caseCommandRoute({
  path: '/cases/:caseId/handovers/:handoverId/withdraw',
  commandType: 'cases.withdraw-handover',
  operationId: 'withdrawHandover',
  summary: 'Overdracht intrekken (met reden)',
  body: reasonBodySchema,
  bodyName: 'ReasonBody',
  toCommand: ({ body, params: { caseId, handoverId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.withdraw-handover', data: { caseId, handoverId, reason: body.reason }, metadata }),
});
