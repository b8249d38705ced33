import { offerHandoverBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute } from '../case-command/case-command.route';
import { requireHandoverTarget } from './handover-target';

/** Offers direction; the current director stays accountable until the receiver accepts. */
export const offerHandoverRoute = caseCommandRoute({
  path: '/cases/:caseId/handovers',
  commandType: 'cases.offer-handover',
  operationId: 'offerHandover',
  summary: 'Overdracht van regie aanbieden',
  body: offerHandoverBodySchema,
  bodyName: 'OfferHandoverBody',
  toCommand: ({ body, params: { caseId } }, context) => {
    requireHandoverTarget(context, body.to.organisation.organisationId);
    const handoverId = body.handoverId ?? context.idFor('handover');
    return {
      caseId,
      target: 'existing',
      ids: { handoverId },
      command: { type: 'cases.offer-handover', data: { ...body, caseId, handoverId }, metadata: context.metadata },
    };
  },
});
