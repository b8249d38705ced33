import type { NestExpressApplication } from '@nestjs/platform-express';
import { NotFoundException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { apiBasePath, apiVersion, apiVersionHeader } from '@ketenregie/contracts';

export const openApiDocumentPath = `${apiBasePath}/openapi.json`;

const isBackendPath = (path: string): boolean =>
  path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/');

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

// Exactly what the body parser reads (`harden`): anything else would reach a route as no body at all.
const isJson = (request: Request): boolean => request.is('application/json') !== false;

/** The full version on every response, so a log line or a bug report says which contract answered. */
export const apiVersionMiddleware = (_request: Request, response: Response, next: NextFunction): void => {
  response.setHeader(apiVersionHeader, apiVersion);
  next();
};

/**
 * Rules of the Dutch API Design Rules that hold for every route, before any of them runs:
 * - No trailing-slash aliases: `/api/v1/status/` is a 404, not the same resource and not a
 *   redirect. The rules ask for exactly that (a redirect would teach clients a wrong URI that
 *   happens to work), and Express would otherwise match it as `/api/v1/status`.
 * - A request body must be JSON: a `text/plain` body was silently read as no body at all, so a
 *   command with only optional fields ran on input the client never meant (415 instead).
 * - The OpenAPI document is readable from any origin, so documentation tools in a browser can load it;
 *   it holds no data, and the API itself stays same-origin.
 */
/**
 * Express matches routes whatever their letter case, while every check in front of the routes (the
 * rate limit, `no-store`, 415 for a body that is not JSON, no trailing-slash aliases) looks for
 * "/api/" as written: "/API/v1/..." would reach a command past all of them. Such a path is no
 * address of this API.
 */
export const backendPathsAsWritten = (request: Request, _response: Response, next: NextFunction): void => {
  const { path } = request;
  next(!isBackendPath(path) && isBackendPath(path.toLowerCase()) ? new NotFoundException() : undefined);
};

export const apiConventions = (app: NestExpressApplication): void => {
  app.use((request: Request, response: Response, next: NextFunction) => {
    const { path } = request;
    if (!isBackendPath(path)) {
      next();
      return;
    }
    if (path.length > 1 && path.endsWith('/')) {
      next(new NotFoundException());
      return;
    }
    if (hasBody(request) && !isJson(request)) {
      next(new UnsupportedMediaTypeException('Stuur de inhoud als JSON, met Content-Type: application/json.'));
      return;
    }
    if (path === openApiDocumentPath && (request.method === 'GET' || request.method === 'HEAD')) {
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.setHeader('Access-Control-Expose-Headers', apiVersionHeader);
      response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    next();
  });
};
