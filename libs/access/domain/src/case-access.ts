import type { Principal, Role } from '@ketenregie/kernel';
import type { CaseRelations, PersonInOrganisation } from './case-relations';
import type { EmergencyGrant } from './emergency-grant';
import { isGrantActiveFor } from './emergency-grant';
import type { LegalBasis } from './legal-basis';
import type { DirectoryOrganisation, OrganisationDirectory } from './organisation-directory';
import { effectiveRoles, legalBasisFor, veiligThuisRegionFor } from './organisation-directory';

/**
 * How much of a case a user may see. `none` is answered as if the case did not exist (404): a
 * family's involvement with Veilig Thuis is itself special-category data.
 */
export type CaseAccessScope = 'full' | 'own-tasks' | 'own-report-feedback' | 'none';

/** Relations that open the whole case, strongest first: the decision names the first that holds. */
export const fullCaseRelations = ['director', 'handover-receiver', 'director-team', 'veilig-thuis-region', 'emergency'] as const;
export type FullCaseRelation = (typeof fullCaseRelations)[number];

export type CaseRelation = FullCaseRelation | 'partner-task' | 'referrer';

/** The parts of a plan that are a partner's own; everything else in the case stays hidden from it. */
export type OwnTasks = {
  safetyConditionIds: string[];
  planAgreements: { part: string; agreementId: string }[];
  chainPartnerIds: string[];
};

type Granted = { actingRole: Role; legalBasis: LegalBasis };

export type CaseAccessDecision =
  | { scope: 'none' }
  | ({ scope: 'full'; relation: Exclude<FullCaseRelation, 'emergency'> } & Granted)
  | ({ scope: 'full'; relation: 'emergency'; emergency: { grantId: string; reason: string; expiresAt: Date } } & Granted)
  | ({ scope: 'own-tasks'; relation: 'partner-task'; tasks: OwnTasks } & Granted)
  | ({ scope: 'own-report-feedback'; relation: 'referrer'; reportIds: string[] } & Granted);

export const noAccess: CaseAccessDecision = { scope: 'none' };

/** Roles that direct cases: the only ones a case's direction relations count for. */
export const directingRoles: readonly Role[] = ['veilig-thuis-professional', 'team-sociaal-consultant'];

/** Roles that can hold a task in a plan: a partner, or a local team working under Veilig Thuis' direction. */
export const taskRoles: readonly Role[] = ['chain-partner', 'team-sociaal-consultant'];

const firstOf = (roles: readonly Role[], allowed: readonly Role[]): Role | undefined => roles.find((role) => allowed.includes(role));

const samePerson = (principal: Principal, person: PersonInOrganisation): boolean =>
  person.personId === principal.userId && person.organisationId === principal.organisationId;

type Context = { principal: Principal; organisation: DirectoryOrganisation; roles: Role[] };

const fullRelation = (
  { principal, organisation, roles }: Context,
  relations: CaseRelations,
  directory: OrganisationDirectory,
): { relation: Exclude<FullCaseRelation, 'emergency'>; role: Role } | undefined => {
  const directing = firstOf(roles, directingRoles);
  if (directing !== undefined) {
    // The organisation must match too: someone who moved to another organisation keeps a user id
    // but no longer the cases of the old one.
    if (samePerson(principal, relations.director)) return { relation: 'director', role: directing };
    const receiver = relations.pendingHandoverTo;
    // The whole receiving organisation sees an offer, so a team lead can assign it before accepting.
    if (receiver && receiver.organisationId === organisation.organisationId) return { relation: 'handover-receiver', role: directing };
    if (relations.director.organisationId === organisation.organisationId) return { relation: 'director-team', role: directing };
  }
  if (roles.includes('veilig-thuis-professional')) {
    const region = veiligThuisRegionFor(directory, relations.municipality);
    if (region && region.organisationId === organisation.organisationId) {
      return { relation: 'veilig-thuis-region', role: 'veilig-thuis-professional' };
    }
  }
  return undefined;
};

