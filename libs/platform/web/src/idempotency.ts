import { useCallback, useRef } from 'react';

const newKey = (): string => crypto.randomUUID();

/**
 * One Idempotency-Key per action the user means to do once: a retry after a network fault or a
 * 5xx reuses it, so the server runs the action at most once; `renew` after a success or when the
 * user changes what they send.
 */
export const useIdempotencyKey = (): { key: () => string; renew: () => void } => {
  const current = useRef<string | null>(null);
  const key = useCallback(() => {
    current.current ??= newKey();
    return current.current;
  }, []);
  const renew = useCallback(() => {
    current.current = null;
  }, []);
  return { key, renew };
};
