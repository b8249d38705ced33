import type { Principal, Role } from '@ketenregie/kernel';
import type { CaseAccessDecision } from './case-access';
import { directingRoles } from './case-access';
import { roleFor } from './capabilities';
import type { LegalBasis } from './legal-basis';
import type { OrganisationDirectory } from './organisation-directory';
import { effectiveRoles, legalBasisFor } from './organisation-directory';

/**
 * What a case command needs besides passing the domain's own checks (who directs, which state):
 * - `full-case`: the whole case, acting in one of `roles`; `inEmergency` says whether a
 *   break-the-glass grant suffices (reading does; steering a case that is not yours does not).
 * - `full-case-or-own-condition`: the whole case, or a partner's own safety condition.
 * - `intake`: a report or advice request; for a new family the `open-case` capability, for a
 *   known family the whole case.
 * - `referrer-or-partner`: someone outside the case's direction tells its director something: a
 *   referrer about their own report, or a partner with a task for its own organisation. Those who
 *   see the whole case record what they know otherwise, so they may not.
 * - `system`: time-driven; the deadline scheduler sends it, never a user.
 */
export type CaseCommandAccess =
  | { requires: 'full-case'; roles: readonly Role[]; inEmergency: boolean }
  | { requires: 'full-case-or-own-condition'; roles: readonly Role[] }
  | { requires: 'intake'; roles: readonly Role[] }
  | { requires: 'referrer-or-partner' }
  | { requires: 'system' };

const directing = directingRoles;
/** Statutory tasks of Veilig Thuis (Wmo 2015 art. 4.1.1): the assessment, its routes and the rappels. */
const veiligThuis: readonly Role[] = ['veilig-thuis-professional'];

const full = (roles: readonly Role[], inEmergency = false): CaseCommandAccess => ({ requires: 'full-case', roles, inEmergency });

/** Keyed by the cases context's command wire names; the cases server checks at compile time that none is missing. */
export const caseCommandAccess = {
  'cases.register-report': { requires: 'intake', roles: directing },
  'cases.register-advice-request': { requires: 'intake', roles: directing },
  'cases.acknowledge-recidivism-flag': full(directing),
  // Corrections of who the case is about: the director's team, as for other steering decisions.
  'cases.merge-members': full(directing),
  'cases.remove-member': full(directing),
  'cases.offer-handover': full(directing),
  'cases.accept-handover': full(directing),
  'cases.decline-handover': full(directing),
  'cases.withdraw-handover': full(directing),
  'cases.escalate-case': full(directing),
  'cases.change-phase': full(directing),
  'cases.register-chain-partner': full(directing),
  'cases.end-chain-partner-involvement': full(directing),
  // The one step an out-of-region crisis service must be able to take on the spot.
  'cases.register-acute-unsafety': full(veiligThuis, true),
  'cases.start-safety-assessment': full(veiligThuis),
  'cases.complete-safety-assessment': full(veiligThuis),
  'cases.start-conditions-and-follow-up': full(veiligThuis),
  'cases.start-investigation': full(veiligThuis),
  'cases.complete-investigation': full(veiligThuis),
  'cases.request-child-protection-investigation': full(veiligThuis),
  'cases.close-case': full(directing),
  'cases.add-safety-condition': full(directing),
  'cases.revise-safety-condition': full(directing),
  // The owner of a condition reports whether it was met; that is the partner's task in the plan.
  'cases.record-safety-condition-status': { requires: 'full-case-or-own-condition', roles: directing },
  // Replaces a whole part, other owners' agreements included: the director's work.
  'cases.update-plan-part': full(directing),
  'cases.schedule-rappels': full(veiligThuis),
  'cases.reschedule-rappel': full(veiligThuis),
  'cases.record-rappel-outcome': full(veiligThuis),
  'cases.raise-signal': { requires: 'referrer-or-partner' },
  'cases.acknowledge-signal': full(directing),
  // What a referrer is told is the director's word to them: the director's team sends it.
  'cases.request-feedback': full(directing),
  'cases.mark-assessment-overdue': { requires: 'system' },
  'cases.mark-investigation-overdue': { requires: 'system' },
  'cases.mark-rappel-due': { requires: 'system' },
  'cases.mark-rappel-overdue': { requires: 'system' },
} as const satisfies Record<string, CaseCommandAccess>;

