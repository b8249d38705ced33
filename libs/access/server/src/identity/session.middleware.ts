import { Injectable } from '@nestjs/common';
import type { NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { attachPrincipal } from '@ketenregie/access-contracts';
import { accessRoutes, feedbackRoutes } from '@ketenregie/contracts';
import { routePath } from '@ketenregie/platform-http';
import { sessionCookieName, readCookie } from './cookies';
import { csrfHeaderName, csrfTokenMatches, isStateChanging } from './csrf';
import { csrfRejected } from './http-problems';
import { attachSession } from './request-session';
import { SessionStore } from './session-store';

// Sign-in and the portal link's redemption create a session, so there is no token yet; each has its
// own same-site checks. Read from the declarations, so the document's promise (`csrfExempt`) and
// the check are one.
const csrfExempt = new Set([...accessRoutes, ...feedbackRoutes].filter((route) => route.csrfExempt).map(routePath));

const pathOf = (request: Request): string => (request.originalUrl ?? request.url).split('?')[0];

/**
 * Resolves the session cookie into the principal every controller reads, and refuses a
 * state-changing request that the cookie authenticates but that lacks the session's CSRF token.
 * Without a (live) session nothing is attached and the controllers answer 401 themselves.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionStore) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    const token = readCookie(request.headers.cookie, sessionCookieName);
    const session = token === undefined ? undefined : await this.sessions.resolve(token);
    if (session) {
      if (
        isStateChanging(request.method) &&
        !csrfExempt.has(pathOf(request)) &&
        !csrfTokenMatches(session.csrfToken, request.headers[csrfHeaderName])
      ) {
        throw csrfRejected();
      }
      attachPrincipal(request, session.principal);
      attachSession(request, session);
    }
    next();
  }
}
