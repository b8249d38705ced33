import type { Role } from '@ketenregie/kernel';
import { directingRoles } from './case-access';
import type { DirectoryOrganisation, OrganisationDirectory } from './organisation-directory';
import { effectiveRoles, localTeamsFor, veiligThuisRegionFor } from './organisation-directory';

/**
 * A professional as the account directory knows them: their account id (the `personId` a case
 * records), display name and roles. Never a username or e-mail address.
 */
export type DirectoryPerson = { personId: string; displayName: string; organisationId: string; roles: readonly Role[] };

/** The enabled accounts, as the app's account store provides them (disabled accounts are left out). */
export type PeopleDirectory = {
  findPeople(personIds: readonly string[]): Promise<DirectoryPerson[]>;
  peopleOf(organisationId: string): Promise<DirectoryPerson[]>;
};

/** The roles someone can act in at their organisation; a role at an organisation of the wrong kind counts for nothing. */
export const rolesAtOrganisation = (person: Pick<DirectoryPerson, 'roles' | 'organisationId'>, directory: OrganisationDirectory): Role[] =>
  effectiveRoles(person, directory)?.roles ?? [];

/** Whether someone may direct a case for their organisation: a Veilig Thuis professional or a local-team consultant there. */
export const mayDirect = (person: Pick<DirectoryPerson, 'roles' | 'organisationId'>, directory: OrganisationDirectory): boolean =>
  rolesAtOrganisation(person, directory).some((role) => directingRoles.includes(role));

const regionsOf = (organisation: DirectoryOrganisation, directory: OrganisationDirectory): DirectoryOrganisation[] => {
  if (organisation.kind === 'veilig-thuis') return [organisation];
  const regions = new Map<string, DirectoryOrganisation>();
  for (const municipality of organisation.municipalities) {
    const region = veiligThuisRegionFor(directory, municipality);
    if (region) regions.set(region.organisationId, region);
  }
  return [...regions.values()];
};

/**
 * Where a professional who may steer can hand a case over to (ADR 0008): their own organisation
 * (a colleague), the Veilig Thuis region(s) their organisation works in and the local teams of
 * those regions' municipalities. A Veilig Thuis may also hand over to another Veilig Thuis, for a
 * family that moved to its region. `undefined` for someone who may not steer at all: the access
 * policy refuses them every hand-over anyway.
 */
export const handoverTargetsFor = (
  principal: { roles: readonly Role[]; organisationId: string },
  directory: OrganisationDirectory,
): ReadonlySet<string> | undefined => {
  const effective = effectiveRoles(principal, directory);
  if (!effective || !effective.roles.some((role) => directingRoles.includes(role))) return undefined;
  const own = effective.organisation;
  const targets = new Set<string>([own.organisationId]);
  for (const region of regionsOf(own, directory)) {
    targets.add(region.organisationId);
    for (const municipality of region.municipalities) {
      for (const team of localTeamsFor(directory, municipality)) targets.add(team.organisationId);
    }
  }
  if (own.kind === 'veilig-thuis') {
    for (const organisation of directory.organisations.values())
      if (organisation.kind === 'veilig-thuis') targets.add(organisation.organisationId);
  }
  return targets;
};

/**
 * Need-to-know for the list of an organisation's people: your own organisation, and the
 * organisations you may hand a case over to. Of any other the list (and whether it exists) is not
 * yours to know.
 */
export const mayListPeopleOf = (
  principal: { roles: readonly Role[]; organisationId: string },
  directory: OrganisationDirectory,
  organisationId: string,
): boolean => {
  const effective = effectiveRoles(principal, directory);
  if (!effective || effective.roles.length === 0) return false;
  if (effective.organisation.organisationId === organisationId) return true;
  return handoverTargetsFor(principal, directory)?.has(organisationId) === true;
};
