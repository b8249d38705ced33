import { caseCommandAccess, taskRoles } from '@ketenregie/access-domain';
import type { CaseAccessDecision, Principal, Role } from '@ketenregie/access-domain';
import type { CaseAction, CaseActionName } from '@ketenregie/contracts';
import { caseDecider, openAssessment, runningInvestigation } from '@ketenregie/cases-domain';
import type { CaseCommand, CaseDecider, Director, HandoverReceiver, OpenedCase } from '@ketenregie/cases-domain';
import type { CommandMetadata } from '@ketenregie/kernel';
import { isDomainError, toAmsterdamDate } from '@ketenregie/kernel';
import { FAMILY_ERASED_DETAIL } from '@ketenregie/access-contracts';
import { casesPersonalDataRegistry } from '../../erasure/cases-personal-data';
import { actionForbiddenDetail, commandAccessOn } from '../../case-command/case-command-access.port';

type Target = NonNullable<CaseAction['target']>;

/** One action to try: the command it sends, as a representative of what the user would fill in. */
export type CaseActionProbe = { action: CaseActionName; target?: Target; command: CaseCommand };

// Stands in for what the user types: never stored, only decided on. Ids unused in any case, so an
// "already in use" can only come from a case that happens to use them (and is a field error then).
const sample = 'Proefbeslissing';
const sampleId = 'proefbeslissing';

/** Said instead of the general 403 when only break-the-glass opens the case: what it lacks, and who can. */
export const emergencyOnlyReason =
  'Met noodtoegang kunt u de casus inzien, maar dit niet doen. Dat kan de regisseur, diens team of Veilig Thuis van de regio.';

const byType = <T extends CaseCommand['type']>(
  type: T,
  data: Extract<CaseCommand, { type: T }>['data'],
  metadata: CommandMetadata,
): CaseCommand => ({ type, data, metadata }) as CaseCommand;

/**
 * The actions that fit a case, each as the command it would send: per open item for actions on one
 * (an assessment, a hand-over, a rappel, a flag, a condition, a chain partner), none for an item the case lacks.
 */
export const caseActionProbes = (state: OpenedCase, principal: Principal, actingRole: Role, now: Date): CaseActionProbe[] => {
  const metadata: CommandMetadata = {
    now,
    actor: { userId: principal.userId, organisationId: principal.organisationId },
    correlationId: sampleId,
  };
  const caseId = state.caseId;
  const me = { personId: principal.userId, name: principal.displayName };
  const probes: CaseActionProbe[] = [];
  const add = (action: CaseActionName, command: CaseCommand, target?: Target): void => {
    probes.push({ action, command, ...(target ? { target } : {}) });
  };

  const assessment = openAssessment(state);
  if (assessment) {
    const target = { assessmentId: assessment.assessmentId };
    add('start-safety-assessment', byType('cases.start-safety-assessment', { caseId, ...target }, metadata), target);
    add(
      'complete-safety-assessment',
      byType('cases.complete-safety-assessment', { caseId, ...target, acuteUnsafety: false, structuralUnsafety: false }, metadata),
      target,
    );
  }
  add('start-conditions-and-follow-up', byType('cases.start-conditions-and-follow-up', { caseId, reason: sample }, metadata));
  add('start-investigation', byType('cases.start-investigation', { caseId, investigationId: sampleId }, metadata));
  const investigation = runningInvestigation(state);
  if (investigation) {
    const target = { investigationId: investigation.investigationId };
    add('complete-investigation', byType('cases.complete-investigation', { caseId, ...target, conclusion: sample }, metadata), target);
  }
  add(
    'request-child-protection-investigation',
    byType('cases.request-child-protection-investigation', { caseId, reason: sample }, metadata),
  );

  // Afschalen when Veilig Thuis directs; otherwise a hand-over to another local team. Either way
  // to a team, so the receiver's person cannot be the director.
  const localTeam: HandoverReceiver = { organisation: { organisationId: sampleId, name: sample, kind: 'local-team' } };
  add(
    state.director.organisation.kind === 'veilig-thuis' ? 'de-escalate' : 'offer-handover',
    byType('cases.offer-handover', { caseId, handoverId: sampleId, to: localTeam, reason: sample, phase: state.phase }, metadata),
  );
  const pending = state.pendingHandover;
  if (pending) {
    const target = { handoverId: pending.handoverId };
    add('accept-handover', byType('cases.accept-handover', { caseId, ...target, acceptedBy: me }, metadata), target);
    add('decline-handover', byType('cases.decline-handover', { caseId, ...target, reason: sample }, metadata), target);
    add('withdraw-handover', byType('cases.withdraw-handover', { caseId, ...target, reason: sample }, metadata), target);
  }

  // A Veilig Thuis professional takes direction back themselves; anyone else offers it to Veilig Thuis' team.
  const ownVeiligThuis: Director = {
    person: me,
    organisation: { organisationId: principal.organisationId, name: sample, kind: 'veilig-thuis' },
  };
  const escalateTo: HandoverReceiver =
    actingRole === 'veilig-thuis-professional'
      ? ownVeiligThuis
      : { organisation: { organisationId: sampleId, name: sample, kind: 'veilig-thuis' } };
  add(
    'escalate-case',
    byType('cases.escalate-case', { caseId, handoverId: sampleId, to: escalateTo, reason: sample, phase: 'immediate-safety' }, metadata),
  );
  const otherPhase = state.phase === 'recovery' ? 'stable-safety' : 'recovery';
  add('change-phase', byType('cases.change-phase', { caseId, phase: otherPhase, reason: sample }, metadata));
  add('update-plan-part', byType('cases.update-plan-part', { caseId, part: 'safety', description: sample, agreements: [] }, metadata));
  add(
    'add-safety-condition',
    byType(
      'cases.add-safety-condition',
      { caseId, conditionId: sampleId, text: sample, owner: { organisation: state.director.organisation }, dueOn: toAmsterdamDate(now) },
      metadata,
    ),
  );
  for (const condition of state.plan.safetyConditions) {
    const target = { conditionId: condition.conditionId };
    add(
      'record-safety-condition-status',
      byType('cases.record-safety-condition-status', { caseId, ...target, status: 'met', notes: sample }, metadata),
      target,
    );
  }
  add(
    'register-chain-partner',
    byType(
      'cases.register-chain-partner',
      { caseId, partnerId: sampleId, organisation: { organisationId: sampleId, name: sample, kind: 'other' }, role: 'other', task: sample },
      metadata,
    ),
  );
  for (const partner of state.chainPartners) {
    if (!partner.active) continue;
    const target = { partnerId: partner.partnerId };
    add('end-chain-partner', byType('cases.end-chain-partner-involvement', { caseId, ...target, reason: sample }, metadata), target);
  }
  add('schedule-rappels', byType('cases.schedule-rappels', { caseId, scheduleId: sampleId, owner: ownVeiligThuis }, metadata));
  for (const rappel of state.rappels) {
    if (rappel.status !== 'scheduled' && rappel.status !== 'due') continue;
    const target = { rappelId: rappel.rappelId };
    add(
      'record-rappel-outcome',
      byType('cases.record-rappel-outcome', { caseId, ...target, outcome: 'safe', notes: sample }, metadata),
      target,
    );
  }
  for (const flag of state.recidivismFlags) {
    if (flag.acknowledged) continue;
    const target = { flagId: flag.flagId };
    add('acknowledge-recidivism-flag', byType('cases.acknowledge-recidivism-flag', { caseId, ...target }, metadata), target);
  }
  // Signals: a partner with a task raises one for its own organisation; the director's team marks each seen.
  add(
    'raise-signal',
    byType(
      'cases.raise-signal',
      {
        caseId,
        signalId: sampleId,
        source: { kind: 'chain-partner', organisationId: principal.organisationId },
        kind: 'task-stalls',
        reason: sample,
      },
      metadata,
    ),
  );
  for (const signal of state.signals) {
    if (signal.status !== 'open') continue;
    const target = { signalId: signal.signalId };
    add('acknowledge-signal', byType('cases.acknowledge-signal', { caseId, ...target, note: '', by: me }, metadata), target);
  }
  add(
    'close-case',
    byType('cases.close-case', { caseId, outcome: state.status === 'advice' ? 'advice-given' : 'other', notes: sample }, metadata),
  );
  // Any report's referrer can be told at least that it was received; which moment is chosen in the dialog.
  const report = state.reports.at(-1);
  if (report) {
    add(
      'send-feedback',
      byType(
        'cases.request-feedback',
        { caseId, messageId: sampleId, reportId: report.reportId, milestone: 'report-received', note: '', locale: 'nl' },
        metadata,
      ),
    );
  }
  return probes;
};

