import { RequestMethod } from '@nestjs/common';
import { HEADERS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { EmergencyAccessController } from '../access/emergency-access.controller';
import { OrganisationPeopleController } from '../access/organisation-people.controller';
import { caseQueryRoutes } from './case-query-routes';
import { CaseQueriesController } from './case-queries.controller';
import { FamilySearchController } from './family-search.controller';
import { MyTasksController } from './my-tasks.controller';
import { OpenApiController } from './openapi/openapi.controller';

// The controllers that serve the declared query routes. Read from Nest's own route metadata, so a
// handler with a path of its own (not from a declaration), or a declaration nobody serves, shows
// up here without starting the app; the authorisation matrix checks the same against the router.
const controllers = [
  CaseQueriesController,
  FamilySearchController,
  MyTasksController,
  EmergencyAccessController,
  OrganisationPeopleController,
  OpenApiController,
];

const served = (): string[] =>
  controllers.flatMap((controller) => {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
    const prototype = controller.prototype as unknown as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      return [`${method} ${`/${prefix}/${path}`.replace(/\/+/g, '/')}`];
    });
  });

describe('query routes', () => {
  it('are each served by exactly one handler, and no handler serves an undeclared path', () => {
    const declared = caseQueryRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(served().sort()).toEqual(declared.sort());
  });

  it('answer with their declared caching, and a POST with its declared status', () => {
    const handlers = controllers.flatMap((controller) => {
      const prototype = controller.prototype as unknown as Record<string, unknown>;
      return Object.getOwnPropertyNames(prototype).flatMap((name) => (name === 'constructor' ? [] : [prototype[name]]));
    });
    const answers = (path: string) => {
      const handler = handlers.find(
        (candidate) => typeof candidate === 'function' && Reflect.getMetadata(PATH_METADATA, candidate) === path,
      );
      if (typeof handler !== 'function') return undefined;
      return {
        headers: Reflect.getMetadata(HEADERS_METADATA, handler) as unknown,
        status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as unknown,
      };
    };
    for (const route of caseQueryRoutes) {
      expect({ route: route.operationId, ...answers(route.path) }).toEqual({
        route: route.operationId,
        headers: [{ name: 'Cache-Control', value: route.cacheControl ?? 'no-store' }],
        status: route.method === 'post' ? Number(route.response.status ?? '200') : undefined,
      });
    }
    expect(answers('/openapi.json')?.headers).toEqual([{ name: 'Cache-Control', value: 'no-cache' }]);
    expect(answers('/cases/:caseId/emergency-access')?.status).toBe(201);
  });

  it('have distinct operationIds', () => {
    const ids = caseQueryRoutes.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
