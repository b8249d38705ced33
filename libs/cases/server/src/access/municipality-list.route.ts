import { roles as allRoles } from '@ketenregie/access-domain';
import { municipalityListSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';

/** The municipalities of the directory's Veilig Thuis regions, to type a family's municipality as the directory knows it. */
export const listMunicipalitiesRoute = queryRoute({
  method: 'get',
  path: '/municipalities',
  operationId: 'listMunicipalities',
  summary: 'Gemeenten van de regio, om de gemeente van een gezin te kiezen',
  tag: 'Toegang',
  authorisation: {
    kind: 'roles',
    roles: allRoles,
    rule: 'Need-to-know: iedere aangemelde professional mag de gemeenten van de regio en hun Veilig Thuis zien. Alleen namen en codes; geen mensen, geen gezinnen.',
  },
  response: {
    body: { name: 'MunicipalityList', schema: municipalityListSchema },
    description: 'De gemeenten, op naam, elk met de Veilig Thuis-organisatie van haar regio.',
  },
});
