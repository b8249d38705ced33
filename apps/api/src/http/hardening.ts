import { createHash } from 'node:crypto';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

export type RateLimitConfig = {
  /** Sign-in attempts per client address per minute (the lockout per account comes on top). */
  signInPerMinute: number;
  /** API requests per session (or per address without one) per minute; 0 switches the limit off. */
  apiPerMinute: number;
};

/** JSON bodies only, and small: the largest command (an intake with a household) is a few kB. */
export const maxBodyBytes = 100 * 1024;

const tooManyRequests = (detail: string) => (_request: Request, response: Response) => {
  response
    .status(429)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify({ type: 'urn:ketenregie:problem:http.rate-limited', title: 'Too Many Requests', status: 429, detail }));
};

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
};

// A signed-in client is counted per session, so colleagues behind one NAT address do not share a
// budget; the session id itself is never kept, only a hash of it.
const clientKey = (request: Request): string => {
  const session = cookieValue(request.headers.cookie, 'ketenregie_session');
  if (session) return `s:${createHash('sha256').update(session).digest('base64url')}`;
  return `a:${ipKeyGenerator(request.ip ?? '')}`;
};

const charsetParameter = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
// A JSON body only (`is` answers null without a body): other types pass on untouched, and the API
// conventions refuse a body that is not JSON at all.
const isJsonType = (request: Request): boolean => typeof request.is('application/json') === 'string';

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * Security headers, rate limits and the body size limit, in front of every route. Each limit is
 * counted per process (an in-memory store): with several processes the effective budget is the
 * sum, which still stops a single client from hammering one process.
 */
export const harden = (app: NestExpressApplication, limits: RateLimitConfig): void => {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        // No upgrade-insecure-requests: on a plain-HTTP start (the embedded default on a LAN
        // address) it would send the app's own scripts to an https:// that does not exist; behind
        // TLS, HSTS already keeps the browser on HTTPS.
        directives: { 'frame-ancestors': ["'none'"], 'form-action': ["'self'"], 'upgrade-insecure-requests': null },
      },
      // Nothing here is meant to be embedded or opened by another site.
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // Responses about a family must not linger in shared or browser caches.
  app.use(((request, response, next) => {
    if (isApi(request.path)) response.setHeader('Cache-Control', 'no-store');
    next();
  }) as RequestHandler);
  app.use(
    '/api/v1/auth/sign-in',
    rateLimit({
      windowMs: 60_000,
      limit: limits.signInPerMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (request) => ipKeyGenerator(request.ip ?? ''),
      handler: tooManyRequests('Te veel aanmeldpogingen vanaf dit adres. Wacht een minuut en probeer het opnieuw.'),
    }),
  );
  // A portal link is as much a way in as a password: guessing one is held to the same budget.
  app.use(
    '/api/v1/referrer-portal/link-redemptions',
    rateLimit({
      windowMs: 60_000,
      limit: limits.signInPerMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (request) => ipKeyGenerator(request.ip ?? ''),
      handler: tooManyRequests('Te veel pogingen vanaf dit adres. Wacht een minuut en probeer het opnieuw.'),
    }),
  );
  if (limits.apiPerMinute > 0) {
    const apiLimit = rateLimit({
      windowMs: 60_000,
      limit: limits.apiPerMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: clientKey,
      handler: tooManyRequests('Te veel verzoeken in korte tijd. Wacht even en probeer het opnieuw.'),
    });
    app.use(((request, response, next) => (isApi(request.path) ? apiLimit(request, response, next) : next())) as RequestHandler);
  }
  // JSON between systems is UTF-8 (RFC 8259). The body parser would decode a body declared as
  // `charset=utf-16` as UTF-16, and the client's UTF-8 bytes became a "malformed JSON" 400 that
  // does not say what is wrong: any charset but UTF-8 is an unsupported format, refused before parsing.
  app.use(((request, _response, next) => {
    const charset = charsetParameter.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8' && isJsonType(request)) {
      next(new UnsupportedMediaTypeException('Stuur de inhoud als JSON in UTF-8 (Content-Type: application/json; charset=utf-8).'));
      return;
    }
    next();
  }) as RequestHandler);
  app.useBodyParser('json', { limit: maxBodyBytes });
};
