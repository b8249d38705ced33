import { registerAdviceRequestBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute } from '../case-command/case-command.route';
import { intake } from '../intake/intake';
import { pathId } from '../case-command/case-command.http';

/** Adviesvraag: recorded on the family's case; anonymous referrers are allowed here. */
export const registerAdviceRequestRoute = caseCommandRoute({
  path: '/cases/advice-requests',
  commandType: 'cases.register-advice-request',
  operationId: 'registerAdviceRequest',
  summary: 'Adviesvraag registreren',
  body: registerAdviceRequestBodySchema,
  bodyName: 'RegisterAdviceRequestBody',
  creates: true,
  toCommand: ({ body }, context) => {
    const { caseId, target, data, newFamily } = intake(body, context, pathId);
    const adviceRequestId = body.adviceRequestId ?? context.idFor('advice-request');
    return {
      caseId,
      target,
      ids: { adviceRequestId },
      ...(newFamily ? { newFamily } : {}),
      command: { type: 'cases.register-advice-request', data: { ...data, adviceRequestId }, metadata: context.metadata },
    };
  },
});
