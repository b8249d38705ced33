import type { Principal, Role } from '@ketenregie/kernel';
import type { OrganisationDirectory } from './organisation-directory';
import { effectiveRoles } from './organisation-directory';

/**
 * What a role may do that is not about one case. Seeing a case is never a capability: it takes a
 * relation to that case (see `decideCaseAccess`).
 */
export const capabilities = [
  /** Intake: register a report or advice request for a family the region does not know yet. */
  'open-case',
  /**
   * Open a new case although the exact check knows someone in the household, judging it another
   * family: Veilig Thuis decides that; a local team contacts Veilig Thuis instead.
   */
  'open-separate-case',
  /** Search-before-create; the results are limited to cases the user may see in full. */
  'search-families',
  'view-worklists',
  /** The list of a partner's or local team's own tasks across cases (each item still needs its relation). */
  'view-own-tasks',
  /** The feedback on a referrer's own reports. */
  'view-report-feedback',
  'request-emergency-access',
  /** Aggregates per municipality and region; never a family. */
  'view-monitor',
  /** Access log (NEN 7513) and family exports; not case content. */
  'review-access-log',
  'review-emergency-grants',
  'manage-accounts',
  /** Outgoing mail kept in the app when no SMTP server is set (`SMTP_URL`): the administrator delivers it by hand. */
  'read-local-mailbox',
] as const;

export type Capability = (typeof capabilities)[number];

/**
 * Least privilege: the administrator manages accounts but reads neither the monitor nor the log;
 * the privacy officer reviews access but sees no case content.
 */
export const capabilitiesByRole: Record<Role, readonly Capability[]> = {
  'veilig-thuis-professional': ['open-case', 'open-separate-case', 'search-families', 'view-worklists', 'request-emergency-access'],
  'team-sociaal-consultant': ['open-case', 'search-families', 'view-worklists', 'view-own-tasks'],
  'chain-partner': ['view-own-tasks'],
  referrer: ['view-report-feedback'],
  'policy-analyst': ['view-monitor'],
  'privacy-officer': ['review-access-log', 'review-emergency-grants'],
  administrator: ['manage-accounts', 'read-local-mailbox'],
};

/** The role the principal may do this in, if any (the access log records the role acted in). */
export const roleFor = (principal: Principal, capability: Capability, directory: OrganisationDirectory): Role | undefined =>
  effectiveRoles(principal, directory)?.roles.find((role) => capabilitiesByRole[role].includes(capability));

export const mayDo = (principal: Principal, capability: Capability, directory: OrganisationDirectory): boolean =>
  roleFor(principal, capability, directory) !== undefined;

/** The municipalities whose aggregates a policy analyst may read: their organisation's. */
export const monitorScope = (principal: Principal, directory: OrganisationDirectory): { municipalities: string[] } | undefined => {
  const effective = effectiveRoles(principal, directory);
  if (!effective || !mayDo(principal, 'view-monitor', directory)) return undefined;
  return { municipalities: [...effective.organisation.municipalities] };
};
