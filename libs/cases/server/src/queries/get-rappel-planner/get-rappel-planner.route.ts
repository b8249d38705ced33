import { rappelPlannerQuerySchema, rappelPlannerSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { byCapability, caseProblems } from '../../http/route-authorisation';

/** The rappel planner: the rappels due in a span (a week), across the cases the user sees in full. */
export const getRappelPlannerRoute = queryRoute({
  method: 'get',
  path: '/rappels',
  operationId: 'getRappelPlanner',
  summary: 'Rappelplanner: de rappels van een periode (een week) over al uw casussen',
  tag: 'Werklijsten',
  authorisation: byCapability(
    'view-worklists',
    'Alleen rappels van casussen waarmee u een relatie hebt die de hele casus opent, zoals bij de werklijsten; elke getoonde casus wordt gelogd.',
  ),
  query: rappelPlannerQuerySchema,
  response: {
    body: { name: 'RappelPlanner', schema: rappelPlannerSchema },
    description: 'De rappels van de periode, te laat eerst, dan op datum, elk met de casus en de huidige regisseur.',
  },
  problems: [caseProblems.capability, '503'],
});
