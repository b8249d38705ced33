import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { decideCaseAccess, effectiveRoles, legalBasisFor, mayDo, roleFor } from '@ketenregie/access-domain';
import type {
  CaseAccessDecision,
  CaseRelations,
  Capability,
  LegalBasis,
  OrganisationDirectory,
  Principal,
  Role,
} from '@ketenregie/access-domain';
import type { SqlCompanion, SqlTransaction } from '@ketenregie/event-store';
import { ACCESS_LOG, EMERGENCY_GRANTS, ORGANISATION_DIRECTORY } from '@ketenregie/access-contracts';
import type { AccessLogPort, AccessLogRecord, EmergencyGrants, PendingAccessEntry } from '@ketenregie/access-contracts';
import type { CaseFilter } from './case-visibility';
import { fullAccessCaseFilter } from './case-visibility';
import { problem } from '@ketenregie/platform-http';

/** What the access log needs to know about the HTTP request an access happens in. */
export type AccessContext = { requestId: string; route: string };

type RequestLike = { method: string; baseUrl?: string; route?: unknown };
type ResponseLike = { getHeader(name: string): unknown };

/**
 * The request id (set by the app's request middleware) and the matched route template, never the
 * concrete URL: a search's query string holds names.
 */
export const accessContextOf = (request: RequestLike, response: ResponseLike, template: string): AccessContext => {
  const requestId = response.getHeader('X-Request-Id');
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  const route = typeof pattern === 'string' && !/[*?#]/.test(pattern) ? `${request.method} ${request.baseUrl ?? ''}${pattern}` : template;
  return { requestId: typeof requestId === 'string' && requestId !== '' ? requestId : randomUUID(), route };
};

/** The role acted in and its legal ground: what a log entry says about a permitted access. */
export type GrantedAccess = { actingRole: Role; legalBasis: LegalBasis; emergency?: { reason: string } };

export type AccessSubject = { caseId: string; familyId: string };

export type AccessAction = 'read' | 'create' | 'update' | 'search';

export const accessLogEntry = (
  principal: Principal,
  granted: GrantedAccess,
  subject: AccessSubject,
  action: AccessAction,
  context: AccessContext,
): AccessLogRecord => ({
  subjectType: 'case',
  subjectId: subject.caseId,
  familyId: subject.familyId,
  actor: { userId: principal.userId, organisationId: principal.organisationId, role: granted.actingRole },
  action,
  legalBasis: granted.legalBasis,
  ...(granted.emergency ? { emergency: { reason: granted.emergency.reason } } : {}),
  requestId: context.requestId,
  route: context.route,
});

/** What the access log records for a decision that opened the case. */
export const grantedBy = (decision: Exclude<CaseAccessDecision, { scope: 'none' }>): GrantedAccess => ({
  actingRole: decision.actingRole,
  legalBasis: decision.legalBasis,
  ...(decision.relation === 'emergency' ? { emergency: { reason: decision.emergency.reason } } : {}),
});

/**
 * The same answer as for a case that does not exist: to someone without a relation, a family's
 * involvement with Veilig Thuis is itself special-category data.
 */
export const caseNotFoundProblem = () => problem(404, 'Deze casus bestaat niet.', { type: 'urn:ketenregie:problem:case.not-found' });

/** For someone who may know the case exists (a partner with a task, an emergency grant) but not this. */
export const caseForbiddenProblem = (detail = 'U hebt geen toegang tot deze gegevens van de casus.') =>
  problem(403, detail, { type: 'urn:ketenregie:problem:case.forbidden' });

/** A list or search the user's role does not include (a partner's worklists, an analyst's search). */
export const capabilityForbiddenProblem = () =>
  problem(403, 'Uw rol geeft geen toegang tot deze gegevens.', { type: 'urn:ketenregie:problem:access.forbidden' });

/**
 * Need-to-know for the cases context: the access policy (`@ketenregie/access-domain`) applied with
 * this deployment's organisation directory, break-the-glass grants and access log.
 */
@Injectable()
export class CaseAccess {
  constructor(
    @Inject(ORGANISATION_DIRECTORY) readonly directory: OrganisationDirectory,
    @Inject(EMERGENCY_GRANTS) private readonly grants: EmergencyGrants,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLogPort,
  ) {}

  /**
   * The decision for one case. The grant is looked up only when no relation opens the case and the
   * user could hold one (a Veilig Thuis professional): the usual request costs no extra query.
   */
  async decide(principal: Principal, relations: CaseRelations, now: Date): Promise<CaseAccessDecision> {
    const decision = decideCaseAccess(principal, relations, this.directory, undefined, now);
    if (decision.scope === 'full' || !mayDo(principal, 'request-emergency-access', this.directory)) return decision;
    const grant = await this.grants.activeGrant(principal.userId, relations.caseId, now);
    return grant ? decideCaseAccess(principal, relations, this.directory, grant, now) : decision;
  }

  /** The whole case or nothing: 404 without a relation, 403 for a partner (who knows of its tasks). */
  requireFull(decision: CaseAccessDecision): GrantedAccess {
    if (decision.scope === 'none') throw caseNotFoundProblem();
    if (decision.scope !== 'full') {
      throw caseForbiddenProblem(
        decision.scope === 'own-tasks'
          ? 'U ziet van deze casus alleen uw eigen taken, onder Mijn taken.'
          : 'U hebt geen toegang tot deze gegevens van de casus.',
      );
    }
    return grantedBy(decision);
  }

  /** The role (and its legal ground) a capability is exercised in; 403 when the user's roles lack it. */
  requireCapability(principal: Principal, capability: Capability): GrantedAccess {
    const role = roleFor(principal, capability, this.directory);
    const organisation = effectiveRoles(principal, this.directory)?.organisation;
    if (role === undefined || organisation === undefined) throw capabilityForbiddenProblem();
    return { actingRole: role, legalBasis: legalBasisFor(role, organisation) };
  }

  /** Cases the user sees in full through a relation; emergency grants open a case by id, never a list. */
  visibleCases(principal: Principal): CaseFilter {
    return fullAccessCaseFilter(principal, this.directory);
  }

  /** Awaited before the data is sent: when the entry cannot be written, nothing is served. */
  record(entry: AccessLogRecord): Promise<void> {
    return this.accessLog.record(entry);
  }

  recordAll(entries: readonly AccessLogRecord[]): Promise<void> {
    return entries.length === 0 ? Promise.resolve() : this.accessLog.recordAll(entries);
  }

  /** A change's entry, committed before the change is stored; completed with what it came to. */
  recordPending(entry: AccessLogRecord): Promise<PendingAccessEntry> {
    return this.accessLog.recordPending(entry);
  }

  /** A change's entry in the change's own transaction: both commit, or neither. */
  recordWithin(transaction: SqlTransaction, entry: AccessLogRecord): Promise<void> {
    return this.accessLog.recordWithin(transaction, entry);
  }

  /** The entry as the companion of a change's append, where the log offers one: one statement for both. */
  companionOf(entry: AccessLogRecord): SqlCompanion | undefined {
    return this.accessLog.companionOf?.(entry);
  }
}
