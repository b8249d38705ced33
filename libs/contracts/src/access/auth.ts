import { z } from 'zod';
import type { Role } from '@ketenregie/kernel';
import { instantOutput } from '../dates';
import { storableString } from '../text';

// Bodies and answers of /api/v1/auth. The sign-in body is strict like every other request body: an
// unknown field is a client bug worth hearing about, not something to drop silently.

const required = 'Dit veld is verplicht.';

export const signInBodySchema = z
  .strictObject({
    username: storableString({ error: required })
      .trim()
      .min(1, { error: required })
      .max(200, { error: 'Maximaal 200 tekens.' })
      .describe('Uw gebruikersnaam.'),
    // Not trimmed: spaces can be part of a passphrase. The upper bound keeps a hash request cheap.
    password: storableString({ error: required })
      .min(1, { error: required })
      .max(1_000, { error: 'Maximaal 1000 tekens.' })
      .describe('Uw wachtwoord.'),
  })
  .meta({ examples: [{ username: 'a.devries', password: 'correct paard batterij niet' }] });

export type SignInBody = z.input<typeof signInBodySchema>;

// Spelled out rather than imported: the web bundle resolves only this library, and a type-only
// import is erased. The two checks below fail the typecheck when the kernel's list changes.
const roleValues = [
  'veilig-thuis-professional',
  'team-sociaal-consultant',
  'chain-partner',
  'referrer',
  'policy-analyst',
  'privacy-officer',
  'administrator',
] as const satisfies readonly Role[];
type MissingRole = Exclude<Role, (typeof roleValues)[number]>;
const everyRoleListed: [MissingRole] extends [never] ? true : MissingRole = true;
void everyRoleListed;

export const signedInUserSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  organisationId: z.string(),
  /** The organisation's name from the directory, for the header; its id when the directory no longer knows it. */
  organisationName: z.string(),
  roles: z.array(z.enum(roleValues)),
});

export type SignedInUser = z.infer<typeof signedInUserSchema>;

/**
 * What sign-in and `GET /api/v1/auth/session` answer. The CSRF token goes with every POST, PUT,
 * PATCH and DELETE in the `X-CSRF-Token` header; the session itself travels only in its
 * httpOnly cookie, out of reach of scripts. The times let a client warn before the session ends
 * (the cookie cannot be read); asking for the session is itself a request, so it extends it.
 */
export const authSessionSchema = z.object({
  user: signedInUserSchema,
  csrfToken: z.string(),
  expiresAt: instantOutput().describe(
    'Wanneer de sessie eindigt als er geen verzoek meer mee komt. Elk verzoek schuift dit op tot `idleTimeoutSeconds` later, maar nooit voorbij `endsAt`.',
  ),
  endsAt: instantOutput().describe('Wanneer de sessie hoe dan ook eindigt (vaste tijd na het aanmelden); daarna meldt u zich opnieuw aan.'),
  idleTimeoutSeconds: z.number().int().positive().describe('Hoe lang de sessie zonder verzoeken blijft bestaan.'),
});

export type AuthSession = z.infer<typeof authSessionSchema>;

export const oidcStartQuerySchema = z.strictObject({
  returnTo: storableString()
    .max(2_000, { error: 'Maximaal 2000 tekens.' })
    .optional()
    .describe('Pagina van de app (een pad als `/zaken/123`) waar de browser na het aanmelden heen gaat.'),
});

export type OidcStartQuery = z.input<typeof oidcStartQuerySchema>;

/**
 * One invented account of the demo region, with the password it got at this start: the sign-in
 * page lists one per role, so a newcomer can try each role without reading the server log.
 */
export const demoAccountSchema = z.object({
  username: z.string(),
  /** Ends in "(DEMO)", like every name in the demo region. */
  displayName: z.string(),
  role: z.enum(roleValues),
  organisation: z.object({ organisationId: z.string(), name: z.string() }),
  password: z.string(),
});

export type DemoAccountEntry = z.infer<typeof demoAccountSchema>;

/** What `GET /api/v1/auth/demo-accounts` answers while the demo region is on, one account per role. */
export const demoAccountsSchema = z.object({ accounts: z.array(demoAccountSchema) });

export type DemoAccountList = z.infer<typeof demoAccountsSchema>;

/**
 * What the sign-in page may offer, answered without a session: the organisation-account button
 * only where an identity provider is set up, and the demo accounts only while the demo region is
 * on (the page then fetches them; it never asks for a list that does not exist).
 */
export const signInOptionsSchema = z.object({
  oidc: z.boolean().describe('Aanmelden via de eigen organisatie (OpenID Connect) is ingesteld.'),
  demoAccounts: z.boolean().describe('De demoregio staat aan: `GET /auth/demo-accounts` geeft de demo-accounts.'),
});

export type SignInOptions = z.infer<typeof signInOptionsSchema>;

export const csrfHeader = 'X-CSRF-Token';
export const sessionCookieName = 'ketenregie_session';
