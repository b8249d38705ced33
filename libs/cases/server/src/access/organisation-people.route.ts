import { roles as allRoles } from '@ketenregie/access-domain';
import { organisationPeopleSchema } from '@ketenregie/contracts';
import { queryRoute } from '@ketenregie/platform-http';

/** The professionals of an organisation, to choose a receiver for a hand-over (ADR 0008). */
export const getOrganisationPeopleRoute = queryRoute({
  method: 'get',
  path: '/organisations/:organisationId/people',
  operationId: 'getOrganisationPeople',
  summary: 'Professionals van een organisatie, om een ontvanger van een overdracht te kiezen',
  tag: 'Toegang',
  authorisation: {
    kind: 'roles',
    roles: allRoles,
    rule: 'Need-to-know: de eigen organisatie, en (voor wie een casus kan regisseren) de organisaties waaraan u een casus mag overdragen: uw Veilig Thuis-regio, de lokale teams daarin en, voor Veilig Thuis, een andere Veilig Thuis. Elke andere organisatie 404, gelijk aan een onbekende. Accountnummer, naam en rollen; nooit een e-mailadres.',
  },
  response: {
    body: { name: 'OrganisationPeople', schema: organisationPeopleSchema },
    description: 'De actieve accounts van de organisatie met hun rollen daar.',
  },
  problems: [{ status: '404', description: 'Onbekende organisatie, of een waarvan u de professionals niet hoeft te kennen.' }],
});
