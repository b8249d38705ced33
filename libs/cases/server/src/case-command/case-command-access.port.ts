import { Injectable } from '@nestjs/common';
import { decideCaseCommandAccess, decideOpenCaseAccess } from '@ketenregie/access-domain';
import type { CaseAccessDecision, CommandAccessDecision, CommandTarget, Principal } from '@ketenregie/access-domain';
import type { CaseCommand, CaseState } from '@ketenregie/cases-domain';
import { isOpened } from '@ketenregie/cases-domain';
import { CaseAccess, grantedBy } from '../access/case-access.service';
import type { AccessSubject, GrantedAccess } from '../access/case-access.service';
import { caseRelationsOf } from '../access/case-relations';
import { CaseAccessRefused } from './case-command';

/** The 403 of a command the user's access to the case does not allow (the case's rules have their own). */
export const actionForbiddenDetail = 'U mag deze handeling niet uitvoeren in deze casus.';

/** Under what access a user may send this command to this case: what its access-log entry says. */
export type CommandGrant = { granted: GrantedAccess; subject: AccessSubject; caseExists: boolean };

/** The condition a command is about, for the one rule that opens a partner's own condition to it. */
const conditionIdOf = (command: CaseCommand): { conditionId?: string } => {
  const data = command.data as { conditionId?: unknown };
  return typeof data.conditionId === 'string' ? { conditionId: data.conditionId } : {};
};

/**
 * Who a signal says raised it, held against the caller: a report must be one of the referrer's
 * own, an organisation must be the one the signed-in actor works for.
 */
const signalSourceOf = (command: CaseCommand): CommandTarget => {
  if (command.type !== 'cases.raise-signal') return {};
  const { source } = command.data;
  return source.kind === 'referrer'
    ? { signalSource: { kind: 'referrer', reportId: source.reportId } }
    : {
        signalSource: {
          kind: 'chain-partner',
          own: command.metadata.actor.organisationId !== undefined && source.organisationId === command.metadata.actor.organisationId,
        },
      };
};

/**
 * Whether this access to the case lets its holder send this command: the rule the handler applies,
 * and case detail too when it tells which actions are open, so the two never disagree.
 */
export const commandAccessOn = (access: CaseAccessDecision, command: CaseCommand): CommandAccessDecision =>
  decideCaseCommandAccess(command.type, access, { ...conditionIdOf(command), ...signalSourceOf(command) });

/**
 * Need-to-know for case commands, asked by the command handler on the state it decides on: 404
 * (`not-found`) without a relation, 403 (`forbidden`) with one that does not allow this command.
 */
@Injectable()
export class CaseCommandAccessPort {
  constructor(private readonly access: CaseAccess) {}

  /** A new family has no case to relate to: opening one is a capability of the user's role. */
  requireOpen(principal: Principal): GrantedAccess {
    const decision = decideOpenCaseAccess(principal, this.access.directory);
    if (!decision.allowed) throw new CaseAccessRefused(decision.refusal);
    return { actingRole: decision.actingRole, legalBasis: decision.legalBasis };
  }

  /** The grant store is asked only when no relation opens the case, so a director's command costs no query. */
  async authorize(principal: Principal, state: CaseState, command: CaseCommand, now: Date): Promise<CommandGrant> {
    if (!isOpened(state)) {
      const data = command.data as { caseId?: unknown; familyId?: unknown };
      if (typeof data.caseId !== 'string' || typeof data.familyId !== 'string') throw new CaseAccessRefused('not-found');
      return { granted: this.requireOpen(principal), subject: { caseId: data.caseId, familyId: data.familyId }, caseExists: false };
    }
    const access = await this.access.decide(principal, caseRelationsOf(state), now);
    const decision = commandAccessOn(access, command);
    if (access.scope === 'none') throw new CaseAccessRefused('not-found');
    if (!decision.allowed) throw new CaseAccessRefused(decision.refusal);
    return { granted: grantedBy(access), subject: { caseId: state.caseId, familyId: state.familyId }, caseExists: true };
  }
}
