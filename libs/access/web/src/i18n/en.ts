import type { AccessWebMessageKey } from './nl';

export const en: Record<AccessWebMessageKey, string> = {
  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in with your username and password.',
  'signIn.username': 'Username',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.busy': 'Signing in…',
  'signIn.refused': 'We do not know this combination of username and password. Check what you typed and try again.',
  'signIn.tooMany': 'Too many attempts. Wait a few minutes and try again.',
  'signIn.failed': 'Signing in failed. Nothing was saved. Error code: {code}',
  'signIn.oidc': 'Sign in with your organisation account',
  'signIn.or': 'Or with username and password',
  'expired.title': 'Your session has expired',
  'expired.body': 'Your session has expired. What you typed is kept. Sign in again to continue.',
  'expired.done': 'You are signed in again. Repeat your last action.',
};
