import { queryOptions } from '@tanstack/react-query';
import type { MyTasksPage } from '@ketenregie/contracts';
import { myTasksPageSchema } from '@ketenregie/contracts';
import { api, getJson, lastCheckpoint } from '@ketenregie/platform-web';
import { caseKeys } from '../shared/query-keys';

/** One page of 100 families: a partner rarely has more; the page says so when it does. */
const pageSize = 100;

export const myTasksQueryOptions = () =>
  queryOptions<MyTasksPage>({
    queryKey: caseKeys.myTasks({ page: 1, pageSize }),
    queryFn: ({ signal }) =>
      getJson(api('/my-tasks'), myTasksPageSchema, { signal, query: { page: 1, pageSize, after: lastCheckpoint() } }),
  });

const enc = encodeURIComponent;

/** Prefix of the task list's keys: a command from this page refreshes it. */
export const myTasksKey = [...caseKeys.all, 'my-tasks'] as const;

/** Where a partner records the status of its own safety condition (sent by `useCaseCommand`, on the version it saw). */
export const conditionStatusPath = (caseId: string, conditionId: string) =>
  `/cases/${enc(caseId)}/safety-conditions/${enc(conditionId)}/status`;

/** Where a partner tells the director that its task stalls or the family stopped cooperating. */
export const signalsPath = (caseId: string) => `/cases/${enc(caseId)}/signals`;
