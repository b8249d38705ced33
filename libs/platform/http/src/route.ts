import { applyDecorators, Get, Header, HttpCode, Post } from '@nestjs/common';
import type { QueryRoute } from '@ketenregie/contracts';

// The declaration itself is pure data in the contracts (the OpenAPI document is built from it);
// offered here too so a controller takes a route's declaration helpers and its decorator from one place.
export { queryOperation, queryRoute, routeKey, routePath } from '@ketenregie/contracts';
export type { QueryRoute } from '@ketenregie/contracts';

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