export type CaseCommandName = keyof typeof caseCommandAccess;

/**
 * Who decides a command once role and relation allow it (ADR 0008, "who steers"). The table above
 * decides relation and role; the case's own rules (the cases domain, which knows the director)
 * decide this, and refuse with 403 naming who directs.
 * - `intake`: a report or advice request; any professional the table admits.
 * - `steering`: route choice, plan and conditions, chain partners, phase, rappel scheduling,
 *   closing, offering or withdrawing a hand-over: the director, or a colleague of the director's
 *   team acting for them (the event names the director). Rappels may also be planned by the
 *   Veilig Thuis team that handed the case over: monitoring its own hand-over is its task.
 * - `escalation`: the local team that directs offers the case to Veilig Thuis (steering); Veilig
 *   Thuis of the family's region may always take direction back itself.
 * - `hand-over-answer`: the named receiver, or any professional of the receiving team.
 * - `director-in-person`: only the director (acknowledging a recidivism flag is the point of it).
 * - `assessment`: Veilig Thuis' statutory work on the safety assessment and investigation; any
 *   Veilig Thuis professional the table admits.
 * - `monitoring`: a rappel's outcome, by the rappel owner's team; an unsafe one returns direction
 *   to the owner, whoever records it.
 * - `own-condition`: the condition's owner reports on it, or the director's team.
 * - `signal`: a referrer or chain partner tells the director; the case's rules check that the
 *   report or the partner's task is in the case.
 * - `system`: the deadline scheduler.
 */
export type CaseCommandKind =
  | 'intake'
  | 'steering'
  | 'escalation'
  | 'hand-over-answer'
  | 'director-in-person'
  | 'assessment'
  | 'monitoring'
  | 'own-condition'
  | 'signal'
  | 'system';

export const caseCommandKinds = {
  'cases.register-report': 'intake',
  'cases.register-advice-request': 'intake',
  'cases.acknowledge-recidivism-flag': 'director-in-person',
  'cases.merge-members': 'steering',
  'cases.remove-member': 'steering',
  'cases.offer-handover': 'steering',
  'cases.accept-handover': 'hand-over-answer',
  'cases.decline-handover': 'hand-over-answer',
  'cases.withdraw-handover': 'steering',
  'cases.escalate-case': 'escalation',
  'cases.change-phase': 'steering',
  'cases.register-chain-partner': 'steering',
  'cases.end-chain-partner-involvement': 'steering',
  'cases.register-acute-unsafety': 'assessment',
  'cases.start-safety-assessment': 'assessment',
  'cases.complete-safety-assessment': 'assessment',
  'cases.start-conditions-and-follow-up': 'steering',
  'cases.start-investigation': 'steering',
  'cases.complete-investigation': 'assessment',
  'cases.request-child-protection-investigation': 'steering',
  'cases.close-case': 'steering',
  'cases.add-safety-condition': 'steering',
  'cases.revise-safety-condition': 'steering',
  'cases.record-safety-condition-status': 'own-condition',
  'cases.update-plan-part': 'steering',
  'cases.schedule-rappels': 'steering',
  'cases.reschedule-rappel': 'steering',
  'cases.record-rappel-outcome': 'monitoring',
  'cases.raise-signal': 'signal',
  'cases.acknowledge-signal': 'steering',
  'cases.request-feedback': 'steering',
  'cases.mark-assessment-overdue': 'system',
  'cases.mark-investigation-overdue': 'system',
  'cases.mark-rappel-due': 'system',
  'cases.mark-rappel-overdue': 'system',
} as const satisfies Record<CaseCommandName, CaseCommandKind>;

