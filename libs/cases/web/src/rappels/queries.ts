import { queryOptions } from '@tanstack/react-query';
import type { RappelPlanner } from '@ketenregie/contracts';
import { rappelPlannerSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint } from '@ketenregie/platform-web';
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

const enc = encodeURIComponent;

/** Where an outcome is recorded; sent by `useCaseCommand` on the case version the planner row was read at. */
export const rappelOutcomePath = (caseId: string, rappelId: string) => `/cases/${enc(caseId)}/rappels/${enc(rappelId)}/outcome`;

/** Where one open rappel is moved to another day. */
export const rappelReschedulePath = (caseId: string, rappelId: string) => `/cases/${enc(caseId)}/rappels/${enc(rappelId)}/reschedule`;
