import { servedRoutes } from '@ketenregie/platform-http';
import { EmergencyAccessController } from '../access/emergency-access.controller';
import { OrganisationPeopleController } from '../access/organisation-people.controller';
import { caseQueryRoutes } from './case-query-routes';
import { CaseQueriesController } from './case-queries.controller';
import { FamilySearchController } from './family-search.controller';
import { MyTasksController } from './my-tasks.controller';
import { RappelPlannerController } from './rappel-planner.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { WorklistCountsController } from './worklist-counts.controller';
import { FeedbackPreviewController } from '../preview-feedback/feedback-preview.controller';

// The controllers that serve the declared query routes. Read from Nest's own route metadata, so a
// handler with a path of its own (not from a declaration), or a declaration nobody serves, shows
// up here without starting the app; the authorisation matrix checks the same against the router.
const controllers = [
  CaseQueriesController,
  FamilySearchController,
  MyTasksController,
  RappelPlannerController,
  EmergencyAccessController,
  OrganisationPeopleController,
  OpenApiController,
  WorklistCountsController,
  FeedbackPreviewController,
];

const served = () => servedRoutes(controllers);

describe('query routes', () => {
  it('are each served by exactly one handler, and no handler serves an undeclared path', () => {
    const declared = caseQueryRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(
      served()
        .map((handler) => handler.key)
        .sort(),
    ).toEqual(declared.sort());
  });

  it('answer with their declared caching, and a POST with its declared status', () => {
    const answers = (path: string) => {
      const handler = served().find((candidate) => candidate.path === path);
      return handler ? { headers: handler.headers, status: handler.status } : undefined;
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
