import type { ZodType } from 'zod';
import { apiBasePath } from './api-version';
import type { OpenApiOperation } from './openapi-document';

/**
 * One endpoint other than a case command, declared once: the controller takes its method and path
 * from it (`@Route` in the HTTP platform), parses its input with its schemas, the OpenAPI document
 * is built from it and the authorisation-matrix test reads the lists of these routes. `path` is
 * relative to the API prefix, Express-style: `/cases/:caseId`. Pure data, here in the contracts,
 * so the one document can be built from every context's declarations without a context importing
 * another's server code.
 */
export type QueryRoute = Omit<OpenApiOperation, 'command'> & {
  /** The path ids, when the route parses them with a schema (the document describes each `:id` by its name). */
  params?: ZodType;
  /** `no-store` unless said otherwise: every answer but the API's own description is personal. */
  cacheControl?: 'no-store' | 'no-cache';
  /**
   * Served at the root rather than under the API's base path (`/health/live`): the platform's
   * probes belong to what runs the app, not to the versioned contract.
   */
  atRoot?: true;
};

/** Declares a route, keeping its literal types so a controller can parse with its own schemas. */
export const queryRoute = <const Route extends QueryRoute>(route: Route): Route => route;

/** `/api/v1/cases/:caseId`: the path as the router has it, under the API's base path unless at the root. */
export const routePath = (route: Pick<QueryRoute, 'path' | 'atRoot'>): string => `${route.atRoot ? '' : apiBasePath}${route.path}`;

/** `GET /api/v1/cases/:caseId`: how the router, the access log and the matrix name the route. */
export const routeKey = (route: Pick<QueryRoute, 'method' | 'path' | 'atRoot'>): string =>
  `${route.method.toUpperCase()} ${routePath(route)}`;

/** The route as the OpenAPI document has it: absolute path. */
export const queryOperation = ({ params: _params, cacheControl: _cacheControl, atRoot, ...route }: QueryRoute): OpenApiOperation => ({
  ...route,
  path: routePath({ path: route.path, atRoot }),
});
