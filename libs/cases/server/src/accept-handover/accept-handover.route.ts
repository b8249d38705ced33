import { emptyBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Whoever accepts an offer to their team becomes director, under their account's name. */
export const acceptHandoverRoute = caseCommandRoute({
  path: '/cases/:caseId/handovers/:handoverId/accept',
  commandType: 'cases.accept-handover',
  operationId: 'acceptHandover',
  summary: 'Overdracht aanvaarden',
  body: emptyBodySchema,
  bodyName: 'EmptyBody',
  toCommand: ({ params: { caseId, handoverId } }, { metadata, principal }) =>
    onCase(caseId, {
      type: 'cases.accept-handover',
      data: { caseId, handoverId, acceptedBy: { personId: principal.userId, name: principal.displayName } },
      metadata,
    }),
});
