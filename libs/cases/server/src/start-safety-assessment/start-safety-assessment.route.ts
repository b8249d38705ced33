import { emptyBodySchema } from '@ketenregie/contracts';
import { caseCommandRoute, onCase } from '../case-command/case-command.route';

/** Veilig Thuis starts the safety assessment the intake opened. */
export const startSafetyAssessmentRoute = caseCommandRoute({
  path: '/cases/:caseId/safety-assessments/:assessmentId/start',
  commandType: 'cases.start-safety-assessment',
  operationId: 'startSafetyAssessment',
  summary: 'Veiligheidsbeoordeling starten',
  body: emptyBodySchema,
  bodyName: 'EmptyBody',
  toCommand: ({ params: { caseId, assessmentId } }, { metadata }) =>
    onCase(caseId, { type: 'cases.start-safety-assessment', data: { caseId, assessmentId }, metadata }),
});
