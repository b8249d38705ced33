import { roles as allRoles } from '@ketenregie/access-domain';
import { organisationListQuerySchema, organisationListSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';

/** The organisations of one kind in the directory, to choose a chain partner for a case by name. */
export const listOrganisationsRoute = queryRoute({
  method: 'get',
  path: '/organisations',
  operationId: 'listOrganisations',
  summary: 'Organisaties van één soort, om een ketenpartner te kiezen',
  tag: 'Toegang',
  authorisation: {
    kind: 'roles',
    roles: allRoles,
    rule: 'Need-to-know: iedere aangemelde professional mag de namen van de ketenpartners in het organisatieoverzicht zien. Alleen code, naam en soort; geen mensen, geen gezinnen.',
  },
  query: organisationListQuerySchema,
  response: {
    body: { name: 'OrganisationList', schema: organisationListSchema },
    description: 'De organisaties van die soort, op naam.',
  },
  problems: ['400'],
});
