import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logging/logger';
import { requestIdFrom } from './request-context';

export const requestIdHeader = 'X-Request-Id';

// Matched route pattern (`/api/v1/cases/:id`), never the concrete path or query string, which can
// carry identifiers of people. Unmatched requests are logged by their first path segment only.
const routeOf = (request: Request): string => {
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  // Wildcard patterns are catch-alls (Nest's not-found handler), not routes worth naming.
  if (typeof pattern === 'string' && !pattern.includes('*')) return `${request.baseUrl}${pattern}`;
  const first = request.path.split('/')[1];
  return first ? `/${first}/*` : '/';
};

/** Assigns the request id (echoed in `X-Request-Id`) and writes one log line per request. */
export const requestMiddleware =
  (logger: Logger) =>
  (request: Request, response: Response, next: NextFunction): void => {
    const requestId = requestIdFrom(request.headers['x-request-id']);
    const started = process.hrtime.bigint();
    response.setHeader(requestIdHeader, requestId);
    response.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const status = response.statusCode;
      const route = routeOf(request);
      // Probes arrive every few seconds; at info they would drown the requests that matter.
      const probe = route.startsWith('/health/') && status < 400;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : probe ? 'debug' : 'info';
      logger[level]({ requestId, method: request.method, route, status, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
    });
    next();
  };
