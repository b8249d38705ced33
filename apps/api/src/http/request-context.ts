import { randomUUID } from 'node:crypto';

// A caller-supplied id is echoed into logs and headers, so only a plain token is accepted.
const acceptableRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the client's `X-Request-Id` when it is a plain token, a fresh one otherwise.
 * It travels on the response header (commands use it as their correlation id), not in an
 * AsyncLocalStorage: that would put a hook on every promise of every request.
 */
export const requestIdFrom = (header: string | string[] | undefined): string => {
  const value = Array.isArray(header) ? header[0] : header;
  return value && acceptableRequestId.test(value) ? value : randomUUID();
};
