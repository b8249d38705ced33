import { reasonBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** A chain partner's involvement ends (with reason). */
export const endChainPartnerInvolvementRoute = caseCommandRoute({
  path: '/cases/:caseId/chain-partners/:partnerId/end',
  commandType: 'cases.end-chain-partner-involvement',
  operationId: 'endChainPartnerInvolvement',
  summary: 'Betrokkenheid ketenpartner beëindigen',
  body: reasonBodySchema,
  bodyName: 'ReasonBody',
  toCommand: ({ body, params: { caseId, partnerId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.end-chain-partner-involvement', data: { caseId, partnerId, reason: body.reason }, metadata }),
});
