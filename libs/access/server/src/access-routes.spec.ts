import { accessRoutes } from '@ketenregie/contracts';
import { servedRoutes } from '@ketenregie/platform-http';
import { AccessLogController } from './access-log/access-log.controller';
import { EmergencyGrantReviewController } from './access-log/emergency-grant-review.controller';
import { AuthController } from './identity/auth.controller';

// The access context's controllers against its declared routes, read from Nest's own route
// metadata: a handler with a path of its own (not from a declaration), or a declaration nobody
// serves, shows up here without starting the app; the authorisation matrix checks the same
// against the router.
const controllers = [AuthController, AccessLogController, EmergencyGrantReviewController];

const handlers = () => servedRoutes(controllers);

describe('access routes', () => {
  it('are each served by exactly one handler, and no handler serves an undeclared path', () => {
    const declared = accessRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(
      handlers()
        .map((handler) => handler.key)
        .sort(),
    ).toEqual(declared.sort());
  });

  it('answer with their declared caching, and a POST with its declared status', () => {
    const served = handlers();
    for (const route of accessRoutes) {
      const handler = served.find((candidate) => candidate.key === `${route.method.toUpperCase()} ${route.path}`);
      expect({ route: route.operationId, headers: handler?.headers, status: handler?.status }).toEqual({
        route: route.operationId,
        headers: [{ name: 'Cache-Control', value: route.cacheControl ?? 'no-store' }],
        status: route.method === 'post' ? Number(route.response.status ?? '200') : undefined,
      });
    }
    expect(served.find((handler) => handler.path === '/auth/sign-out')?.status).toBe(204);
  });

  it('have distinct operationIds', () => {
    const ids = accessRoutes.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
