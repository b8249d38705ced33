import { planPartInputSchema, updatePlanPartBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Replaces one part of the plan (safety, aid, recovery); each version stays in the history. */
export const updatePlanPartRoute = caseCommandRoute({
  path: '/cases/:caseId/plan/parts/:part',
  commandType: 'cases.update-plan-part',
  operationId: 'updatePlanPart',
  summary: 'Onderdeel van het plan bijwerken',
  body: updatePlanPartBodySchema,
  bodyName: 'UpdatePlanPartBody',
  params: { part: planPartInputSchema },
  // `part` was checked against its schema with the path; parsed again here for its type.
  toCommand: ({ body, params: { caseId, part } }, { metadata }) =>
    onCase(caseId, { type: 'cases.update-plan-part', data: { ...body, caseId, part: planPartInputSchema.parse(part) }, metadata }),
});
