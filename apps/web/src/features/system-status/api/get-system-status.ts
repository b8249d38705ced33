import type { SystemStatus } from '@ketenregie/contracts';
import { systemStatusSchema } from '@ketenregie/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api, getJson } from '@ketenregie/platform-web';

export const getSystemStatus = (signal?: AbortSignal): Promise<SystemStatus> => getJson(api('/status'), systemStatusSchema, { signal });

export const systemStatusQueryOptions = () =>
  queryOptions({
    queryKey: ['system-status'] as const,
    queryFn: ({ signal }) => getSystemStatus(signal),
    // Lag changes while projections catch up; a light poll keeps the numbers honest without a push channel.
    refetchInterval: 10_000,
  });
