import type { OpenApiOperation } from '../openapi/openapi-document';
import { queryOperation, queryRoute } from '../openapi/route-declaration';
import type { QueryRoute } from '../openapi/route-declaration';
import { mailboxPageSchema, mailboxQuerySchema } from './mailbox';
import {
  portalLinkRedemptionBodySchema,
  portalLinkRedemptionSchema,
  portalReportParamsSchema,
  portalReportSchema,
  portalReportsSchema,
  portalSignalBodySchema,
  portalSignalRaisedSchema,
} from './portal';

// The feedback context's routes: served by the feedback server's controllers with `@Route`; the
// OpenAPI document and the authorisation matrix read this list.

export const readLocalMailboxRoute = queryRoute({
  method: 'get',
  path: '/admin/mailbox',
  operationId: 'readLocalMailbox',
  summary: 'De lokale postbus: uitgaande e-mail aan melders als er geen SMTP-server is ingesteld',
  tag: 'Beheer',
  authorisation: {
    kind: 'roles',
    roles: ['administrator'],
    rule: 'Bevoegdheid `read-local-mailbox`. Elke getoonde e-mail gaat over een casus en wordt als inzage gelogd voordat het antwoord vertrekt.',
  },
  query: mailboxQuerySchema,
  response: { body: { name: 'MailboxPage', schema: mailboxPageSchema }, description: 'Eén pagina e-mails, nieuwste eerst.' },
  problems: [{ status: '403', description: 'Alleen voor de beheerder.' }],
});

const portalReader =
  'Een aangemelde melder (rol `referrer`) ziet alleen de meldingen die hij zelf deed (zijn persoonsnummer bij zijn organisatie); wie via de link in een e-mail binnenkwam (sessiecookie van het meldersportaal, 60 minuten) ziet alleen die ene melding. Geen melding van een informant of een anonieme melder. Elke getoonde melding wordt als inzage van de casus gelogd.';

export const redeemPortalLinkRoute = queryRoute({
  method: 'post',
  path: '/referrer-portal/link-redemptions',
  operationId: 'redeemPortalLink',
  summary: 'De link uit een e-mail aan een melder inwisselen voor een korte sessie in het meldersportaal',
  tag: 'Meldersportaal',
  authorisation: {
    kind: 'public',
    rule: 'Wie de link heeft, mag hem één keer gebruiken, binnen 14 dagen. Alleen vanaf de eigen pagina (Origin van deze site, Content-Type application/json): geen X-CSRF-Token, want er is nog geen sessie. Zet een HttpOnly-cookie (SameSite=Strict) voor 60 minuten, alleen voor deze ene melding.',
  },
  csrfExempt: true,
  body: { name: 'PortalLinkRedemptionBody', schema: portalLinkRedemptionBodySchema },
  response: {
    status: '201',
    body: { name: 'PortalLinkRedemption', schema: portalLinkRedemptionSchema },
    description: 'Ingewisseld: `Set-Cookie` met de portaalsessie; `reportId` is de melding die de link opent.',
  },
  problems: [
    { status: '403', description: 'Het verzoek komt van een andere site.' },
    { status: '410', description: 'De link is onbekend, verlopen of al gebruikt; die gevallen zijn niet te onderscheiden.' },
    { status: '429', description: 'Te veel pogingen vanaf dit adres; wacht een minuut.' },
  ],
});

export const listPortalReportsRoute = queryRoute({
  method: 'get',
  path: '/referrer-portal/reports',
  operationId: 'listPortalReports',
  summary: 'Mijn meldingen: de eigen meldingen van de melder met hun stand en de terugkoppeling',
  tag: 'Meldersportaal',
  authorisation: { kind: 'roles', roles: ['referrer'], rule: portalReader },
  response: { body: { name: 'PortalReports', schema: portalReportsSchema }, description: 'De meldingen, nieuwste eerst.' },
  problems: [{ status: '403', description: 'Alleen voor melders.' }],
});

export const readPortalReportRoute = queryRoute({
  method: 'get',
  path: '/referrer-portal/reports/:reportId',
  operationId: 'readPortalReport',
  summary: 'Eén eigen melding met haar stand, de berichten van Veilig Thuis en de verstuurde signalen',
  tag: 'Meldersportaal',
  authorisation: { kind: 'roles', roles: ['referrer'], rule: portalReader },
  params: portalReportParamsSchema,
  response: { body: { name: 'PortalReport', schema: portalReportSchema }, description: 'De melding.' },
  problems: [
    { status: '403', description: 'Alleen voor melders.' },
    { status: '404', description: 'Geen eigen melding (een onbekende melding en die van een ander zijn niet te onderscheiden).' },
  ],
});

export const raisePortalSignalRoute = queryRoute({
  method: 'post',
  path: '/referrer-portal/reports/:reportId/signals',
  operationId: 'raisePortalSignal',
  summary: 'De regisseur laten weten dat de hulp stagneert of dat er nieuwe zorgen zijn',
  tag: 'Meldersportaal',
  authorisation: {
    kind: 'roles',
    roles: ['referrer'],
    rule: `${portalReader} Het signaal komt bij de regisseur van de casus. Een aangemelde melder stuurt het X-CSRF-Token mee; de portaalsessie van een link heeft geen token en gaat alleen mee vanaf de eigen site (SameSite=Strict, Origin van deze site, JSON).`,
  },
  idempotencyKey: true,
  params: portalReportParamsSchema,
  body: { name: 'PortalSignalBody', schema: portalSignalBodySchema },
  response: {
    status: '201',
    body: { name: 'PortalSignalRaised', schema: portalSignalRaisedSchema },
    description: 'Het signaal is vastgelegd.',
  },
  problems: [
    { status: '403', description: 'Alleen voor melders, of het verzoek komt van een andere site.' },
    { status: '404', description: 'Geen eigen melding.' },
    { status: '409', description: 'De casus veranderde tegelijk; probeer het opnieuw met dezelfde Idempotency-Key.' },
    { status: '422', description: 'De zaak is afgesloten: doe een nieuwe melding als u zich zorgen maakt.' },
    '428',
  ],
});

export const feedbackRoutes: readonly QueryRoute[] = [
  readLocalMailboxRoute,
  redeemPortalLinkRoute,
  listPortalReportsRoute,
  readPortalReportRoute,
  raisePortalSignalRoute,
];

export const feedbackOperations: readonly OpenApiOperation[] = feedbackRoutes.map(queryOperation);
