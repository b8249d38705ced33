import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { apiBasePath, systemRoutes } from '@ketenregie/contracts';
import type { Projection } from '@ketenregie/event-store';
import { AppModule } from './app.module';
import type { ApiConfig } from './config/config';
import { apiConventions, apiVersionMiddleware, backendPathsAsWritten } from './http/api-conventions';
import { ProblemFilter } from './http/problem.filter';
import { harden } from './http/hardening';
import { answerMalformedRequests } from './http/malformed-requests';
import { requestMiddleware } from './http/request-middleware';
import { StorableInputGuard } from './http/storable-input.guard';
import type { Infrastructure } from './infrastructure/infrastructure';
import { createInfrastructure } from './infrastructure/infrastructure';
import type { Logger } from './logging/logger';
import { createLogger } from './logging/logger';
import { PinoLoggerService } from './logging/pino-logger.service';
import { projections as registeredProjections } from './projections/registry';
import { StartupError } from './startup-error';
import { serveWebApp } from './web/web-app';

export type StartApiOptions = {
  config: ApiConfig;
  logger?: Logger;
  projections?: Projection[];
  /** Close the app on SIGINT/SIGTERM/SIGHUP; for the real process, not for tests. */
  shutdownHooks?: boolean;
};

export type RunningApi = {
  app: NestExpressApplication;
  /** Base URL for local requests, e.g. http://127.0.0.1:3000 (the actual port when 0 was asked). */
  url: string;
  port: number;
  infrastructure: Infrastructure;
  close: () => Promise<void>;
};

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? ((error as { code?: string }).code ?? undefined) : undefined;

const listenError = (error: unknown, config: ApiConfig): unknown => {
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return new StartupError(`Port ${config.port} is already in use: stop the other process or set PORT to a free port.`);
    case 'EACCES':
      return new StartupError(`Not allowed to listen on port ${config.port}: use a port above 1023 or run with the needed rights.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(`Cannot listen on HOST=${config.host}: use an address of this machine, e.g. 0.0.0.0.`);
    default:
      return error;
  }
};

export const startApi = async (options: StartApiOptions): Promise<RunningApi> => {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const infrastructure = await createInfrastructure(config, logger, {
    projections: options.projections ?? registeredProjections,
  });

  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, infrastructure, logger }), {
      bufferLogs: true,
      // Errors reach our caller (one line for the operator) instead of Nest exiting by itself.
      abortOnError: false,
      // Registered by `harden`, with an explicit size limit and JSON only.
      bodyParser: false,
    });
    app.useLogger(new PinoLoggerService(logger.child({ component: 'nest' })));
    app.disable('x-powered-by');
    // No body-hash ETags: the API's responses are `no-store`, so nothing would revalidate with them,
    // and hashing a 1,000-entry timeline on every read costs time. Where a version says whether
    // something changed (a case's detail), the controller sets that ETag itself.
    app.set('etag', false);
    // A path is the API's only as written ("/api/v1/cases", never "/api/V1/Cases"). The adapter
    // created Express's router before any setting could reach it; the router reads this flag for
    // each route registered from here on, and the routes are registered at init.
    const router = (app.getHttpAdapter().getInstance() as { router?: { caseSensitive?: boolean } }).router;
    if (router) router.caseSensitive = true;
    // Whether a request came over HTTPS (and so gets Secure cookies) is taken only from trusted proxies.
    app.set('trust proxy', config.trustProxy);
    app.use(apiVersionMiddleware);
    app.use(requestMiddleware(logger.child({ component: 'http' })));
    app.use(backendPathsAsWritten);
    harden(app, config.rateLimits);
    apiConventions(app);
    // The major version is part of every API path (`/api/v1/...`). The probes stay at the root: they
    // belong to the platform that runs the app, not to the versioned contract, and load balancers
    // are configured with them once. The web app's pages and files are outside /api as well.
    app.setGlobalPrefix(apiBasePath.slice(1), {
      exclude: systemRoutes.filter((route) => route.atRoot).map((route) => route.path.slice(1)),
    });
    app.useGlobalFilters(new ProblemFilter(logger.child({ component: 'http' })));
    app.useGlobalGuards(new StorableInputGuard());
    serveWebApp(app, config.webDistDir);
    answerMalformedRequests(app.getHttpServer());
    if (options.shutdownHooks) app.enableShutdownHooks(['SIGINT', 'SIGTERM', 'SIGHUP'], { useProcessExit: true });
    try {
      await app.listen(config.port, config.host);
    } catch (error) {
      throw listenError(error, config);
    }
  } catch (error) {
    // Closing the app runs the shutdown hook that closes the infrastructure; when Nest failed
    // before that hook existed, the second call does it (closing is idempotent).
    await app?.close().catch(() => undefined);
    await infrastructure.close().catch(() => undefined);
    throw error;
  }

  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(
    { url, port, database: infrastructure.database.kind, eventStore: infrastructure.eventStore.kind },
    `Ketenregie listening on ${url}`,
  );
  const running = app;
  return { app: running, url, port, infrastructure, close: () => running.close() };
};
