import type { WorklistName } from '@ketenregie/contracts';

/** One worklist endpoint (`GET /worklists/<name>`), declared once for the router, the OpenAPI document and the authorisation matrix. */
export type WorklistRoute = { name: WorklistName; operationId: string; summary: string };

export const worklistRoutes = [
  { name: 'my-cases', operationId: 'getMyCases', summary: 'Mijn casussen (ik ben regisseur)' },
  { name: 'assessments-due', operationId: 'getAssessmentsDue', summary: 'Veiligheidsbeoordelingen die nog binnen de termijn vallen' },
  { name: 'assessments-overdue', operationId: 'getAssessmentsOverdue', summary: 'Veiligheidsbeoordelingen over de termijn' },
  { name: 'rappels-due', operationId: 'getRappelsDue', summary: 'Rappels die deze week aan de beurt zijn' },
  { name: 'rappels-overdue', operationId: 'getRappelsOverdue', summary: 'Rappels over de termijn' },
  { name: 'recidivism-flags', operationId: 'getRecidivismFlags', summary: 'Onbevestigde recidivesignalen' },
] as const satisfies readonly WorklistRoute[];

// A worklist the contracts name but no route serves is a compile error.
export const _everyWorklistHasARoute: Exclude<WorklistName, (typeof worklistRoutes)[number]['name']> extends never ? true : never = true;
