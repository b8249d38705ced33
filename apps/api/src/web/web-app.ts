import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

const isBackendPath = (path: string): boolean =>
  path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/');

// `/assets/app-123.js` that is missing must be a 404, not index.html parsed as JavaScript.
const looksLikeFile = (path: string): boolean => /\.[A-Za-z0-9]+$/.test(path.split('/').pop() ?? '');

export const notBuiltMessage = 'The web app is not built yet: run `npm run build:web`, then reload this page.\n';

/**
 * Serves the built React app and answers client-side routes (`/zaken/123`) with index.html.
 * Existence is checked per request so `npm run build:web` takes effect without a restart.
 */
export const serveWebApp = (app: NestExpressApplication, webDistDir: string): void => {
  const index = join(webDistDir, 'index.html');
  const assets = express.static(webDistDir, {
    index: false,
    fallthrough: true,
    // Vite fingerprints everything under /assets, so those files never change.
    setHeaders: (response, path) => {
      if (path.includes(`${join(webDistDir, 'assets')}/`)) {
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  });
  // An API request never names a file of the web app: skipping the file-system lookup keeps it
  // off every API call's path.
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (isBackendPath(request.path)) next();
    else assets(request, response, next);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isBackendPath(request.path) || looksLikeFile(request.path)) {
      next();
      return;
    }
    if (!existsSync(index)) {
      response.status(404).type('text/plain; charset=utf-8').send(notBuiltMessage);
      return;
    }
    // index.html names the current asset bundle, so it must be revalidated after each deploy.
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index, (error) => {
      if (error) next(error);
    });
  });
};
