import { randomUUID } from 'node:crypto';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { z, ZodType } from 'zod';
import { decideCaseCommandAccess, decideOpenCaseAccess } from '@ketenregie/access-domain';
import type { CommandAccessDecision, PeopleDirectory, Principal } from '@ketenregie/access-domain';
import type { CaseCommandResult } from '@ketenregie/contracts';
import type { CaseCommand, CaseState } from '@ketenregie/cases-domain';
import { isOpened } from '@ketenregie/cases-domain';
import type { Actor, CommandMetadata } from '@ketenregie/kernel';
import { isDomainError } from '@ketenregie/kernel';
import { principalFromRequest } from '@ketenregie/access-contracts';
import { CaseAccess, accessContextOf, accessLogEntry, grantedBy } from '../access/case-access.service';
import { caseRelationsOf } from '../access/case-relations';
import type { CaseFilter } from '../access/case-visibility';
import type { ListedCase } from '../queries/case-read-model';
import { etagOf, pinnedVersion } from '../http/etag';
import type { StoredResponse } from '../http/idempotency';
import { derivedUuid, IdempotencyStore, idempotencyKeyFrom, requestFingerprint, scopedIdempotencyKey } from '../http/idempotency';
import { resolveOrganisationRefs } from '../http/organisation-refs';
import { PEOPLE_DIRECTORY } from '@ketenregie/access-contracts';
import { resolvePersonRefs } from '../http/person-refs';
import type { Named } from '../http/person-refs';
import { parseInput } from '../http/parse-input';
import { domainErrorProblem, problem } from '../http/problems';
import { CommandAccessLog } from './command-access-log';
import type { CommandOutcome } from './command-access-log';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './execute-case-command/case-command-errors';
import { ExecuteCaseCommand } from './execute-case-command/execute-case-command';
import type { AuthorizedChange } from './execute-case-command/execute-case-command';

export type CommandRequestContext = {
  actor: Actor;
  actorName: string | undefined;
  /** An id for `name` that is stable across retries of this request (same Idempotency-Key). */
  idFor: (name: string) => string;
  /** The cases this user sees in full: a matched family is named only where the user may see it. */
  visibleCases: CaseFilter;
  /** Logs that these cases were named to the user (as a search, in the access log). */
  recordShown: (cases: readonly ListedCase[]) => Promise<void>;
};

export type Reservation = { release: () => Promise<void> };

export type PreparedCaseCommand = {
  caseId: string;
  target: 'open' | 'existing';
  /** Ids the client needs to address what it created (e.g. `{ handoverId }`). */
  ids?: Record<string, string>;
  build: (state: CaseState, metadata: CommandMetadata) => CaseCommand;
  /**
   * Checked after the idempotency claim, so a retry of a request that succeeded is never refused.
   * May reserve something for the command (a new family's claim), released if the command fails.
   */
  precheck?: () => Promise<Reservation | undefined>;
};

const requestIdHeader = 'X-Request-Id';

const notFound = (): Error => problem(404, 'Deze casus bestaat niet.', { type: 'urn:ketenregie:problem:case.not-found' });

const forbidden = (): Error =>
  problem(403, 'U mag deze handeling niet uitvoeren in deze casus.', { type: 'urn:ketenregie:problem:case.action-forbidden' });

const refused = (decision: Extract<CommandAccessDecision, { allowed: false }>): Error =>
  decision.refusal === 'not-found' ? notFound() : forbidden();

/** The condition a command is about, for the one rule that opens a partner's own condition to it. */
const conditionIdOf = (command: CaseCommand): { conditionId?: string } => {
  const data = command.data as { conditionId?: unknown };
  return typeof data.conditionId === 'string' ? { conditionId: data.conditionId } : {};
};

/** Case and family of a command for a case that does not exist yet (intake of a new family). */
const newCaseOf = (command: CaseCommand): { caseId: string; familyId: string } | undefined => {
  const data = command.data as { caseId?: unknown; familyId?: unknown };
  return typeof data.caseId === 'string' && typeof data.familyId === 'string' ? { caseId: data.caseId, familyId: data.familyId } : undefined;
};

const caseIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** A path segment naming a case or an item in it; anything else cannot exist, so 404. */
export const pathId = (value: string | undefined): string => {
  if (value === undefined || !caseIdPattern.test(value)) throw notFound();
  return value;
};

/**
 * The HTTP side of every case command, in this order: actor (401), Idempotency-Key (428), body
 * (400; 422 for a Veilig Thuis or local team the directory does not know, or a professional the
 * account directory does not know there), If-Match (400),
 * idempotent replay or claim (422 for a reused key), for a new family the `open-case` capability
 * (403), then the one command path through the CommandBus. There, on the state the command is
 * decided on, need-to-know (404 without a relation, 403 for one that does
 * not allow this command) comes before the pinned version (412) and the domain's rules
 * (403 naming who directs, 422 otherwise); a permitted change is in the access log before it is
 * appended, and the command's one entry says what it came to (`CommandAccessLog`).
 */
@Injectable()
export class CaseCommandRunner {
  private readonly logger = new Logger('CaseCommands');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotencyStore,
    private readonly access: CaseAccess,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  async run<Schema extends ZodType>(
    request: Request,
    response: Response,
    schema: Schema,
    prepare: (body: Named<z.output<Schema>>, context: CommandRequestContext) => PreparedCaseCommand,
  ): Promise<void> {
    const principal = principalFromRequest(request);
    const actor: Actor = { userId: principal.userId, organisationId: principal.organisationId };
    // The client's key within this user: the store's key and the seed of every id derived from it.
    const key = scopedIdempotencyKey(actor, idempotencyKeyFrom(request.headers));
    // No body (or no JSON content type) reads as an empty object, so path-only commands need none.
    const rawBody: unknown = request.body ?? {};
    // The organisations and professionals it names as the directories know them (422 for one they do not know).
    const organisations = resolveOrganisationRefs(parseInput(schema, rawBody), this.access.directory);
    const body = await resolvePersonRefs(organisations, this.access.directory, this.people, {
      personId: principal.userId,
      displayName: principal.displayName,
      organisationId: principal.organisationId,
      roles: principal.roles,
    });
    const expectedVersion = pinnedVersion(request.headers['if-match']);
    const accessContext = accessContextOf(request, response, `${request.method} /api/v1/cases`);
    const prepared = prepare(body, {
      actor,
      actorName: principal.displayName,
      idFor: (name) => derivedUuid(key, name),
      visibleCases: this.access.visibleCases(principal),
      recordShown: (cases) => {
        const granted = this.access.requireCapability(principal, 'open-case');
        return this.access.recordAll(cases.map((subject) => accessLogEntry(principal, granted, subject, 'search', accessContext)));
      },
    });

    const path = (request.originalUrl ?? request.url).split('?')[0];
    const claim = await this.idempotency.claim(key, requestFingerprint({ method: request.method, path, body: rawBody, actor }));
    if (claim.kind === 'replay') {
      send(response, claim.response, true);
      return;
    }

    let stored: StoredResponse;
    let reservation: Reservation | undefined;
    const journal = new CommandAccessLog(this.access, principal, accessContext, (error) =>
      this.logger.warn(`the outcome of a command was not added to the access log: ${error instanceof Error ? error.name : 'error'}`),
    );
    try {
      const requestId = response.getHeader(requestIdHeader);
      const metadata: CommandMetadata = {
        now: new Date(),
        actor,
        correlationId: typeof requestId === 'string' ? requestId : randomUUID(),
        causationId: derivedUuid(key, 'command'),
      };
      // A new family has no case to have a relation with: opening one is a capability, checked
      // before the known-family check so that only those who may open a case learn of a match.
      if (prepared.target === 'open') {
        const open = decideOpenCaseAccess(principal, this.access.directory);
        if (!open.allowed) throw refused(open);
      }
      reservation = await prepared.precheck?.();
      const outcome = await this.commandBus.execute(
        new ExecuteCaseCommand({
          caseId: prepared.caseId,
          target: prepared.target,
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          commandId: derivedUuid(key, 'command'),
          metadata,
          build: (state) => prepared.build(state, metadata),
          access: { kind: 'user', authorize: (state, command) => this.authorize(principal, state, command, journal, metadata.now) },
        }),
      );
      // Recorded as soon as it is known: whatever happens to the answer now, the change stands.
      await journal.settle(outcome.replayed ? 'replayed' : outcome.events.length === 0 ? 'unchanged' : 'changed');
      const result: CaseCommandResult = {
        caseId: outcome.caseId,
        version: outcome.version,
        checkpoint: outcome.checkpoint,
        events: outcome.events,
        ids: prepared.ids ?? {},
      };
      stored = {
        status: outcome.created ? 201 : 200,
        body: result,
        headers: {
          ETag: etagOf(outcome.version),
          ...(outcome.created ? { Location: `/api/v1/cases/${encodeURIComponent(outcome.caseId)}` } : {}),
        },
      };
      await this.idempotency.complete(key, stored);
    } catch (error) {
      // A reservation left behind only delays the next attempt until it counts as abandoned.
      await reservation?.release().catch(() => undefined);
      await this.idempotency.release(key);
      // A refusal tells something about the case too: without its entry, it is not sent (503).
      await journal.settle(outcomeOfFailure(error));
      throw toHttpError(error, response);
    }
    send(response, stored, false);
  }

