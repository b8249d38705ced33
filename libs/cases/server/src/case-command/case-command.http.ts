import { randomUUID } from 'node:crypto';
import { Controller, Inject, Injectable, Post, Req, Res } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import type { PeopleDirectory } from '@ketenregie/access-domain';
import { apiBasePath } from '@ketenregie/contracts';
import type { CommandMetadata } from '@ketenregie/kernel';
import { isDomainError } from '@ketenregie/kernel';
import { PEOPLE_DIRECTORY, principalFromRequest } from '@ketenregie/access-contracts';
import { CaseAccess, accessContextOf } from '../access/case-access.service';
import { etagOf, pinnedVersion } from '../http/etag';
import type { StoredResponse } from '../http/idempotency';
import { derivedUuid, IdempotencyStore, idempotencyKeyFrom, requestFingerprint, scopedIdempotencyKey } from '../http/idempotency';
import { resolveOrganisationRefs } from '../http/organisation-refs';
import { resolvePersonRefs } from '../http/person-refs';
import { domainErrorProblem } from '../http/problems';
import { refusalFloored } from '../http/refusal-floor';
import { CaseAccessRefused, ExecuteCaseCommand } from './case-command';
import { actionForbiddenDetail } from './case-command-access.port';
import { CaseNotFound, CaseVersionMismatch, CaseWriteConflict } from './case-command-errors';
import type { CaseCommandRoute } from './case-command.route';
import { parseInput, problem } from '@ketenregie/platform-http';
import { requireReferrerAccount } from '../intake/referrer-account';

const notFound = (): Error => problem(404, 'Deze casus bestaat niet.', { type: 'urn:ketenregie:problem:case.not-found' });

const caseIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** A path segment naming a case or an item in it; anything else cannot exist, so 404. */
export const pathId = (value: string | undefined): string => {
  if (value === undefined || !caseIdPattern.test(value)) throw notFound();
  return value;
};

const pathParams = (route: CaseCommandRoute, values: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => {
      const schema = (route.params as Record<string, Parameters<typeof parseInput>[0] | undefined> | undefined)?.[name];
      const value = values[name];
      return [
        name,
        schema ? (parseInput(schema, value, `params.${name}`) as string) : pathId(typeof value === 'string' ? value : undefined),
      ];
    }),
  );

/**
 * The HTTP side of every case command, in this order: actor (401), Idempotency-Key (428), body
 * (400; 422 for an organisation or professional the directories do not know), If-Match (400), the
 * route's own checks and path ids, idempotent replay or claim (422 for a reused key, 409 while it
 * runs; on an existing case the handler claims, with its read of the stream), then the command as
 * plain data through the CommandBus, whose handler decides access (404, 403), the pinned version
 * (412) and the domain's rules (403 naming who directs, 422 otherwise).
 */
