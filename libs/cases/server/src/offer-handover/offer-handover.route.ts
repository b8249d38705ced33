import { offerHandoverBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';
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
    return onCase(
      caseId,
      { type: 'cases.offer-handover', data: { ...body, caseId, handoverId }, metadata: context.metadata },
      { handoverId },
    );
  },
});
