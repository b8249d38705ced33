import { queryRoute } from '../openapi/route-declaration';
import {
  accessLogPageSchema,
  accessLogQuerySchema,
  accessLogVerificationSchema,
  familyAccessLogExportSchema,
  familyIdParamSchema,
} from './access-log';

// The privacy officer's view of the NEN 7513 access log: served by the access context's access-log controller.

const privacyOfficer = ['privacy-officer'] as const;

export const searchAccessLogRoute = queryRoute({
  method: 'get',
  path: '/access-log',
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
});

export const exportFamilyAccessLogRoute = queryRoute({
  method: 'get',
  path: '/access-log/export/:familyId',
  params: familyIdParamSchema,
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
});

export const verifyAccessLogRoute = queryRoute({
  method: 'get',
  path: '/access-log/verify',
  operationId: 'verifyAccessLog',
  summary: 'De hashketen van het logboek nalopen: is er een regel gewijzigd of verdwenen?',
  tag: 'Privacy',
  authorisation: { kind: 'roles', roles: privacyOfficer, rule: 'Bevoegdheid `review-access-log`.' },
  response: {
    body: { name: 'AccessLogVerification', schema: accessLogVerificationSchema },
    description: 'Of de keten klopt, en zo niet bij welke regel hij breekt.',
  },
  problems: [{ status: '403', description: 'Alleen voor de privacyfunctionaris.' }],
});
