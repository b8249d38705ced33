import { reasonBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** A member entered by mistake (not of this family); the reports that named them stay. */
export const removeMemberRoute = caseCommandRoute({
  path: '/cases/:caseId/members/:memberId/remove',
  commandType: 'cases.remove-member',
  operationId: 'removeMember',
  summary: 'Een ten onrechte ingevoerd gezinslid verwijderen (met reden)',
  body: reasonBodySchema,
  bodyName: 'ReasonBody',
  toCommand: ({ body, params: { caseId, memberId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.remove-member', data: { caseId, memberId, reason: body.reason }, metadata }),
});
