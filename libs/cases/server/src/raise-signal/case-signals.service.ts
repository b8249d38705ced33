import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { CaseSignalsPort, PortalSignal } from '@ketenregie/contracts';
import { apiBasePath } from '@ketenregie/contracts';
import type { RaiseSignal } from '@ketenregie/cases-domain';
import { EVENT_STORE } from '@ketenregie/event-store';
import type { EventStore } from '@ketenregie/event-store';
import { isDomainError } from '@ketenregie/kernel';
import type { Actor } from '@ketenregie/kernel';
import type { AccessLogRecord } from '@ketenregie/access-contracts';
import { problem } from '@ketenregie/platform-http';
import { CaseAccess } from '../access/case-access.service';
import { CaseAccessRefused, ExecuteCaseCommand } from '../case-command/case-command';
import type { CaseCommandOutcome } from '../case-command/case-command';
import { actionForbiddenDetail } from '../case-command/case-command-access.port';
import { CaseNotFound } from '../case-command/case-command-errors';
import { caseStreamId } from '../case-command/case-stream';
import { derivedUuid, idempotencyKeyReused, requestFingerprint, scopedIdempotencyKey } from '../http/idempotency';
import { domainErrorProblem } from '../http/problems';

/** The portal's route, as the access log names the request a signal came in with. */
const portalRoute = `POST ${apiBasePath}/referrer-portal/reports/:reportId/signals`;

/** Who the access log names for a portal-link session: no account, so the session itself. */
const portalLinkActor = (linkSessionId: string): Actor => ({ userId: `portal-link:${linkSessionId}`, organisationId: 'referrer-portal' });

const notFound = (): Error => problem(404, 'Deze casus bestaat niet.', { type: 'urn:ketenregie:problem:case.not-found' });

/** The command's refusals as the portal answers them, in the same problem shapes as the case routes. */
const asProblem = (error: unknown): unknown => {
  if (isDomainError(error)) return domainErrorProblem(error);
  if (error instanceof CaseAccessRefused)
    return error.refusal === 'not-found'
      ? notFound()
      : problem(403, actionForbiddenDetail, { type: 'urn:ketenregie:problem:case.action-forbidden' });
  if (error instanceof CaseNotFound) return notFound();
  return error;
};

/**
 * How the referrer portal records a referrer's signal on the case, through the one command path.
 * A signed-in referrer is checked by the case's access policy like any command and logged by it. A
 * portal-link session has no account to check: the portal has tied it to exactly this report, so
 * the command runs as the system, and this service writes the access-log entry that names the
 * session, before the change (pending) and with what it came to.
 */
@Injectable()
export class CaseSignalsService implements CaseSignalsPort {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly access: CaseAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async raiseFromPortal(signal: PortalSignal): Promise<{ signalId: string }> {
    const actor: Actor =
      signal.via.kind === 'account'
        ? { userId: signal.via.principal.userId, organisationId: signal.via.principal.organisationId }
        : portalLinkActor(signal.via.linkSessionId);
    // Scoped to who sends it, as a request's key is: the same key from someone else is another signal.
    const key = scopedIdempotencyKey(actor, signal.idempotencyKey);
    const signalId = derivedUuid(key, 'signal');
    const commandId = derivedUuid(key, 'command');
    const command: RaiseSignal = {
      type: 'cases.raise-signal',
      data: {
        caseId: signal.caseId,
        signalId,
        source: { kind: 'referrer', reportId: signal.reportId },
        kind: signal.kind,
        reason: signal.reason,
      },
      metadata: { now: new Date(), actor, correlationId: randomUUID(), causationId: commandId },
    };
    const requestId = command.metadata.correlationId;
    const base = { caseId: signal.caseId, target: 'existing' as const, commandId, command };
    try {
      if (signal.via.kind === 'account') {
        const fingerprint = requestFingerprint({
          method: 'POST',
          path: `${apiBasePath}/referrer-portal/reports/${signal.reportId}/signals`,
          body: { caseId: signal.caseId, kind: signal.kind, reason: signal.reason },
          actor,
        });
        await this.commandBus.execute<ExecuteCaseCommand, CaseCommandOutcome>(
          new ExecuteCaseCommand({
            ...base,
            caller: {
              kind: 'user',
              principal: signal.via.principal,
              idempotencyKey: key,
              request: { requestId, route: portalRoute },
              ids: { signalId },
              fingerprint,
            },
          }),
        );
        return { signalId };
      }
      await this.raiseForLinkSession(base, signal.via.linkSessionId, requestId, { kind: signal.kind, reason: signal.reason });
      return { signalId };
    } catch (error) {
      throw asProblem(error);
    }
  }

  private async raiseForLinkSession(
    message: Omit<ExecuteCaseCommand['message'], 'caller'>,
    linkSessionId: string,
    requestId: string,
    sent: { kind: string; reason: string },
  ): Promise<void> {
    const events = await this.store.readStream(caseStreamId(message.caseId));
    const opened = events[0];
    const familyId = opened?.type === 'cases.case-opened' ? (opened.data as { familyId?: unknown }).familyId : undefined;
    if (typeof familyId !== 'string') throw new CaseNotFound(message.caseId);
    // Without an account there is no stored answer to compare a retry with: the signal this key
    // recorded is. The same key with another signal is refused, as for an account, instead of being
    // answered as if it had been recorded.
    const earlier = events.find((event) => event.type === 'cases.signal-raised' && event.metadata.causationId === message.commandId);
    if (earlier && (earlier.data['kind'] !== sent.kind || earlier.data['reason'] !== sent.reason)) throw idempotencyKeyReused();
    const actor = portalLinkActor(linkSessionId);
    const entry: AccessLogRecord = {
      subjectType: 'case',
      subjectId: message.caseId,
      familyId,
      actor: { userId: actor.userId, organisationId: actor.organisationId ?? 'referrer-portal', role: 'referrer' },
      action: 'update',
      // Feedback to a referrer and what they answer is Veilig Thuis' statutory task.
      legalBasis: 'wmo-2015-4.1.1',
      requestId,
      route: portalRoute,
    };
    // Written before the change, as for a user's command without a shared transaction: no change without its entry.
    const pending = await this.access.recordPending(entry);
    let outcome = 'failed';
    try {
      const result = await this.commandBus.execute<ExecuteCaseCommand, CaseCommandOutcome>(
        new ExecuteCaseCommand({ ...message, caller: { kind: 'system' } }),
      );
      outcome = result.replayed ? 'replayed' : result.events.length === 0 ? 'unchanged' : 'changed';
    } catch (error) {
      outcome = isDomainError(error) ? 'refused' : 'failed';
      throw error;
    } finally {
      await pending.complete(outcome);
    }
  }
}
