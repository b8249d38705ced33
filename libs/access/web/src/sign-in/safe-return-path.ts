/** Only paths inside the app: a `terug` parameter must never send a user to another site. */
export const safeReturnPath = (value: string | null): string =>
  value && /^\/(?!\/)/.test(value) && !value.includes('\\') && !value.startsWith('/aanmelden') ? value : '/';
