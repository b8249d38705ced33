import { reasonBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** The receiver declines; the offering director keeps the case. */
export const declineHandoverRoute = caseCommandRoute({
  path: '/cases/:caseId/handovers/:handoverId/decline',
  commandType: 'cases.decline-handover',
  operationId: 'declineHandover',
  summary: 'Overdracht weigeren (met reden)',
  body: reasonBodySchema,
  bodyName: 'ReasonBody',
  toCommand: ({ body, params: { caseId, handoverId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.decline-handover', data: { caseId, handoverId, reason: body.reason }, metadata }),
});
