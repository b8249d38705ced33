import type { OpenApiOperation } from '../openapi/openapi-document';
import { queryOperation, queryRoute } from '../openapi/route-declaration';
import type { QueryRoute } from '../openapi/route-declaration';
import { mailboxPageSchema, mailboxQuerySchema } from './mailbox';

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

export const feedbackRoutes: readonly QueryRoute[] = [readLocalMailboxRoute];

export const feedbackOperations: readonly OpenApiOperation[] = feedbackRoutes.map(queryOperation);
