import { queryRoute } from '../openapi/route-declaration';
import {
  emergencyGrantPageSchema,
  emergencyGrantSchema,
  emergencyGrantsQuerySchema,
  grantIdParamSchema,
  reviewEmergencyGrantBodySchema,
} from './access-log';

// The privacy officer's review of break-the-glass access: served by the access context's emergency-grant review controller.

const privacyOfficer = ['privacy-officer'] as const;

export const listEmergencyGrantsRoute = queryRoute({
  method: 'get',
  path: '/emergency-grants',
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
});

export const reviewEmergencyGrantRoute = queryRoute({
  method: 'post',
  path: '/emergency-grants/:grantId/review',
  params: grantIdParamSchema,
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
});
