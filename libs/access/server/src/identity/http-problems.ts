import type { HttpException } from '@nestjs/common';
import { problem } from '@ketenregie/platform-http';

export const problemTypes = {
  signInFailed: 'urn:ketenregie:problem:auth.sign-in-failed',
  csrf: 'urn:ketenregie:problem:auth.csrf-token',
  crossSiteSignIn: 'urn:ketenregie:problem:auth.cross-site-sign-in',
  oidcNotConfigured: 'urn:ketenregie:problem:auth.oidc-not-configured',
  oidcFailed: 'urn:ketenregie:problem:auth.oidc-failed',
  oidcNoAccount: 'urn:ketenregie:problem:auth.oidc-no-account',
  demoOff: 'urn:ketenregie:problem:auth.demo-off',
} as const;

/**
 * The one answer to every refused sign-in (see `SignInService`): it names the lockout rule
 * without saying whether it applies to this username, or whether the username exists.
 */
export const signInFailed = (policy: { maxFailedAttempts: number; lockoutMs: number }): HttpException =>
  problem(
    401,
    `Aanmelden is niet gelukt. Controleer uw gebruikersnaam en wachtwoord. Na ${policy.maxFailedAttempts} mislukte pogingen ` +
      `achter elkaar wordt een account ${dutchDuration(policy.lockoutMs)} geblokkeerd.`,
    { type: problemTypes.signInFailed },
  );

export const dutchDuration = (ms: number): string => {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} ${seconds === 1 ? 'seconde' : 'seconden'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} minuten`;
  return `${Math.round(minutes / 60)} uur`;
};

export const csrfRejected = (): HttpException =>
  problem(403, 'Dit verzoek mist een geldig beveiligingstoken (X-CSRF-Token). Laad de pagina opnieuw en probeer het nog eens.', {
    type: problemTypes.csrf,
  });
