import type { Principal } from '@ketenregie/kernel';
import type { CaseRelations } from './case-relations';
import { directingRoles, ownTasksOf, taskRoles } from './case-access';
import type { OrganisationDirectory } from './organisation-directory';
import { effectiveRoles, municipalityKey } from './organisation-directory';

/**
 * The relations of `decideCaseAccess` restated as a filter over many cases, so lists, searches
 * and counts can be limited in the database (before any LIMIT) instead of case by case afterwards.
 * A case matches when its director's organisation or its pending hand-over's receiving
 * organisation is `organisationId`, or its municipality is one of `regionMunicipalities`.
 */
export type FullAccessListCriteria = {
  /** Set only for a user acting in a directing role at a directing organisation. */
  organisationId: string | null;
  /** Municipality keys (`municipalityKey`) of the Veilig Thuis region the user works for. */
  regionMunicipalities: string[];
};

export const matchesNothing = (criteria: FullAccessListCriteria): boolean =>
  criteria.organisationId === null && criteria.regionMunicipalities.length === 0;

/** Cases the principal may see in full through a relation (grants not included: the caller adds those case ids). */
export const fullAccessListCriteria = (principal: Principal, directory: OrganisationDirectory): FullAccessListCriteria => {
  const effective = effectiveRoles(principal, directory);
  if (!effective) return { organisationId: null, regionMunicipalities: [] };
  const { organisation, roles } = effective;
  const directs = roles.some((role) => directingRoles.includes(role));
  const regional = roles.includes('veilig-thuis-professional') && organisation.kind === 'veilig-thuis';
  return {
    organisationId: directs ? organisation.organisationId : null,
    regionMunicipalities: regional ? [...new Set(organisation.municipalities.map(municipalityKey))] : [],
  };
};

/** The same test as the SQL filter, on one case: `decideCaseAccess` gives `full` without a grant exactly when this holds. */
export const matchesFullAccessCriteria = (criteria: FullAccessListCriteria, relations: CaseRelations): boolean =>
  (criteria.organisationId !== null &&
    (relations.director.organisationId === criteria.organisationId ||
      relations.pendingHandoverTo?.organisationId === criteria.organisationId)) ||
  criteria.regionMunicipalities.includes(municipalityKey(relations.municipality));

/** The organisation whose tasks the principal may list, or `null`. Cases it sees in full are found with the full criteria. */
export const ownTaskListOrganisation = (principal: Principal, directory: OrganisationDirectory): string | null => {
  const effective = effectiveRoles(principal, directory);
  if (!effective || !effective.roles.some((role) => taskRoles.includes(role))) return null;
  return effective.organisation.organisationId;
};

/** Mirror of the task-list filter on one case. */
export const matchesOwnTaskList = (organisationId: string | null, relations: CaseRelations): boolean =>
  organisationId !== null && ownTasksOf(organisationId, relations) !== undefined;
