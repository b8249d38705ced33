import type { ZodType } from 'zod';
import type { WorklistName } from '@ketenregie/contracts';
import { handoverOfferPageSchema } from '@ketenregie/contracts';

/**
 * One worklist endpoint (`GET /worklists/<name>`), declared once for the router, the OpenAPI
 * document and the authorisation matrix. `page`: the answer's schema when the list shows more than
 * the usual worklist columns (`WorklistPage` otherwise).
 */
export type WorklistRoute = {
  name: WorklistName;
  operationId: string;
  summary: string;
  page?: { name: string; schema: ZodType; description: string };
};

export const worklistRoutes = [
  { name: 'my-cases', operationId: 'getMyCases', summary: 'Mijn casussen (ik ben regisseur)' },
  { name: 'assessments-due', operationId: 'getAssessmentsDue', summary: 'Veiligheidsbeoordelingen die nog binnen de termijn vallen' },
  { name: 'assessments-overdue', operationId: 'getAssessmentsOverdue', summary: 'Veiligheidsbeoordelingen over de termijn' },
  { name: 'rappels-due', operationId: 'getRappelsDue', summary: 'Rappels die deze week aan de beurt zijn' },
  { name: 'rappels-overdue', operationId: 'getRappelsOverdue', summary: 'Rappels over de termijn' },
  {
    name: 'assessments',
    operationId: 'getAssessments',
    summary: 'Alle open veiligheidsbeoordelingen: die over de termijn eerst, dan die binnen de termijn',
  },
  { name: 'rappels', operationId: 'getRappels', summary: 'Rappels over de termijn en die van deze week: te laat eerst' },
  { name: 'recidivism-flags', operationId: 'getRecidivismFlags', summary: 'Onbevestigde recidivesignalen' },
  { name: 'signals', operationId: 'getSignals', summary: 'Signalen van melders en ketenpartners die nog niet gezien zijn' },
  {
    name: 'feedback-due',
    operationId: 'getFeedbackDue',
    summary:
      'Terugkoppeling: casussen van u of uw team waar terugkoppeling aan een melder te laat is, binnen 2 werkdagen moet, of niet aankwam',
  },
  {
    name: 'handovers-offered',
    operationId: 'getHandoversOffered',
    summary: 'Overdrachten die wachten op uw antwoord of dat van uw team',
    page: {
      name: 'HandoverOfferPage',
      schema: handoverOfferPageSchema,
      description:
        'Eén pagina aangeboden overdrachten, langst wachtend eerst, elk met wie aanbiedt, aan wie, welke soort en sinds wanneer.',
    },
  },
] as const satisfies readonly WorklistRoute[];

// A worklist the contracts name but no route serves is a compile error.
export const _everyWorklistHasARoute: Exclude<WorklistName, (typeof worklistRoutes)[number]['name']> extends never ? true : never = true;
