import { mergeMembersBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Two members who are one person: the surviving member keeps the other's spellings. */
export const mergeMembersRoute = caseCommandRoute({
  path: '/cases/:caseId/members/merge',
  commandType: 'cases.merge-members',
  operationId: 'mergeMembers',
  summary: 'Twee gezinsleden samenvoegen die één persoon zijn (met reden); het blijvende lid houdt de schrijfwijzen van het andere',
  body: mergeMembersBodySchema,
  bodyName: 'MergeMembersBody',
  toCommand: ({ body, params: { caseId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.merge-members', data: { ...body, caseId }, metadata }),
});
