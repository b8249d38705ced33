import { myTasksPageSchema, myTasksQuerySchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { byCapability, caseProblems } from '../../http/route-authorisation';

/** Mijn taken: a chain partner's (or local team's) own tasks in other organisations' plans. */
export const getMyTasksRoute = queryRoute({
  method: 'get',
  path: '/my-tasks',
  operationId: 'getMyTasks',
  summary: 'Mijn taken: de eigen taken van mijn organisatie in plannen van anderen (ketenpartner, lokaal team)',
  tag: 'Werklijsten',
  authorisation: byCapability(
    'view-own-tasks',
    'Per casus alleen de eigen veiligheidsvoorwaarden en afspraken van de eigen organisatie, nooit het gezin of de rest van het plan; elke getoonde casus wordt gelogd.',
  ),
  query: myTasksQuerySchema,
  response: { body: { name: 'MyTasksPage', schema: myTasksPageSchema }, description: 'Per casus alleen de eigen taken.' },
  problems: [caseProblems.capability, '503'],
});
