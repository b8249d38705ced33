import { worklistFacetsQuerySchema, worklistFacetsSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';
import { byCapability, caseProblems, wholeCase } from '../../http/route-authorisation';

/** The municipalities and statuses one worklist holds: the options of its filter chips. */
export const getWorklistFacetsRoute = queryRoute({
  method: 'get',
  path: '/worklists/facets',
  operationId: 'getWorklistFacets',
  summary: 'Filterwaarden van een werklijst (gemeenten en statussen, voor de filterknoppen)',
  tag: 'Werklijsten',
  authorisation: byCapability(
    'view-worklists',
    `Alleen casussen waarmee u ${wholeCase} hebt, gefilterd als de werklijst zelf; alleen gemeenten en statussen, geen gezinnen.`,
  ),
  query: worklistFacetsQuerySchema,
  response: {
    body: { name: 'WorklistFacets', schema: worklistFacetsSchema },
    description:
      'De gemeenten (alfabetisch) en statussen (in de volgorde van de levensloop) die op de werklijst voorkomen, zonder de filters `municipality` en `status`.',
  },
  problems: [caseProblems.capability, '503'],
});
