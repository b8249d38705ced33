const base = 'http://return-to.invalid';
const maxLength = 2_000;

/**
 * Where to send the browser after an OpenID Connect sign-in: only a path on this site. Anything
 * that a browser could read as another origin (`//evil`, `/\evil`, `https://...`, control
 * characters it strips) is refused, so the callback can never become an open redirect.
 * Returns undefined for a refused value; no value at all means the start page.
 */
export const safeReturnTo = (value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return '/';
  if (value.length > maxLength || !value.startsWith('/')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
};
