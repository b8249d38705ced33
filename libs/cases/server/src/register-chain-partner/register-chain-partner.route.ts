import { registerChainPartnerBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** A chain partner involved with the family. */
export const registerChainPartnerRoute = caseCommandRoute({
  path: '/cases/:caseId/chain-partners',
  commandType: 'cases.register-chain-partner',
  operationId: 'registerChainPartner',
  summary: 'Ketenpartner registreren',
  body: registerChainPartnerBodySchema,
  bodyName: 'RegisterChainPartnerBody',
  toCommand: ({ body, params: { caseId } }, { metadata, idFor }) => {
    const partnerId = body.partnerId ?? idFor('chain-partner');
    return onCase(caseId, { type: 'cases.register-chain-partner', data: { ...body, caseId, partnerId }, metadata }, { partnerId });
  },
});
