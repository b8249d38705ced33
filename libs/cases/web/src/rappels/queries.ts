import { queryOptions } from '@tanstack/react-query';
import type { RappelPlanner, RecordRappelOutcomeBody, RescheduleRappelBody } from '@ketenregie/contracts';
import { caseCommandResultSchema, rappelPlannerSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint, sendJson } from '@ketenregie/platform-web';
import { caseKeys } from '../shared/query-keys';

export type PlannerSpan = { from: string; to: string };

// Under `caseKeys.all`, so any case command (here or on the case page) refreshes the planner too.
export const rappelPlannerKeys = {
  all: [...caseKeys.all, 'rappel-planner'] as const,
  span: (span: PlannerSpan) => [...rappelPlannerKeys.all, span] as const,
};

export const rappelPlannerQueryOptions = (span: PlannerSpan) =>
  queryOptions<RappelPlanner>({
    queryKey: rappelPlannerKeys.span(span),
    queryFn: ({ signal }) =>
      getJson(api('/rappels'), rappelPlannerSchema, { signal, query: { from: span.from, to: span.to, after: lastCheckpoint() } }),
  });

/** `If-Match` with the case version the user saw, so an outcome never lands on a case changed in between. */
export const recordRappelOutcome = (input: {
  caseId: string;
  rappelId: string;
  version: number;
  body: RecordRappelOutcomeBody;
  idempotencyKey: string;
}) =>
  sendJson({
    path: api(`/cases/${encodeURIComponent(input.caseId)}/rappels/${encodeURIComponent(input.rappelId)}/outcome`),
    body: input.body,
    schema: caseCommandResultSchema,
    idempotencyKey: input.idempotencyKey,
    ifMatch: `"${input.version}"`,
  });

/** Moves one open rappel to another day, on the case version the user saw. */
export const rescheduleRappel = (input: {
  caseId: string;
  rappelId: string;
  version: number;
  body: RescheduleRappelBody;
  idempotencyKey: string;
}) =>
  sendJson({
    path: api(`/cases/${encodeURIComponent(input.caseId)}/rappels/${encodeURIComponent(input.rappelId)}/reschedule`),
    body: input.body,
    schema: caseCommandResultSchema,
    idempotencyKey: input.idempotencyKey,
    ifMatch: `"${input.version}"`,
  });
