import { api } from '@ketenregie/platform-web';
import { queryOptions } from '@tanstack/react-query';

/**
 * Whether this installation runs the demo region (`SEED_DEMO`): then, and only then, the API
 * publishes the demo accounts, so their address answers 200; without the region it answers 404.
 * Only the status is read: the header marks every page DEMO, the accounts are the sign-in page's.
 */
export const isDemoRegionOn = async (signal?: AbortSignal): Promise<boolean> => {
  const response = await fetch(api('/auth/demo-accounts'), { headers: { Accept: 'application/json' }, signal, credentials: 'same-origin' });
  if (response.ok) return true;
  if (response.status === 404) return false;
  throw new Error(`HTTP ${response.status}`);
};

export const demoRegionQueryOptions = () =>
  queryOptions({
    queryKey: ['demo-region'] as const,
    queryFn: ({ signal }) => isDemoRegionOn(signal),
    // Set when the server starts; a reload after a restart sees a change.
    staleTime: Infinity,
    retry: false,
  });
