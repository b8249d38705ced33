import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { BadRequestException, Catch, HttpException, NotFoundException } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';
import { FAMILY_ERASED_DETAIL } from '@ketenregie/access-contracts';
import { FamilyDataErased } from '@ketenregie/access-server';
import type { Problem } from '@ketenregie/contracts';
import { issueCode } from '@ketenregie/contracts';
import type { Logger } from '../logging/logger';
import { errorFields } from '../logging/logger';
import { allowedMethods } from './allowed-methods';

export const problemContentType = 'application/problem+json; charset=utf-8';

export type ProblemBody = Problem & { errorId?: string };

type FieldError = NonNullable<Problem['errors']>[number];

// User-facing explanations are Dutch (house style); `title` stays the HTTP reason phrase, as
// RFC 9457 asks for `about:blank` problems.
const dutchDetail: Record<number, string> = {
  400: 'Het verzoek is niet geldig.',
  401: 'U bent niet aangemeld.',
  403: 'U heeft geen toegang tot dit onderdeel.',
  404: 'Dit adres bestaat niet.',
  405: 'Deze bewerking is hier niet toegestaan.',
  409: 'De gegevens zijn intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.',
  412: 'De gegevens zijn intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.',
  413: 'Het verzoek is te groot.',
  415: 'Dit gegevensformaat wordt niet ondersteund.',
  422: 'Het verzoek kon niet worden verwerkt.',
  429: 'Te veel verzoeken. Probeer het over enkele ogenblikken opnieuw.',
  503: 'De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.',
};

const zodFieldErrors = (error: ZodError): FieldError[] =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issueCode(issue),
  }));

const standardMembers = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors', 'errorId', 'statusCode', 'message', 'error']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The status of a client error raised by Express middleware before any route ran (the body
 * parser's "too large", "malformed JSON", "unsupported charset"): `http-errors` marks those
 * `expose`. Their messages are English and may quote the body, so only the status is used.
 */
const clientErrorStatus = (exception: unknown): number | undefined => {
  if (!isRecord(exception) || exception['expose'] !== true) return undefined;
  const status = exception['status'] ?? exception['statusCode'];
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
};

const routeNotFound = /^Cannot [A-Z]+ \//;

// Messages Nest produces itself: English, and "Cannot GET /x" echoes the path.
const isNestDefaultMessage = (message: string, status: number): boolean => message === STATUS_CODES[status] || routeNotFound.test(message);

/** No route took the request: Nest's own "Cannot GET /x". */
const isRouteNotFound = (exception: unknown): boolean => exception instanceof NotFoundException && routeNotFound.test(exception.message);

/**
 * Nest answers a body that is not JSON (the parser's SyntaxError) and a path with a broken
 * %-escape (the router's URIError) with a BadRequestException carrying the parser's English message,
 * which quotes the request ("Unexpected token 'J', \"Jansen\" is not valid JSON"). Nothing in this
 * code base throws a BadRequestException of its own (its 400s are problems with a `title`), so such
 * an exception gets a Dutch detail of ours instead.
 */
const parserRefusal = (exception: HttpException, instance: string): ProblemBody | undefined => {
  const response = exception.getResponse();
  if (!(exception instanceof BadRequestException) || (isRecord(response) && typeof response['title'] === 'string')) return undefined;
  const undecodablePath = /^Failed to decode param/.test(exception.message);
  return {
    type: 'about:blank',
    title: STATUS_CODES[400] ?? 'Bad Request',
    status: 400,
    detail: undecodablePath ? 'Het adres bevat een ongeldige %-codering.' : 'De inhoud van het verzoek is geen geldige JSON.',
    instance,
  };
};

/**
 * Turns an HttpException into a problem. Server code may throw
 * `new HttpException({ type, title, detail, errors }, status)` to control every field, or a Nest
 * exception with a message (`new ConflictException('...')`), which becomes `detail` for 4xx.
 */
const fromHttpException = (exception: HttpException, instance: string): ProblemBody => {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const problem: ProblemBody = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: dutchDetail[status] ?? (status >= 500 ? dutchDetail[503] : dutchDetail[400]),
    instance,
  };
  if (isRecord(response) && typeof response['title'] === 'string') {
    if (typeof response['type'] === 'string') problem.type = response['type'];
    problem.title = response['title'];
    if (typeof response['detail'] === 'string') problem.detail = response['detail'];
    if (Array.isArray(response['errors'])) problem.errors = response['errors'] as FieldError[];
    // RFC 9457 extension members the server set itself (e.g. `matchedCaseId`); never Nest's own.
    for (const [name, value] of Object.entries(response)) {
      if (!standardMembers.has(name)) (problem as Record<string, unknown>)[name] = value;
    }
    return problem;
  }
  const message = typeof response === 'string' ? response : isRecord(response) ? response['message'] : undefined;
  if (status < 500 && typeof message === 'string' && !isNestDefaultMessage(message, status)) problem.detail = message;
  return problem;
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The path only: a query string may carry personal data and is no part of the problem's identity.
    const instance = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    const requestId = response.getHeader('X-Request-Id');
    // A known path with another method is a 405 that says which methods it has (RFC 9110 15.5.6).
    const allow = isRouteNotFound(exception) ? allowedMethods(request) : [];
    const problem: ProblemBody =
      allow.length > 0
        ? { type: 'about:blank', title: STATUS_CODES[405] ?? 'Method Not Allowed', status: 405, detail: dutchDetail[405] ?? '', instance }
        : this.toProblem(exception, instance, typeof requestId === 'string' ? requestId : undefined);
    if (response.headersSent) {
      response.end();
      return;
    }
    // 503s here are transient (a read model catching up, a dependency restarting): tell clients when to retry.
    if (problem.status === 503) response.setHeader('Retry-After', '1');
    if (allow.length > 0) response.setHeader('Allow', allow.join(', '));
    response.status(problem.status).type(problemContentType).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, instance: string, requestId: string | undefined): ProblemBody {
    if (exception instanceof ZodError) {
      return {
        type: 'about:blank',
        title: STATUS_CODES[400] ?? 'Bad Request',
        status: 400,
        detail: 'Niet alle velden zijn goed ingevuld.',
        instance,
        errors: zodFieldErrors(exception),
      };
    }
    if (exception instanceof HttpException && exception.getStatus() !== 500) {
      return parserRefusal(exception, instance) ?? fromHttpException(exception, instance);
    }
    if (exception instanceof FamilyDataErased) {
      // The family's personal data was erased on purpose: a change that would record new personal
      // data for it can never succeed, which is what 410 says.
      return {
        type: 'urn:ketenregie:problem:family.erased',
        title: STATUS_CODES[410] ?? 'Gone',
        status: 410,
        detail: FAMILY_ERASED_DETAIL,
        instance,
      };
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus !== undefined) {
      return {
        type: 'about:blank',
        title: STATUS_CODES[clientStatus] ?? 'Bad Request',
        status: clientStatus,
        detail: dutchDetail[clientStatus] ?? dutchDetail[400],
        instance,
      };
    }
    // Anything else is our fault: the client gets an id to quote, the log gets the details.
    const errorId = randomUUID();
    this.logger.error({ errorId, requestId, ...errorFields(exception) }, 'unhandled error');
    return {
      type: 'about:blank',
      title: STATUS_CODES[500] ?? 'Internal Server Error',
      status: 500,
      detail: `Er ging iets mis aan onze kant. Vermeld foutcode ${errorId} als u contact met ons opneemt.`,
      instance,
      errorId,
    };
  }
}
