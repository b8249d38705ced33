import { queryRoute } from '../openapi/route-declaration';
import { authSessionSchema, demoAccountsSchema, oidcStartQuerySchema, signInBodySchema, signInOptionsSchema } from './auth';

// Signing in and out, and the own session: served by the access context's auth controller.

const oidcNotConfigured = {
  status: '404',
  description: 'Aanmelden via de eigen organisatie is voor deze installatie niet ingesteld.',
} as const;
const oidcUnreachable = { status: '503', description: 'De identiteitsprovider van de organisatie is nu niet bereikbaar.' } as const;

export const signInRoute = queryRoute({
  method: 'post',
  path: '/auth/sign-in',
  operationId: 'signIn',
  summary: 'Aanmelden met gebruikersnaam en wachtwoord; zet de sessiecookie',
  tag: 'Aanmelden',
  authorisation: {
    kind: 'public',
    rule: 'Alleen vanaf de eigen pagina (Origin van deze site, Content-Type application/json): geen X-CSRF-Token, want er is nog geen sessie. Na herhaald mislukken wordt het account tijdelijk geblokkeerd.',
  },
  csrfExempt: true,
  body: { name: 'SignInBody', schema: signInBodySchema },
  response: {
    body: { name: 'AuthSession', schema: authSessionSchema },
    description: 'Aangemeld: `Set-Cookie` met een nieuwe sessie; `csrfToken` gaat mee met elk volgend POST-verzoek.',
  },
  problems: [
    {
      status: '401',
      description:
        'Gebruikersnaam of wachtwoord klopt niet, of het account is (tijdelijk) geblokkeerd; die gevallen zijn niet te onderscheiden.',
    },
    { status: '403', description: 'Het verzoek komt van een andere site (login-CSRF).' },
    '415',
    { status: '429', description: 'Te veel aanmeldpogingen vanaf dit adres; wacht een minuut.' },
  ],
});

export const signOutRoute = queryRoute({
  method: 'post',
  path: '/auth/sign-out',
  operationId: 'signOut',
  summary: 'Afmelden: de sessie eindigt en de cookie wordt gewist',
  tag: 'Aanmelden',
  authorisation: {
    kind: 'public',
    rule: 'Met een lopende sessie is het X-CSRF-Token van die sessie nodig; zonder sessie is er niets te beëindigen en is het antwoord ook 204.',
  },
  response: { status: '204', description: 'Afgemeld.' },
});

export const getSessionRoute = queryRoute({
  method: 'get',
  path: '/auth/session',
  operationId: 'getSession',
  summary: 'De eigen sessie: gebruiker, rollen en CSRF-token',
  tag: 'Aanmelden',
  authorisation: { kind: 'signed-in', rule: 'Alleen de eigen sessie.' },
  response: { body: { name: 'AuthSession', schema: authSessionSchema }, description: 'De aangemelde gebruiker en het CSRF-token.' },
});

export const startOidcSignInRoute = queryRoute({
  method: 'get',
  path: '/auth/oidc/start',
  operationId: 'startOidcSignIn',
  summary: 'Aanmelden via de eigen organisatie (OpenID Connect): doorsturen naar de identiteitsprovider',
  tag: 'Aanmelden',
  authorisation: { kind: 'public', rule: 'Alleen als de installatie een identiteitsprovider heeft (OIDC_*).' },
  query: oidcStartQuerySchema,
  response: { status: '302', description: 'Door naar de identiteitsprovider; een cookie houdt de aanmelding bij.' },
  problems: [
    { status: '400', description: 'Ongeldige invoer, of `returnTo` is geen pad binnen Ketenregie.' },
    oidcNotConfigured,
    oidcUnreachable,
  ],
});

export const finishOidcSignInRoute = queryRoute({
  method: 'get',
  path: '/auth/oidc/callback',
  operationId: 'finishOidcSignIn',
  summary: 'Terugkeer van de identiteitsprovider: sessie starten en door naar `returnTo`',
  tag: 'Aanmelden',
  authorisation: {
    kind: 'public',
    rule: 'Alleen in de browser die de aanmelding begon (cookie), en alleen voor een Ketenregie-account dat aan de identiteit gekoppeld is of het geverifieerde e-mailadres als gebruikersnaam heeft.',
  },
  response: { status: '302', description: 'Aangemeld (`Set-Cookie`) en door naar de pagina waar de aanmelding begon.' },
  problems: [
    { status: '400', description: 'De aanmelding is verlopen of in een andere browser begonnen.' },
    { status: '401', description: 'De identiteitsprovider heeft de aanmelding niet bevestigd.' },
    { status: '403', description: 'Aangemeld bij de eigen organisatie, maar er is geen Ketenregie-account aan gekoppeld.' },
    oidcNotConfigured,
    oidcUnreachable,
  ],
});

export const getDemoAccountsRoute = queryRoute({
  method: 'get',
  path: '/auth/demo-accounts',
  operationId: 'getDemoAccounts',
  summary: 'De demo-accounts met hun wachtwoord, één per rol, zolang de demoregio aan staat',
  tag: 'Aanmelden',
  authorisation: {
    kind: 'public',
    rule: 'Alleen als de demoregio aan staat (SEED_DEMO): verzonnen mensen in een verzonnen regio, met een wachtwoord dat bij elke start van de server nieuw is. Staat de demoregio uit, dan bestaan deze accounts niet (404).',
  },
  response: {
    body: { name: 'DemoAccounts', schema: demoAccountsSchema },
    description: 'Eén demo-account per rol, met gebruikersnaam, naam, organisatie en het wachtwoord van deze start.',
  },
  problems: [{ status: '404', description: 'De demoregio staat uit: er zijn geen demo-accounts.' }],
});

export const getSignInOptionsRoute = queryRoute({
  method: 'get',
  path: '/auth/sign-in-options',
  operationId: 'getSignInOptions',
  summary: 'Wat de aanmeldpagina kan aanbieden: aanmelden via de eigen organisatie, demo-accounts',
  tag: 'Aanmelden',
  authorisation: {
    kind: 'public',
    rule: 'Zegt alleen of OIDC_* is ingesteld en of de demoregio aan staat; geen namen, geen adressen van de identiteitsprovider.',
  },
  response: { body: { name: 'SignInOptions', schema: signInOptionsSchema }, description: 'De manieren van aanmelden op deze installatie.' },
});
