import { escalateCaseBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';
import { requireHandoverTarget } from '../offer-handover/handover-target';

/** Opschalen: an offer to Veilig Thuis, or an immediate take-over when Veilig Thuis itself acts. */
export const escalateCaseRoute = caseCommandRoute({
  path: '/cases/:caseId/escalations',
  commandType: 'cases.escalate-case',
  operationId: 'escalateCase',
  summary: 'Opschalen naar Veilig Thuis',
  body: escalateCaseBodySchema,
  bodyName: 'EscalateCaseBody',
  toCommand: ({ body, params: { caseId } }, context) => {
    requireHandoverTarget(context, body.to.organisation.organisationId);
    const handoverId = body.handoverId ?? context.idFor('handover');
    return onCase(
      caseId,
      { type: 'cases.escalate-case', data: { ...body, caseId, handoverId }, metadata: context.metadata },
      { handoverId },
    );
  },
});
