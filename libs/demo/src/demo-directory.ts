import type { DirectoryOrganisation, OrganisationDirectory } from '@ketenregie/access-domain';
import { createOrganisationDirectory } from '@ketenregie/access-domain';
import { chainPartners, localTeams, municipalities, referrerOrganisations, veiligThuis } from './demo-region';

/**
 * The demo region as the access policy sees it, derived from the demo data so the two cannot
 * drift: one Veilig Thuis region for all demo municipalities, each local team for the
 * municipalities it serves, the demo partners, and the referring organisations whose professionals
 * are parties to their reports (a school, a GP practice, the police). Organisations without cases (a municipality for
 * the monitor, the operator) are added by the caller.
 */
export const demoDirectoryOrganisations = (): DirectoryOrganisation[] => [
  {
    organisationId: veiligThuis.organisationId,
    name: veiligThuis.name,
    kind: 'veilig-thuis',
    municipalities: municipalities.map((municipality) => municipality.name),
  },
  ...localTeams.map(({ organisation }): DirectoryOrganisation => ({
    organisationId: organisation.organisationId,
    name: organisation.name,
    kind: 'local-team',
    municipalities: municipalities
      .filter((municipality) => municipality.localTeamId === organisation.organisationId)
      .map((municipality) => municipality.name),
  })),
  ...chainPartners.map((partner): DirectoryOrganisation => ({
    organisationId: partner.organisationId,
    name: partner.name,
    kind: 'chain-partner',
    municipalities: [],
  })),
  ...referrerOrganisations.map((organisation): DirectoryOrganisation => ({
    organisationId: organisation.organisationId,
    name: organisation.name,
    kind: 'referrer-organisation',
    municipalities: [],
  })),
];

export const demoOrganisationDirectory = (extra: readonly DirectoryOrganisation[] = []): OrganisationDirectory =>
  createOrganisationDirectory([...demoDirectoryOrganisations(), ...extra]);
