import { api } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';

/**
 * Whether this installation runs the demo region (`SEED_DEMO`), from the public sign-in options:
 * the header then marks every page DEMO. The accounts themselves are the sign-in page's.
 */
export const isDemoRegionOn = async (signal?: AbortSignal): Promise<boolean> => {
  const response = await fetch(api('/auth/sign-in-options'), {
    headers: { Accept: 'application/json' },
    signal,
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const options: unknown = await response.json();
  return typeof options === 'object' && options !== null && (options as { demoAccounts?: unknown }).demoAccounts === true;
};

export const demoRegionQueryOptions = () =>
  queryOptions({
    queryKey: ['demo-region'] as const,
    queryFn: ({ signal }) => isDemoRegionOn(signal),
    // Set when the server starts; a reload after a restart sees a change.
    staleTime: Infinity,
    retry: false,
  });
