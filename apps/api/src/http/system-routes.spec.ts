import { systemRoutes } from '@ketenregie/contracts';
import { servedRoutes } from '@ketenregie/platform-http';
import { HealthController } from '../health/health.controller';
import { StatusController } from '../status/status.controller';

// The app's own controllers against its declared routes, read from Nest's own route metadata: a
// handler with a path of its own, or a declaration nobody serves, shows up without starting the app.
const controllers = [StatusController, HealthController];

const handlers = () => servedRoutes(controllers);

describe('system routes', () => {
  it('are each served by exactly one handler, and no handler serves an undeclared path', () => {
    const declared = systemRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(
      handlers()
        .map((handler) => handler.key)
        .sort(),
    ).toEqual(declared.sort());
  });

  it('are never cached: the status and the probes say how things are now', () => {
    expect(handlers().map((handler) => handler.headers)).toEqual(systemRoutes.map(() => [{ name: 'Cache-Control', value: 'no-store' }]));
  });

  it('keep only the platform probes outside the API base path', () => {
    expect(systemRoutes.filter((route) => route.atRoot).map((route) => route.path)).toEqual(['/health/live', '/health/ready']);
  });
});
