import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { z, ZodType } from 'zod';
import type { CaseCommandResult } from '@ketenregie/contracts';
import type { CaseCommand, CaseState } from '@ketenregie/cases-domain';
import type { Actor, CommandMetadata } from '@ketenregie/kernel';
import { isDomainError } from '@ketenregie/kernel';
import { actorFromRequest, actorNameFromRequest } from '../http/actor';
import { etagOf, pinnedVersion } from '../http/etag';
import type { StoredResponse } from '../http/idempotency';
import { derivedUuid, IdempotencyStore, idempotencyKeyFrom, requestFingerprint } from '../http/idempotency';
import { parseInput } from '../http/parse-input';
import { domainErrorProblem, problem } from '../http/problems';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './execute-case-command/case-command-errors';
import { ExecuteCaseCommand } from './execute-case-command/execute-case-command';

export type CommandRequestContext = {
  actor: Actor;
  actorName: string | undefined;
  /** An id for `name` that is stable across retries of this request (same Idempotency-Key). */
  idFor: (name: string) => string;
};

export type PreparedCaseCommand = {
  caseId: string;
  target: 'open' | 'existing';
  /** Ids the client needs to address what it created (e.g. `{ handoverId }`). */
  ids?: Record<string, string>;
  build: (state: CaseState, metadata: CommandMetadata) => CaseCommand;
  /** Checked after the idempotency claim, so a retry of a request that succeeded is never refused. */
  precheck?: () => Promise<void>;
};

const requestIdHeader = 'X-Request-Id';

const notFound = (): Error => problem(404, 'Deze casus bestaat niet.', { type: 'urn:ketenregie:problem:case.not-found' });

const caseIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** A path segment naming a case or an item in it; anything else cannot exist, so 404. */
export const pathId = (value: string | undefined): string => {
  if (value === undefined || !caseIdPattern.test(value)) throw notFound();
  return value;
};

/**
 * The HTTP side of every case command, in this order: actor (401), Idempotency-Key (428), body
 * (400), If-Match (400), idempotent replay or claim (422 for a reused key), then the one command
 * path through the CommandBus, whose failures become 404/409/412/403/422 problems.
 */
@Injectable()
export class CaseCommandRunner {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async run<Schema extends ZodType>(
    request: Request,
    response: Response,
    schema: Schema,
    prepare: (body: z.output<Schema>, context: CommandRequestContext) => PreparedCaseCommand,
  ): Promise<void> {
    const actor = actorFromRequest(request);
    const key = idempotencyKeyFrom(request.headers);
    // No body (or no JSON content type) reads as an empty object, so path-only commands need none.
    const rawBody: unknown = request.body ?? {};
    const body = parseInput(schema, rawBody);
    const expectedVersion = pinnedVersion(request.headers['if-match']);
    const prepared = prepare(body, {
      actor,
      actorName: actorNameFromRequest(request),
      idFor: (name) => derivedUuid(key, name),
    });

    const path = (request.originalUrl ?? request.url).split('?')[0];
    const claim = await this.idempotency.claim(key, requestFingerprint({ method: request.method, path, body: rawBody, actor }));
    if (claim.kind === 'replay') {
      send(response, claim.response, true);
      return;
    }

    let stored: StoredResponse;
    try {
      const requestId = response.getHeader(requestIdHeader);
      const metadata: CommandMetadata = {
        now: new Date(),
        actor,
        correlationId: typeof requestId === 'string' ? requestId : randomUUID(),
        causationId: derivedUuid(key, 'command'),
      };
      await prepared.precheck?.();
      const outcome = await this.commandBus.execute(
        new ExecuteCaseCommand({
          caseId: prepared.caseId,
          target: prepared.target,
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          commandId: derivedUuid(key, 'command'),
          metadata,
          build: (state) => prepared.build(state, metadata),
        }),
      );
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
          ...(outcome.created ? { Location: `/api/cases/${encodeURIComponent(outcome.caseId)}` } : {}),
        },
      };
      await this.idempotency.complete(key, stored);
    } catch (error) {
      await this.idempotency.release(key);
      throw toHttpError(error, response);
    }
    send(response, stored, false);
  }
}

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