/** The tasks of the principal's organisation; a closed case has no plan left to work on. */
export const ownTasksOf = (organisationId: string, relations: CaseRelations): OwnTasks | undefined => {
  if (relations.closed) return undefined;
  const safetyConditionIds: string[] = [];
  const planAgreements: OwnTasks['planAgreements'] = [];
  for (const task of relations.tasks) {
    if (task.owner.organisationId !== organisationId) continue;
    if (task.kind === 'safety-condition') safetyConditionIds.push(task.conditionId);
    else planAgreements.push({ part: task.part, agreementId: task.agreementId });
  }
  const chainPartnerIds = relations.chainPartners
    .filter((partner) => partner.active && partner.organisationId === organisationId)
    .map((partner) => partner.partnerId);
  if (safetyConditionIds.length === 0 && planAgreements.length === 0 && chainPartnerIds.length === 0) return undefined;
  return { safetyConditionIds, planAgreements, chainPartnerIds };
};

/** A report counts as the referrer's own by person, or by organisation when no person was recorded. */
export const ownReportIdsOf = (principal: Principal, relations: CaseRelations): string[] =>
  relations.referrers
    .filter((referrer) =>
      referrer.personId !== undefined
        ? referrer.personId === principal.userId &&
          (referrer.organisationId === undefined || referrer.organisationId === principal.organisationId)
        : referrer.organisationId === principal.organisationId,
    )
    .map((referrer) => referrer.reportId);

/**
 * Need-to-know for one case: by role AND relation, never by role alone. A policy analyst, privacy
 * officer or administrator has no relation that opens a case. Without a relation, only an active
 * break-the-glass grant opens it, and only for a Veilig Thuis professional. Pure: the caller loads
 * the relations and the grant and passes the time.
 */
export const decideCaseAccess = (
  principal: Principal,
  relations: CaseRelations,
  directory: OrganisationDirectory,
  activeGrant: EmergencyGrant | undefined,
  now: Date,
): CaseAccessDecision => {
  const effective = effectiveRoles(principal, directory);
  if (!effective || effective.roles.length === 0) return noAccess;
  const context: Context = { principal, ...effective };
  const { organisation, roles } = effective;

  const full = fullRelation(context, relations, directory);
  if (full) return { scope: 'full', relation: full.relation, actingRole: full.role, legalBasis: legalBasisFor(full.role, organisation) };

  if (
    activeGrant &&
    roles.includes('veilig-thuis-professional') &&
    isGrantActiveFor(activeGrant, { userId: principal.userId, organisationId: principal.organisationId, caseId: relations.caseId }, now)
  ) {
    return {
      scope: 'full',
      relation: 'emergency',
      actingRole: 'veilig-thuis-professional',
      legalBasis: legalBasisFor('veilig-thuis-professional', organisation),
      emergency: { grantId: activeGrant.grantId, reason: activeGrant.reason, expiresAt: activeGrant.expiresAt },
    };
  }

  const taskRole = firstOf(roles, taskRoles);
  if (taskRole !== undefined) {
    const tasks = ownTasksOf(organisation.organisationId, relations);
    if (tasks)
      return {
        scope: 'own-tasks',
        relation: 'partner-task',
        tasks,
        actingRole: taskRole,
        legalBasis: legalBasisFor(taskRole, organisation),
      };
  }

  if (roles.includes('referrer')) {
    const reportIds = ownReportIdsOf(principal, relations);
    if (reportIds.length > 0) {
      return {
        scope: 'own-report-feedback',
        relation: 'referrer',
        reportIds,
        actingRole: 'referrer',
        legalBasis: legalBasisFor('referrer', organisation),
      };
    }
  }
  return noAccess;
};

/** Whether the principal already sees the whole case through a relation (a grant not counted). */
export const hasFullRelation = (principal: Principal, relations: CaseRelations, directory: OrganisationDirectory): boolean => {
  const effective = effectiveRoles(principal, directory);
  if (!effective || effective.roles.length === 0) return false;
  return fullRelation({ principal, ...effective }, relations, directory) !== undefined;
};
