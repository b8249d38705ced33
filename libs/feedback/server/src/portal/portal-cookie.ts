import { apiBasePath } from '@ketenregie/contracts';

export const portalCookieName = 'ketenregie_portal';

/** Sent only to the portal's own routes, never to the rest of the API. */
export const portalCookiePath = `${apiBasePath}/referrer-portal`;

/**
 * Strict, unlike the staff session's Lax: the portal page is opened by the app itself after the
 * redemption, never by a link from elsewhere, so no cross-site request ever needs this cookie. It
 * stands in for the CSRF token a link session does not have. Secure whenever the request came over
 * HTTPS (a Secure cookie set over plain HTTP is dropped).
 */
export const portalSessionCookie = (token: string, options: { secure: boolean; maxAgeSeconds: number }): string =>
  [
    `${portalCookieName}=${token}`,
    `Path=${portalCookiePath}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
    'SameSite=Strict',
  ].join('; ');

/** One cookie's value from a Cookie header; the first wins, as browsers send the most specific first. */
export const readPortalCookie = (header: string | undefined): string | undefined => {
  for (const part of header?.split(';') ?? []) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== portalCookieName) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
};
