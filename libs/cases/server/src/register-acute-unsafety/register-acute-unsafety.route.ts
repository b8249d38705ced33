import { registerAcuteUnsafetyBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Acute unsafety and the measures taken. */
export const registerAcuteUnsafetyRoute = caseCommandRoute({
  path: '/cases/:caseId/acute-unsafety',
  commandType: 'cases.register-acute-unsafety',
  operationId: 'registerAcuteUnsafety',
  summary: 'Acute onveiligheid vastleggen',
  body: registerAcuteUnsafetyBodySchema,
  bodyName: 'RegisterAcuteUnsafetyBody',
  toCommand: ({ body, params: { caseId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.register-acute-unsafety', data: { ...body, caseId }, metadata }),
});
