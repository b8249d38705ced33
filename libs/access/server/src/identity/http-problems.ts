import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import type { ZodType } from 'zod';
import { issueCode } from '@ketenregie/contracts';

export type FieldError = { path: string; message: string; code?: string };

/** An RFC 9457 problem in the shape the app's global filter turns into problem+json. */
export const problem = (status: number, detail: string, options: { type?: string; errors?: FieldError[] } = {}): HttpException =>
  new HttpException(
    {
      type: options.type ?? 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      ...(options.errors ? { errors: options.errors } : {}),
    },
    status,
  );

export const problemTypes = {
  signInFailed: 'urn:ketenregie:problem:auth.sign-in-failed',
  csrf: 'urn:ketenregie:problem:auth.csrf-token',
  crossSiteSignIn: 'urn:ketenregie:problem:auth.cross-site-sign-in',
  oidcNotConfigured: 'urn:ketenregie:problem:auth.oidc-not-configured',
  oidcFailed: 'urn:ketenregie:problem:auth.oidc-failed',
  oidcNoAccount: 'urn:ketenregie:problem:auth.oidc-no-account',
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

const dutch = z.locales.nl();

const pathOf = (segments: readonly PropertyKey[]): string => segments.map(String).join('.');

/**
 * Parses request input; failures are 400 problems with one field path per error. `prefix` names
 * where the input came from when that is not the body (`query`).
 */
export const parseInput = <Schema extends ZodType>(schema: Schema, input: unknown, prefix?: string): z.output<Schema> => {
  const result = schema.safeParse(input, { error: dutch.localeError });
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((issue): FieldError[] => {
    const base = prefix === undefined ? issue.path : [prefix, ...issue.path];
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...base, key]), message: 'Dit veld is onbekend.', code: issue.code }))
      : [{ path: pathOf(base), message: issue.message, code: issueCode(issue) }];
  });
  throw problem(400, 'Niet alle velden zijn goed ingevuld.', { errors });
};
