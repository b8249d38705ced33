import { changePhaseBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Moves the case to another phase of the route (with reason). */
export const changePhaseRoute = caseCommandRoute({
  path: '/cases/:caseId/phase',
  commandType: 'cases.change-phase',
  operationId: 'changePhase',
  summary: 'Fase wijzigen',
  body: changePhaseBodySchema,
  bodyName: 'ChangePhaseBody',
  toCommand: ({ body, params: { caseId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.change-phase', data: { ...body, caseId }, metadata }),
});
