import type { Role } from '@ketenregie/kernel';
import { municipalityKey } from '@ketenregie/kernel';
import type { LegalBasis } from './legal-basis';
import { isLegalBasis } from './legal-basis';

/**
 * What an organisation is to the access policy. Veilig Thuis regions and local teams direct cases;
 * chain partners take tasks in a plan; referrer organisations only report; municipalities (and
 * regional collaborations) read the monitor; the operator runs the platform.
 */
export const directoryOrganisationKinds = [
  'veilig-thuis',
  'local-team',
  'chain-partner',
  'referrer-organisation',
  'municipality',
  'operator',
] as const;

export type DirectoryOrganisationKind = (typeof directoryOrganisationKinds)[number];

export type DirectoryOrganisation = {
  organisationId: string;
  name: string;
  kind: DirectoryOrganisationKind;
  /**
   * Veilig Thuis: the municipalities of its region. Local team: the municipalities it serves.
   * Municipality: itself, or the members of a regional collaboration (the monitor's scope).
   * Empty for every other kind.
   */
  municipalities: readonly string[];
  /** The ground its professionals process a family's data on, when it differs from the kind's default. */
  legalBasis?: LegalBasis;
};

export type OrganisationDirectory = {
  readonly organisations: ReadonlyMap<string, DirectoryOrganisation>;
  /** Municipality key -> the one Veilig Thuis region serving it. */
  readonly veiligThuisByMunicipality: ReadonlyMap<string, string>;
};

export class InvalidOrganisationDirectory extends Error {
  constructor(problem: string) {
    super(`Invalid organisation directory: ${problem}`);
    this.name = 'InvalidOrganisationDirectory';
  }
}

export { municipalityKey };

const kindsWithMunicipalities: readonly DirectoryOrganisationKind[] = ['veilig-thuis', 'local-team', 'municipality'];

/**
 * Validates and indexes the directory. Refuses a municipality served by two Veilig Thuis regions:
 * the region relation grants a whole region's cases, so it must be unambiguous.
 */
export const createOrganisationDirectory = (organisations: readonly DirectoryOrganisation[]): OrganisationDirectory => {
  const byId = new Map<string, DirectoryOrganisation>();
  const veiligThuisByMunicipality = new Map<string, string>();
  for (const organisation of organisations) {
    const { organisationId, kind } = organisation;
    if (typeof organisationId !== 'string' || organisationId.trim() === '')
      throw new InvalidOrganisationDirectory('an organisation has no id');
    if (byId.has(organisationId)) throw new InvalidOrganisationDirectory(`organisation ${organisationId} is listed twice`);
    if (!(directoryOrganisationKinds as readonly string[]).includes(kind)) {
      throw new InvalidOrganisationDirectory(`organisation ${organisationId} has an unknown kind`);
    }
    if (organisation.legalBasis !== undefined && !isLegalBasis(organisation.legalBasis)) {
      throw new InvalidOrganisationDirectory(`organisation ${organisationId} has an unknown legal basis`);
    }
    const keys = organisation.municipalities.map(municipalityKey);
    if (keys.some((key) => key === ''))
      throw new InvalidOrganisationDirectory(`organisation ${organisationId} lists an empty municipality`);
    if (kindsWithMunicipalities.includes(kind)) {
      if (keys.length === 0) throw new InvalidOrganisationDirectory(`${kind} ${organisationId} serves no municipality`);
    } else if (keys.length > 0) {
      throw new InvalidOrganisationDirectory(`${kind} ${organisationId} cannot serve municipalities`);
    }
    if (kind === 'veilig-thuis') {
      for (const key of keys) {
        const other = veiligThuisByMunicipality.get(key);
        if (other !== undefined && other !== organisationId) {
          throw new InvalidOrganisationDirectory(`municipality "${key}" is served by both ${other} and ${organisationId}`);
        }
        veiligThuisByMunicipality.set(key, organisationId);
      }
    }
    byId.set(organisationId, { ...organisation, municipalities: [...organisation.municipalities] });
  }
  return { organisations: byId, veiligThuisByMunicipality };
};

export const findOrganisation = (directory: OrganisationDirectory, organisationId: string): DirectoryOrganisation | undefined =>
  directory.organisations.get(organisationId);

/** The Veilig Thuis region for a family's municipality; `undefined` when the directory does not know it. */
export const veiligThuisRegionFor = (directory: OrganisationDirectory, municipality: string): DirectoryOrganisation | undefined => {
  const organisationId = directory.veiligThuisByMunicipality.get(municipalityKey(municipality));
  return organisationId === undefined ? undefined : directory.organisations.get(organisationId);
};

export const localTeamsFor = (directory: OrganisationDirectory, municipality: string): DirectoryOrganisation[] => {
  const key = municipalityKey(municipality);
  return [...directory.organisations.values()].filter(
    (organisation) => organisation.kind === 'local-team' && organisation.municipalities.some((name) => municipalityKey(name) === key),
  );
};

export const servesMunicipality = (organisation: DirectoryOrganisation, municipality: string): boolean => {
  const key = municipalityKey(municipality);
  return organisation.municipalities.some((name) => municipalityKey(name) === key);
};

/**
 * The kinds of organisation a role can be held at. A role held at any other organisation (an
 * account set up wrongly) counts for nothing, and a user of an organisation the directory does not
 * know has no role at all: the policy fails closed.
 */
export const organisationKindsByRole: Record<Role, readonly DirectoryOrganisationKind[]> = {
  'veilig-thuis-professional': ['veilig-thuis'],
  'team-sociaal-consultant': ['local-team'],
  'chain-partner': ['chain-partner'],
  referrer: ['referrer-organisation', 'chain-partner', 'local-team'],
  'policy-analyst': ['municipality', 'veilig-thuis'],
  'privacy-officer': directoryOrganisationKinds,
  administrator: directoryOrganisationKinds,
};

/** The roles a principal can act in at its organisation, in the order the principal lists them. */
export const effectiveRoles = (
  principal: { roles: readonly Role[]; organisationId: string },
  directory: OrganisationDirectory,
): { organisation: DirectoryOrganisation; roles: Role[] } | undefined => {
  const organisation = findOrganisation(directory, principal.organisationId);
  if (!organisation) return undefined;
  const roles = principal.roles.filter((role) => organisationKindsByRole[role]?.includes(organisation.kind) === true);
  return { organisation, roles: [...new Set(roles)] };
};

const defaultLegalBasisByKind: Record<DirectoryOrganisationKind, LegalBasis> = {
  'veilig-thuis': 'wmo-2015-4.1.1',
  'local-team': 'wmo-2015',
  'chain-partner': 'wmo-2015',
  'referrer-organisation': 'wmo-2015-4.1.1',
  municipality: 'wmo-2015',
  operator: 'wmo-2015',
};

/**
 * Veilig Thuis works under its own statutory task whatever the organisation says, and a referrer's
 * feedback is Veilig Thuis' duty (Wmo 2015 art. 4.1.1); anyone else under its organisation's ground.
 */
export const legalBasisFor = (role: Role, organisation: DirectoryOrganisation): LegalBasis => {
  if (role === 'veilig-thuis-professional' || role === 'referrer') return 'wmo-2015-4.1.1';
  return organisation.legalBasis ?? defaultLegalBasisByKind[organisation.kind];
};