/**
 * `not-found` is answered as 404, the same as for a case that does not exist: someone without a
 * relation learns nothing, not even that the case (or a condition in it) exists. `forbidden` (403)
 * only goes to someone who may see the case but not do this.
 */
export type CommandAccessDecision =
  { allowed: true; actingRole: Role; legalBasis: LegalBasis; emergency: boolean } | { allowed: false; refusal: 'not-found' | 'forbidden' };

const notFound: CommandAccessDecision = { allowed: false, refusal: 'not-found' };
const forbidden: CommandAccessDecision = { allowed: false, refusal: 'forbidden' };

const grantedBy = (access: Exclude<CaseAccessDecision, { scope: 'none' }>): CommandAccessDecision => ({
  allowed: true,
  actingRole: access.actingRole,
  legalBasis: access.legalBasis,
  emergency: access.relation === 'emergency',
});

const fullAccessAllows = (access: CaseAccessDecision, roles: readonly Role[], inEmergency: boolean): boolean =>
  access.scope === 'full' && roles.includes(access.actingRole) && (inEmergency || access.relation !== 'emergency');

/**
 * Who a signal says raised it, as the server derived it: a referrer's report (from the body, so
 * checked here against the referrer's own reports), or a partner's organisation (`own`: the
 * caller's own organisation, the only one the server ever names).
 */
export type SignalSourceTarget = { kind: 'referrer'; reportId: string } | { kind: 'chain-partner'; own: boolean };

export type CommandTarget = { conditionId?: string; signalSource?: SignalSourceTarget };

const signalAccess = (
  access: Exclude<CaseAccessDecision, { scope: 'none' }>,
  source: SignalSourceTarget | undefined,
): CommandAccessDecision => {
  if (access.scope === 'own-report-feedback') {
    // Another referrer's report is as invisible as a case without a relation.
    return source?.kind === 'referrer' && access.reportIds.includes(source.reportId) ? grantedBy(access) : notFound;
  }
  if (access.scope === 'own-tasks') {
    if (source?.kind === 'chain-partner') return source.own ? grantedBy(access) : forbidden;
    return notFound;
  }
  return forbidden;
};

/** May the user with this access to an existing case send this command? Unknown commands are refused. */
export const decideCaseCommandAccess = (
  commandType: string,
  access: CaseAccessDecision,
  target: CommandTarget = {},
): CommandAccessDecision => {
  if (access.scope === 'none') return notFound;
  const rule: CaseCommandAccess | undefined = Object.hasOwn(caseCommandAccess, commandType)
    ? caseCommandAccess[commandType as CaseCommandName]
    : undefined;
  if (!rule || rule.requires === 'system') return forbidden;
  switch (rule.requires) {
    case 'full-case':
      return fullAccessAllows(access, rule.roles, rule.inEmergency) ? grantedBy(access) : forbidden;
    case 'intake':
      return fullAccessAllows(access, rule.roles, false) ? grantedBy(access) : forbidden;
    case 'full-case-or-own-condition': {
      if (fullAccessAllows(access, rule.roles, false)) return grantedBy(access);
      if (access.scope !== 'own-tasks') return forbidden;
      // Someone else's condition is as invisible to a partner as a case without a relation.
      return target.conditionId !== undefined && access.tasks.safetyConditionIds.includes(target.conditionId)
        ? grantedBy(access)
        : notFound;
    }
    case 'referrer-or-partner':
      return signalAccess(access, target.signalSource);
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
};

/** Intake for a family no case exists for yet: a capability, since there is no relation to have. */
export const decideOpenCaseAccess = (principal: Principal, directory: OrganisationDirectory): CommandAccessDecision => {
  const role = roleFor(principal, 'open-case', directory);
  const organisation = effectiveRoles(principal, directory)?.organisation;
  if (role === undefined || organisation === undefined) return forbidden;
  return { allowed: true, actingRole: role, legalBasis: legalBasisFor(role, organisation), emergency: false };
};
