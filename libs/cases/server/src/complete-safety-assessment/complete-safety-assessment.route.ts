import { completeSafetyAssessmentBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** The assessment's conclusion: acute and structural unsafety. */
export const completeSafetyAssessmentRoute = caseCommandRoute({
  path: '/cases/:caseId/safety-assessments/:assessmentId/complete',
  commandType: 'cases.complete-safety-assessment',
  operationId: 'completeSafetyAssessment',
  summary: 'Veiligheidsbeoordeling afronden',
  body: completeSafetyAssessmentBodySchema,
  bodyName: 'CompleteSafetyAssessmentBody',
  toCommand: ({ body, params: { caseId, assessmentId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.complete-safety-assessment', data: { ...body, caseId, assessmentId }, metadata }),
});