  /**
   * Need-to-know for one command on the state it is decided on. The grant store is asked only when
   * no relation opens the case (see `CaseAccess.decide`), so a director's command costs no query.
   */
  private async authorize(principal: Principal, state: CaseState, command: CaseCommand, journal: CommandAccessLog, now: Date): Promise<AuthorizedChange> {
    if (!isOpened(state)) {
      const subject = newCaseOf(command);
      if (!subject) throw notFound();
      const decision = decideOpenCaseAccess(principal, this.access.directory);
      if (!decision.allowed) throw refused(decision);
      return journal.granted({ actingRole: decision.actingRole, legalBasis: decision.legalBasis }, subject, false);
    }
    const access = await this.access.decide(principal, caseRelationsOf(state), now);
    const decision = decideCaseCommandAccess(command.type, access, conditionIdOf(command));
    if (!decision.allowed || access.scope === 'none') {
      journal.refused();
      throw decision.allowed ? notFound() : refused(decision);
    }
    return journal.granted(grantedBy(access), { caseId: state.caseId, familyId: state.familyId }, true);
  }
}

/** What a command that ended in this error came to, for its access-log entry. */
const outcomeOfFailure = (error: unknown): CommandOutcome => {
  if (isDomainError(error)) return 'refused';
  // The access policy's 404 or 403 on a retry's fresh state.
  if (error instanceof HttpException && (error.getStatus() === 403 || error.getStatus() === 404)) return 'refused';
  if (error instanceof CaseVersionMismatch || error instanceof CaseWriteConflict) return 'conflict';
  return 'failed';
};

const send = (response: Response, stored: StoredResponse, replayed: boolean): void => {
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  // Lets a client (and its logs) see that nothing was executed this time.
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  response.status(stored.status).json(stored.body);
};

const toHttpError = (error: unknown, response: Response): unknown => {
  if (isDomainError(error)) return domainErrorProblem(error);
  if (error instanceof CaseNotFound) return notFound();
  if (error instanceof CaseVersionMismatch) {
    if (error.actualVersion === 'no_stream') return notFound();
    // The current ETag lets the client reload and decide again knowingly.
    response.setHeader('ETag', etagOf(error.actualVersion));
    return problem(
      412,
      'De casus is intussen gewijzigd. Laad de casus opnieuw en controleer of uw wijziging nog klopt.',
      { type: 'urn:ketenregie:problem:case.version-mismatch' },
    );
  }
  if (error instanceof CaseWriteConflict) {
    return problem(409, 'De casus werd tegelijk door iemand anders gewijzigd. Probeer het opnieuw.', {
      type: 'urn:ketenregie:problem:case.concurrent-write',
    });
  }
  return error;
};
