import type { OpenApiOperation } from '../openapi/openapi-document';
import {
  accessLogPageSchema,
  accessLogQuerySchema,
  accessLogVerificationSchema,
  emergencyGrantPageSchema,
  emergencyGrantSchema,
  emergencyGrantsQuerySchema,
  familyAccessLogExportSchema,
  reviewEmergencyGrantBodySchema,
} from './access-log';
import { authSessionSchema, oidcStartQuerySchema, signInBodySchema } from './auth';

// The access context's operations: sign-in and sessions, and the privacy officer's review of the
// access log and of break-the-glass grants. Listed here rather than in the access server so the
// one document can be built where the docs are served without a context importing another's
// server code.

const privacyOfficer = ['privacy-officer'] as const;

const oidcNotConfigured = {
  status: '404',
  description: 'Aanmelden via de eigen organisatie is voor deze installatie niet ingesteld.',
} as const;
const oidcUnreachable = { status: '503', description: 'De identiteitsprovider van de organisatie is nu niet bereikbaar.' } as const;

export const accessOperations: OpenApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/auth/sign-in',
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
  },
  {
    method: 'post',
    path: '/api/v1/auth/sign-out',
    operationId: 'signOut',
    summary: 'Afmelden: de sessie eindigt en de cookie wordt gewist',
    tag: 'Aanmelden',
    authorisation: {
      kind: 'public',
      rule: 'Met een lopende sessie is het X-CSRF-Token van die sessie nodig; zonder sessie is er niets te beëindigen en is het antwoord ook 204.',
    },
    response: { status: '204', description: 'Afgemeld.' },
  },
  {
    method: 'get',
    path: '/api/v1/auth/session',
    operationId: 'getSession',
    summary: 'De eigen sessie: gebruiker, rollen en CSRF-token',
    tag: 'Aanmelden',
    authorisation: { kind: 'signed-in', rule: 'Alleen de eigen sessie.' },
    response: { body: { name: 'AuthSession', schema: authSessionSchema }, description: 'De aangemelde gebruiker en het CSRF-token.' },
  },
  {
    method: 'get',
    path: '/api/v1/auth/oidc/start',
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
  },
  {
    method: 'get',
    path: '/api/v1/auth/oidc/callback',
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
  },
  {
    method: 'get',
    path: '/api/v1/access-log',
    operationId: 'searchAccessLog',
    summary: 'Toegangslogboek (NEN 7513) doorzoeken: wie zag of wijzigde wat, wanneer, op welke grond',
    tag: 'Privacy',
    authorisation: {
      kind: 'roles',
      roles: privacyOfficer,
      rule: 'Bevoegdheid `review-access-log`; geen inzage in de inhoud van casussen. Elke getoonde regel wordt zelf gelogd voordat het antwoord vertrekt.',
    },
    query: accessLogQuerySchema,
    response: { body: { name: 'AccessLogPage', schema: accessLogPageSchema }, description: 'Eén pagina logregels, nieuwste eerst.' },
    problems: [{ status: '403', description: 'Alleen voor de privacyfunctionaris.' }],
  },
  {
    method: 'get',
    path: '/api/v1/access-log/export/:familyId',
    operationId: 'exportFamilyAccessLog',
    summary: 'Inzage voor het gezin (AVG art. 15): elke toegang tot het gezin en zijn casussen',
    tag: 'Privacy',
    authorisation: {
      kind: 'roles',
      roles: privacyOfficer,
      rule: 'Bevoegdheid `review-access-log`. De export zelf wordt in dezelfde transactie gelogd als `export`.',
    },
    response: {
      body: { name: 'FamilyAccessLogExport', schema: familyAccessLogExportSchema },
      description: 'Alle regels over het gezin, oudste eerst, met de regel van deze export als laatste.',
    },
    problems: [{ status: '403', description: 'Alleen voor de privacyfunctionaris.' }],
  },
  {
    method: 'get',
    path: '/api/v1/access-log/verify',
    operationId: 'verifyAccessLog',
    summary: 'De hashketen van het logboek nalopen: is er een regel gewijzigd of verdwenen?',
    tag: 'Privacy',
    authorisation: { kind: 'roles', roles: privacyOfficer, rule: 'Bevoegdheid `review-access-log`.' },
    response: {
      body: { name: 'AccessLogVerification', schema: accessLogVerificationSchema },
      description: 'Of de keten klopt, en zo niet bij welke regel hij breekt.',
    },
    problems: [{ status: '403', description: 'Alleen voor de privacyfunctionaris.' }],
  },
  {
    method: 'get',
    path: '/api/v1/emergency-grants',
    operationId: 'listEmergencyGrants',
    summary: 'Noodtoegang (break-the-glass) beoordelen: de wachtrij en de beoordeelde',
    tag: 'Privacy',
    authorisation: {
      kind: 'roles',
      roles: privacyOfficer,
      rule: 'Bevoegdheid `review-emergency-grants`. De redenen gaan over de situatie in een casus: elke getoonde noodtoegang wordt als inzage gelogd.',
    },
    query: emergencyGrantsQuerySchema,
    response: { body: { name: 'EmergencyGrantPage', schema: emergencyGrantPageSchema }, description: 'Eén pagina noodtoegangen.' },
    problems: [{ status: '403', description: 'Alleen voor de privacyfunctionaris.' }],
  },
  {
    method: 'post',
    path: '/api/v1/emergency-grants/:grantId/review',
    operationId: 'reviewEmergencyGrant',
    summary: 'Een noodtoegang beoordelen als terecht of onterecht (onterecht met toelichting)',
    tag: 'Privacy',
    authorisation: {
      kind: 'roles',
      roles: privacyOfficer,
      rule: 'Bevoegdheid `review-emergency-grants`, en nooit de eigen noodtoegang: die beoordeelt een andere privacyfunctionaris.',
    },
    body: { name: 'ReviewEmergencyGrantBody', schema: reviewEmergencyGrantBodySchema },
    response: { body: { name: 'EmergencyGrant', schema: emergencyGrantSchema }, description: 'De noodtoegang met de beoordeling.' },
    problems: [
      { status: '403', description: 'Niet de privacyfunctionaris, de eigen noodtoegang, of het X-CSRF-Token ontbreekt of klopt niet.' },
      { status: '404', description: 'Deze noodtoegang bestaat niet.' },
      { status: '409', description: 'Deze noodtoegang is al beoordeeld.' },
    ],
  },
];
