import { Controller, Inject, Param, Query as QueryParams, Req } from '@nestjs/common';
import type { Request } from 'express';
import { findOrganisation, mayListPeopleOf, rolesAtOrganisation } from '@ketenregie/access-domain';
import type { OrganisationDirectory, PeopleDirectory } from '@ketenregie/access-domain';
import type { MunicipalityList, OrganisationList, OrganisationPeople } from '@ketenregie/contracts';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { getOrganisationPeopleRoute } from './organisation-people.route';
import { listOrganisationsRoute } from './organisation-list.route';
import { listMunicipalitiesRoute } from './municipality-list.route';
import { ORGANISATION_DIRECTORY, PEOPLE_DIRECTORY } from '@ketenregie/access-contracts';
import { parseInput, problem, Route } from '@ketenregie/platform-http';

const organisationIdPattern = /^[A-Za-z0-9._:-]{1,200}$/;

const unknownOrganisation = () =>
  problem(404, 'Deze organisatie is niet bekend.', { type: 'urn:ketenregie:problem:organisation.not-found' });

/**
 * The professionals of an organisation, so a client can offer a choice of receiver for a hand-over
 * (ADR 0008). Need-to-know: the caller's own organisation and the organisations they may hand a
 * case over to; any other answers 404, the same as an organisation that does not exist. Names no
 * family, so it is not an access-log read.
 */
@Controller()
export class OrganisationPeopleController {
  constructor(
    @Inject(ORGANISATION_DIRECTORY) private readonly directory: OrganisationDirectory,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  @Route(getOrganisationPeopleRoute)
  async peopleOf(@Req() request: Request, @Param('organisationId') organisationId: string): Promise<OrganisationPeople> {
    const principal = principalFromRequest(request);
    if (!organisationIdPattern.test(organisationId) || !mayListPeopleOf(principal, this.directory, organisationId))
      throw unknownOrganisation();
    const organisation = findOrganisation(this.directory, organisationId);
    if (!organisation) throw unknownOrganisation();
    const people = (await this.people.peopleOf(organisationId))
      .map((person) => ({ personId: person.personId, displayName: person.displayName, roles: rolesAtOrganisation(person, this.directory) }))
      .filter((person) => person.roles.length > 0);
    return { organisation: { organisationId, name: organisation.name, kind: organisation.kind }, people };
  }

  /** Names and codes only, so any signed-in professional may have them (a chain partner is chosen by name). */
  @Route(listOrganisationsRoute)
  list(@Req() request: Request, @QueryParams() params: unknown): OrganisationList {
    // Signed-in professionals only (401 otherwise): the directory is not for the public.
    principalFromRequest(request);
    const { kind } = parseInput(listOrganisationsRoute.query, params, 'query');
    const organisations = [...this.directory.organisations.values()]
      .filter((organisation) => organisation.kind === kind)
      .map((organisation) => ({ organisationId: organisation.organisationId, name: organisation.name, kind }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    return { organisations };
  }

  /** The regions' municipalities by name, each once, so an intake names the municipality as the directory does. */
  @Route(listMunicipalitiesRoute)
  municipalities(@Req() request: Request): MunicipalityList {
    principalFromRequest(request);
    const municipalities = [...this.directory.organisations.values()]
      .filter((organisation) => organisation.kind === 'veilig-thuis')
      .flatMap((region) =>
        region.municipalities.map((name) => ({ name, veiligThuis: { organisationId: region.organisationId, name: region.name } })),
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    return { municipalities };
  }
}
