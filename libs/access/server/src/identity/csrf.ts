import { createHash, timingSafeEqual } from 'node:crypto';

export const csrfHeaderName = 'x-csrf-token';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Methods a cross-site page can make a browser send with the cookie and that change something. */
export const isStateChanging = (method: string): boolean => stateChanging.has(method.toUpperCase());

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Constant-time comparison. Both sides are hashed first so that neither the length nor a common
 * prefix of a guess shows in the response time.
 */
export const csrfTokenMatches = (expected: string, given: string | string[] | undefined): boolean => {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
};
