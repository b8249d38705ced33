import { METHODS } from 'node:http';
import type { Request } from 'express';

type Layer = { route?: { path: unknown; methods: Record<string, boolean> } };
type Route = { pattern: RegExp; methods: string[] };

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// `/api/v1/cases/:caseId` -> /^\/api\/v1\/cases\/[^/]+$/; the app's routes use named segments only.
const patternOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : escape(segment)))
      .join('/')}$`,
  );

const routesByRouter = new WeakMap<object, Route[]>();

const routesOf = (router: { stack: Layer[] }): Route[] => {
  const known = routesByRouter.get(router);
  if (known) return known;
  const routes = router.stack.flatMap((layer): Route[] => {
    const route = layer.route;
    if (!route || typeof route.path !== 'string' || route.methods['_all']) return [];
    const methods = Object.keys(route.methods).map((method) => method.toUpperCase());
    // A route for (nearly) every method is Nest's catch-all on the prefix, not an endpoint.
    if (methods.length >= METHODS.length - 1) return [];
    return [{ pattern: patternOf(route.path), methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods }];
  });
  // Routes are all registered before the first request is answered, so the list is built once.
  routesByRouter.set(router, routes);
  return routes;
};

/**
 * The methods the app serves at this request's path, for a request that no route took: empty when
 * the path itself is unknown (404); otherwise the wrong method was used (405 with `Allow`).
 */
export const allowedMethods = (request: Request): string[] => {
  const router = (request.app as unknown as { router?: { stack: Layer[] } } | undefined)?.router;
  if (!router || typeof request.path !== 'string') return [];
  const methods = new Set<string>();
  for (const route of routesOf(router)) {
    if (route.pattern.test(request.path)) for (const method of route.methods) methods.add(method);
  }
  return [...methods].sort();
};
