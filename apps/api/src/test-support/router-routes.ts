import { METHODS } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/** Route templates the running app serves, from its Express router: `GET /api/v1/cases/:caseId`. */
export const routesOfApp = (app: INestApplication): string[] => {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  const everyMethod = METHODS.length;
  return router.stack.flatMap((layer) => {
    if (!layer.route) return [];
    const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
    // A route for every method is middleware Nest mounts on the global prefix, not an endpoint.
    if (methods.length >= everyMethod - 1 || layer.route.methods['_all']) return [];
    return methods.map((method) => `${method.toUpperCase()} ${layer.route?.path ?? ''}`);
  });
};
