import { queryOptions } from '@tanstack/react-query';
import type { MyTasksPage, RecordSafetyConditionStatusBody } from '@ketenregie/contracts';
import { caseCommandResultSchema, myTasksPageSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint, sendJson } from '@ketenregie/platform-web';
import { caseKeys } from '../shared/query-keys';

/** One page of 100 families: a partner rarely has more; the page says so when it does. */
const pageSize = 100;

export const myTasksQueryOptions = () =>
  queryOptions<MyTasksPage>({
    queryKey: caseKeys.myTasks({ page: 1, pageSize }),
    queryFn: ({ signal }) =>
      getJson(api('/my-tasks'), myTasksPageSchema, { signal, query: { page: 1, pageSize, after: lastCheckpoint() } }),
  });

/** The one command a partner may send: the status of its own safety condition, on the case version it saw. */
export const recordSafetyConditionStatus = (input: {
  caseId: string;
  conditionId: string;
  version: number;
  body: RecordSafetyConditionStatusBody;
  idempotencyKey: string;
}) =>
  sendJson({
    path: api(`/cases/${encodeURIComponent(input.caseId)}/safety-conditions/${encodeURIComponent(input.conditionId)}/status`),
    body: input.body,
    schema: caseCommandResultSchema,
    idempotencyKey: input.idempotencyKey,
    ifMatch: `"${input.version}"`,
  });
