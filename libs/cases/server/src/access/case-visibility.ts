import type { OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import { fullAccessListCriteria, ownTaskListOrganisation } from '@ketenregie/access-domain';
import type { FullAccessListCriteria } from '@ketenregie/access-domain';

/** Adds a parameter and returns its placeholder (`$3`): the shape `CaseReadModel` already builds its SQL with. */
export type Bind = (value: unknown) => string;

/**
 * A boolean SQL condition over one `case_summaries` row (optionally aliased, e.g. `s`). Put it in
 * the WHERE of the page query and of its count alike, with the same parameters, so a list, its
 * total and a search only ever contain cases the user may see: filtered in the database, before
 * any LIMIT, never afterwards.
 */
export type CaseFilter = (bind: Bind, alias?: string) => string;

const column = (alias: string | undefined, name: string): string => (alias ? `${alias}.${name}` : name);

/**
 * Renders `FullAccessListCriteria` (plus cases under a running emergency grant) as SQL over the
 * register's access columns (`caseAccessColumns`), each with an index: the municipality already
 * as `municipalityKey` compares it, the receiving organisation of a pending hand-over.
 */
export const fullAccessSql = (
  criteria: FullAccessListCriteria,
  bind: Bind,
  options: { alias?: string; emergencyCaseIds?: readonly string[] } = {},
): string => {
  const { alias } = options;
  const parts: string[] = [];
  if (criteria.organisationId !== null) {
    const organisation = bind(criteria.organisationId);
    parts.push(`${column(alias, 'director_organisation_id')} = ${organisation}`);
    parts.push(`${column(alias, 'pending_handover_to_organisation_id')} = ${organisation}`);
  }
  if (criteria.regionMunicipalities.length > 0) {
    parts.push(`${column(alias, 'municipality_key')} = any(${bind(criteria.regionMunicipalities)}::text[])`);
  }
  const emergencyCaseIds = options.emergencyCaseIds ?? [];
  if (emergencyCaseIds.length > 0) parts.push(`${column(alias, 'case_id')} = any(${bind([...emergencyCaseIds])}::text[])`);
  return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
};

/**
 * Cases the principal may see in full: worklists, family search and their counts. Pass the case
 * ids of the user's running grants (`EMERGENCY_GRANTS.activeGrantsOf`) to include them; leave
 * them out where an emergency case has no business (a worklist of someone else's region).
 */
export const fullAccessCaseFilter =
  (principal: Principal, directory: OrganisationDirectory, options: { emergencyCaseIds?: readonly string[] } = {}): CaseFilter =>
  (bind, alias) =>
    fullAccessSql(fullAccessListCriteria(principal, directory), bind, { ...options, ...(alias ? { alias } : {}) });

/**
 * Cases where the principal's organisation has a task (an active registration, a safety condition
 * or a plan agreement), for a partner's task list: the register's `task_organisation_ids` (GIN
 * index) instead of the stored state, which measured 560-970 ms on 40,000 cases. Closed cases
 * have no plan left to work on; `open_work` (which every open case has) is the predicate of that
 * partial index, so a partner's twenty years of closed tasks are not read to be thrown away.
 */
export const ownTaskSql = (organisationId: string | null, bind: Bind, alias?: string): string => {
  if (organisationId === null) return 'false';
  return `(${column(alias, 'open_work')} and ${column(alias, 'status')} <> 'closed' and ${column(alias, 'task_organisation_ids')} @> array[${bind(organisationId)}::text])`;
};

export const ownTaskCaseFilter =
  (principal: Principal, directory: OrganisationDirectory): CaseFilter =>
  (bind, alias) =>
    ownTaskSql(ownTaskListOrganisation(principal, directory), bind, alias);
