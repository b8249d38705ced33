import { rescheduleRappelBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Moves one open rappel to another day; its last day moves with it. */
export const rescheduleRappelRoute = caseCommandRoute({
  path: '/cases/:caseId/rappels/:rappelId/reschedule',
  commandType: 'cases.reschedule-rappel',
  operationId: 'rescheduleRappel',
  summary: 'Rappel verplaatsen',
  body: rescheduleRappelBodySchema,
  bodyName: 'RescheduleRappelBody',
  toCommand: ({ body, params: { caseId, rappelId } }, { metadata }) =>
    onCase(caseId, {
      type: 'cases.reschedule-rappel',
      data: { caseId, rappelId, dueOn: body.dueOn, reason: body.reason },
      metadata,
    }),
});