/** Roles that may ever send this command; an action outside them is not shown at all. */
const rolesFor = (command: CaseCommand): readonly Role[] => {
  const rule = caseCommandAccess[command.type];
  if (rule.requires === 'system') return [];
  return rule.requires === 'referrer-or-partner' ? [...taskRoles, 'referrer'] : rule.roles;
};

/**
 * What the user may do with the case now, each action decided as its command would be: the access
 * policy on the user's access to the case, then the command's decider on the case's state, without
 * appending anything. A refusal by a field check (`validation`) concerns what the user has yet to
 * fill in, not the case, so the action counts as open; any other refusal is its reason.
 */
export const caseActions = (
  state: OpenedCase,
  principal: Principal,
  access: CaseAccessDecision,
  now: Date,
  options: { familyErased?: boolean; decider?: CaseDecider } = {},
): CaseAction[] => {
  const { familyErased = false, decider = caseDecider } = options;
  const erased = { allowed: false as const, reason: FAMILY_ERASED_DETAIL, code: 'family.erased' };
  if (access.scope !== 'full') return [];
  const actions: CaseAction[] = [];
  for (const { action, target, command } of caseActionProbes(state, principal, access.actingRole, now)) {
    if (!rolesFor(command).includes(access.actingRole)) continue;
    const where = target ? { target } : {};
    const permitted = commandAccessOn(access, command);
    if (!permitted.allowed) {
      const reason = access.relation === 'emergency' ? emergencyOnlyReason : actionForbiddenDetail;
      actions.push({ action, ...where, allowed: false, reason, code: 'case.action-forbidden' });
      continue;
    }
    try {
      const events = decider.decide(command, state);
      // After erasure the store refuses any event with personal data for the family (410).
      const sealed = events.some((event) => Object.hasOwn(casesPersonalDataRegistry, event.type));
      actions.push(familyErased && sealed ? { action, ...where, ...erased } : { action, ...where, allowed: true });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // What the user has yet to type is personal data as soon as it is free text.
      if (error.category === 'validation')
        actions.push(familyErased ? { action, ...where, ...erased } : { action, ...where, allowed: true });
      else actions.push({ action, ...where, allowed: false, reason: error.message, code: error.code });
    }
  }
  return actions;
};
