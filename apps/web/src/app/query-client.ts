import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@ketenregie/platform-web';

const maxRetries = 2;

// Only a network fault (fetch rejects with a TypeError) or a 5xx may heal by asking again;
// a 4xx or a response that breaks the contract will fail the same way every time.
const isTransient = (error: unknown): boolean => error instanceof TypeError || (error instanceof ApiError && error.status >= 500);

export const createQueryClient = (): QueryClient =>
  new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (failureCount, error) => failureCount < maxRetries && isTransient(error),
      },
    },
  });
