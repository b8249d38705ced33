import { applyDecorators, Get, Header, HttpCode, Post } from '@nestjs/common';
import { apiBasePath } from '@ketenregie/contracts';
import type { OpenApiOperation } from '@ketenregie/contracts';
import type { ZodType } from 'zod';

/**
 * One query (or other non-command) endpoint, declared once: the controller takes its method and
 * path from it (`@Route`), parses its input with its schemas, the OpenAPI document is built from
 * it and the authorisation-matrix test reads the list of these routes. `path` is relative to the
 * API prefix, Express-style: `/cases/:caseId`.
 */
export type QueryRoute = Omit<OpenApiOperation, 'command' | 'csrfExempt'> & {
  /** The path ids, when the route parses them with a schema (the document describes each `:id` by its name). */
  params?: ZodType;
  /** `no-store` unless said otherwise: every answer but the API's own description is personal. */
  cacheControl?: 'no-store' | 'no-cache';
};

/** Declares a route, keeping its literal types so a controller can parse with its own schemas. */
export const queryRoute = <const Route extends QueryRoute>(route: Route): Route => route;

/** `GET /api/v1/cases/:caseId`: how the router, the access log and the matrix name the route. */
export const routeKey = (route: Pick<QueryRoute, 'method' | 'path'>): string => `${route.method.toUpperCase()} ${apiBasePath}${route.path}`;

/** The route as the OpenAPI document has it: absolute path. */
export const queryOperation = ({ params: _params, cacheControl: _cacheControl, ...route }: QueryRoute): OpenApiOperation => ({
  ...route,
  path: `${apiBasePath}${route.path}`,
});

/**
 * Serves a controller method at its declaration's method and path (the controller has no prefix of
 * its own), with the declared status for a POST and the declared caching.
 */
export const Route = (route: QueryRoute): MethodDecorator => {
  const cache = Header('Cache-Control', route.cacheControl ?? 'no-store');
  return route.method === 'get'
    ? applyDecorators(Get(route.path), cache)
    : applyDecorators(Post(route.path), HttpCode(Number(route.response.status ?? '200')), cache);
};
