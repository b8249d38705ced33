import { emergencyAccessBodySchema, emergencyAccessGrantSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { byCapability } from '../http/route-authorisation';

/** Break-the-glass: a Veilig Thuis professional opens a case outside their relation to it, stating why. */
export const requestEmergencyAccessRoute = queryRoute({
  method: 'post',
  path: '/cases/:caseId/emergency-access',
  operationId: 'requestEmergencyAccess',
  summary: 'Noodtoegang (break-the-glass): een casus buiten de eigen relatie inzien, met reden; tijdelijk en gelogd',
  tag: 'Toegang',
  authorisation: byCapability(
    'request-emergency-access',
    'Voor een casus waarmee u geen relatie hebt; de reden wordt gelogd en de privacyfunctionaris beoordeelt elke noodtoegang (GET /api/v1/emergency-grants).',
  ),
  body: { name: 'EmergencyAccessBody', schema: emergencyAccessBodySchema },
  response: {
    body: { name: 'EmergencyAccessGrant', schema: emergencyAccessGrantSchema },
    status: '201',
    description: 'Toegang verleend tot `expiresAt`; elke inzage geldt als noodtoegang en wordt beoordeeld. `Location` wijst naar de casus.',
  },
  problems: [
    {
      status: '403',
      description:
        'Geen Veilig Thuis-professional, terwijl u de casus wel kent (eigen taak in het plan), of het X-CSRF-Token ontbreekt of klopt niet.',
    },
    {
      status: '404',
      description: 'Onbekende casus, of (zonder de rol Veilig Thuis-professional) een casus waarmee u geen relatie hebt.',
    },
    {
      status: '422',
      description:
        'De reden is te kort of te lang (`errors` noemt `reason`), of u hebt al toegang tot deze casus en noodtoegang is niet nodig.',
    },
  ],
});
