export const sessionCookieName = 'ketenregie_session';
/** Binds an OpenID Connect sign-in in progress to the browser that started it. */
export const oidcFlowCookieName = 'ketenregie_oidc';
export const oidcFlowCookiePath = '/api/v1/auth/oidc';

export type CookieAttributes = {
  path: string;
  httpOnly: boolean;
  /** Set only when the request came over HTTPS: a Secure cookie set over plain HTTP is dropped. */
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  /** Omitted: a browser-session cookie. 0: delete the cookie now. */
  maxAgeSeconds?: number;
};

// Cookie values here are base64url tokens; anything else is never written.
const tokenPattern = /^[A-Za-z0-9_-]*$/;

export const serializeCookie = (name: string, value: string, attributes: CookieAttributes): string => {
  if (!tokenPattern.test(value)) throw new Error('cookie value must be base64url');
  const parts = [`${name}=${value}`, `Path=${attributes.path}`];
  if (attributes.maxAgeSeconds !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(attributes.maxAgeSeconds))}`);
    if (attributes.maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.secure) parts.push('Secure');
  parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join('; ');
};

/**
 * Lax, not Strict: a link to a case in an e-mail or another application must open signed in,
 * while a cross-site POST, the CSRF vector, still goes without the cookie (and needs the token).
 */
export const sessionCookie = (token: string, options: { secure: boolean; maxAgeSeconds: number }): string =>
  serializeCookie(sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    secure: options.secure,
    sameSite: 'Lax',
    maxAgeSeconds: options.maxAgeSeconds,
  });

export const clearedSessionCookie = (options: { secure: boolean }): string =>
  serializeCookie(sessionCookieName, '', { path: '/', httpOnly: true, secure: options.secure, sameSite: 'Lax', maxAgeSeconds: 0 });

/** The provider redirects back with a top-level GET, which SameSite=Lax lets through. */
export const oidcFlowCookie = (token: string, options: { secure: boolean; maxAgeSeconds: number }): string =>
  serializeCookie(oidcFlowCookieName, token, {
    path: oidcFlowCookiePath,
    httpOnly: true,
    secure: options.secure,
    sameSite: 'Lax',
    maxAgeSeconds: options.maxAgeSeconds,
  });

export const clearedOidcFlowCookie = (options: { secure: boolean }): string =>
  serializeCookie(oidcFlowCookieName, '', {
    path: oidcFlowCookiePath,
    httpOnly: true,
    secure: options.secure,
    sameSite: 'Lax',
    maxAgeSeconds: 0,
  });

/** One cookie's value from a Cookie header; the first wins, as browsers send the most specific first. */
export const readCookie = (header: string | undefined, name: string): string | undefined => {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
};