@Injectable()
export class CaseCommandHttp {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotencyStore,
    private readonly access: CaseAccess,
    @Inject(PEOPLE_DIRECTORY) private readonly people: PeopleDirectory,
  ) {}

  async run(route: CaseCommandRoute, request: Request, response: Response): Promise<void> {
    const principal = principalFromRequest(request);
    const actor = { userId: principal.userId, organisationId: principal.organisationId };
    // The client's key within this user: the store's key and the seed of every id derived from it.
    const key = scopedIdempotencyKey(actor, idempotencyKeyFrom(request.headers));
    // No body (or no JSON content type) reads as an empty object, so path-only commands need none.
    const rawBody: unknown = request.body ?? {};
    const organisations = resolveOrganisationRefs(parseInput(route.body, rawBody), this.access.directory);
    const body = await resolvePersonRefs(organisations, this.access.directory, this.people, {
      personId: principal.userId,
      displayName: principal.displayName,
      organisationId: principal.organisationId,
      roles: principal.roles,
    });
    await requireReferrerAccount(body, this.people);
    const expectedVersion = pinnedVersion(request.headers['if-match']);
    const requestId = response.getHeader('X-Request-Id');
    const commandId = derivedUuid(key, 'command');
    const metadata: CommandMetadata = {
      now: new Date(),
      actor,
      correlationId: typeof requestId === 'string' ? requestId : randomUUID(),
      causationId: commandId,
    };
    const routed = route.toCommand(
      { body, params: pathParams(route, request.params) },
      {
        metadata,
        principal,
        directory: this.access.directory,
        idFor: (name) => derivedUuid(key, name),
        ifMatch: request.headers['if-match'] !== undefined,
      },
    );

    const path = (request.originalUrl ?? request.url).split('?')[0];
    const fingerprint = requestFingerprint({ method: request.method, path, body: rawBody, actor });
    // On a case, the handler claims the key with its read of the stream; for a new family, with its
    // look at the family index: one round trip for both.
    const claimedByHandler = routed.target === 'existing' || routed.newFamily !== undefined;
    if (!claimedByHandler) {
      const claim = await this.idempotency.claim(key, fingerprint);
      if (claim.kind === 'replay') return send(response, claim.response, true);
    }
    try {
      const outcome = await this.commandBus.execute(
        new ExecuteCaseCommand({
          caseId: routed.caseId,
          target: routed.target,
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
          commandId,
          command: routed.command,
          caller: {
            kind: 'user',
            principal,
            idempotencyKey: key,
            request: accessContextOf(request, response, `${request.method} ${apiBasePath}/cases`),
            ids: routed.ids ?? {},
            ...(routed.newFamily ? { newFamily: routed.newFamily } : {}),
            ...(claimedByHandler ? { fingerprint } : {}),
          },
        }),
      );
      if (!outcome.response) throw new Error('A user command ended without its answer');
      send(response, outcome.response, outcome.storedAnswer === true);
    } catch (error) {
      // A key the handler claimed, it frees itself; one it could not claim is another request's.
      if (!claimedByHandler) await this.idempotency.release(key);
      throw toHttpError(error, response);
    }
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
  if (error instanceof CaseAccessRefused) {
    return error.refusal === 'not-found'
      ? notFound()
      : problem(403, actionForbiddenDetail, { type: 'urn:ketenregie:problem:case.action-forbidden' });
  }
  if (error instanceof CaseNotFound) return notFound();
  if (error instanceof CaseVersionMismatch) {
    if (error.actualVersion === 'no_stream') return notFound();
    // The current ETag lets the client reload and decide again knowingly.
    response.setHeader('ETag', etagOf(error.actualVersion));
    return problem(412, 'De casus is intussen gewijzigd. Laad de casus opnieuw en controleer of uw wijziging nog klopt.', {
      type: 'urn:ketenregie:problem:case.version-mismatch',
    });
  }
  if (error instanceof CaseWriteConflict) {
    return problem(409, 'De casus werd tegelijk door iemand anders gewijzigd. Probeer het opnieuw.', {
      type: 'urn:ketenregie:problem:case.concurrent-write',
    });
  }
  return error;
};

/** One controller with an endpoint per declared route; its 404s wait for the refusal floor. */
export const caseCommandsController = (routes: readonly CaseCommandRoute[]): Type<unknown> => {
  @Controller()
  class CasesCommandsController {
    constructor(@Inject(CaseCommandHttp) readonly http: CaseCommandHttp) {}
  }
  const prototype = CasesCommandsController.prototype as unknown as Record<string, unknown>;
  for (const route of routes) {
    const name = route.operationId;
    prototype[name] = function (this: CasesCommandsController, request: Request, response: Response): Promise<void> {
      return refusalFloored(() => this.http.run(route, request, response));
    };
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (!descriptor) throw new Error(`No endpoint for ${name}`);
    Post(route.path)(prototype, name, descriptor);
    Req()(prototype, name, 0);
    Res()(prototype, name, 1);
  }
  return CasesCommandsController;
};
