import { worklistCountsQuerySchema, worklistCountsSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { byCapability, caseProblems, wholeCase } from '../../http/route-authorisation';

/** The number of cases on each worklist, for the counts on the worklist tabs. */
export const getWorklistCountsRoute = queryRoute({
  method: 'get',
  path: '/worklists/counts',
  operationId: 'getWorklistCounts',
  summary: 'Aantallen per werklijst (voor de tabbladen van de werkvoorraad)',
  tag: 'Werklijsten',
  authorisation: byCapability(
    'view-worklists',
    `Telt alleen casussen waarmee u ${wholeCase} hebt, gefilterd als de werklijsten zelf; alleen aantallen, geen gezinnen.`,
  ),
  query: worklistCountsQuerySchema,
  response: {
    body: { name: 'WorklistCounts', schema: worklistCountsSchema },
    description: 'Per werklijst het aantal casussen, gelijk aan `total` van die werklijst met dezelfde `scope`.',
  },
  problems: [caseProblems.capability, '503'],
});
