import { createHash, randomUUID } from 'node:crypto';
import { Controller, Inject, Optional, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ACCESS_LOG, notSignedIn, optionalPrincipal, ORGANISATION_DIRECTORY } from '@ketenregie/access-contracts';
import type { AccessLogPort, AccessLogRecord } from '@ketenregie/access-contracts';
import { roleFor } from '@ketenregie/access-domain';
import type { OrganisationDirectory } from '@ketenregie/access-domain';
import {
  CASE_SIGNALS_PORT,
  listPortalReportsRoute,
  portalLinkGoneMessage,
  portalSignalBodySchema,
  raisePortalSignalRoute,
  readPortalReportRoute,
  redeemPortalLinkRoute,
  unstorableTextErrors,
} from '@ketenregie/contracts';
import type {
  CaseSignalsPort,
  PortalLinkRedemption,
  PortalReport,
  PortalReports,
  PortalSignal,
  PortalSignalRaised,
} from '@ketenregie/contracts';
import { parseInput, problem, Route, routeKey } from '@ketenregie/platform-http';
import { redeemPortalLink } from '../portal-links/portal-links';
import { portalSessionCookie, readPortalCookie } from './portal-cookie';
import { portalSessionLifetimeMs, resolvePortalSession, startPortalSession } from './portal-sessions';
import { readPortalReports } from './read-portal-reports';
import type { PortalReader, ReadPortalReport } from './read-portal-reports';

export const portalProblemTypes = {
  linkGone: 'urn:ketenregie:problem:feedback.portal-link-gone',
  crossSite: 'urn:ketenregie:problem:feedback.portal-cross-site',
  notAReferrer: 'urn:ketenregie:problem:access.capability-required',
  closed: 'urn:ketenregie:problem:feedback.portal-case-closed',
} as const;

/** Who is asking, and how the access log and the cases context are to name them. */
type PortalVisitor = {
  reader: PortalReader;
  actor: AccessLogRecord['actor'];
  via: PortalSignal['via'];
};

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Same-site only, for a request no CSRF token protects (the redemption, and a link session's
 * signal): a cross-site form cannot send `application/json` without a preflight this API does not
 * answer, and a browser names the page's origin, which must be this site.
 */
const assertSameSite = (request: Request): void => {
  if (!request.is('application/json')) throw problem(415, 'Stuur het verzoek als JSON (Content-Type: application/json).');
  const refused = (): Error => problem(403, 'Dit kan alleen vanaf de pagina van Ketenregie zelf.', { type: portalProblemTypes.crossSite });
  if (header(request, 'sec-fetch-site') === 'cross-site') throw refused();
  const origin = header(request, 'origin');
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw refused();
  }
  if (host !== request.host) throw refused();
};

const idempotencyKeyPath = 'headers.idempotency-key';
const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** As every command: a retried request must raise the signal once, so the client names its attempt. */
const idempotencyKeyOf = (request: Request): string => {
  const key = header(request, 'idempotency-key')?.trim();
  if (!key) {
    throw problem(428, 'De kopregel Idempotency-Key ontbreekt: stuur bij elke opdracht een unieke sleutel mee.', {
      errors: [{ path: idempotencyKeyPath, message: 'Verplicht bij elke opdracht, bijvoorbeeld een UUID.' }],
    });
  }
  const unstorable = unstorableTextErrors(key, idempotencyKeyPath);
  if (unstorable.length > 0 || !keyPattern.test(key)) {
    throw problem(400, 'De kopregel Idempotency-Key is ongeldig.', {
      errors:
        unstorable.length > 0
          ? unstorable
          : [{ path: idempotencyKeyPath, message: 'Maximaal 255 zichtbare ASCII-tekens, zonder spaties.' }],
    });
  }
  return key;
};

const notFound = (): Error => problem(404, 'Deze melding is niet gevonden.');

/**
 * The referrer portal: a referrer with an account sees the reports they made, someone who followed
 * the single-use link in a mail sees that one report for an hour. Every report shown is a read of
 * its case in the access log, written before the answer leaves; a report that is not theirs is
 * answered like one that does not exist.
 */
@Controller()
export class PortalController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLogPort,
    @Inject(ORGANISATION_DIRECTORY) private readonly directory: OrganisationDirectory,
    @Optional() @Inject(CASE_SIGNALS_PORT) private readonly signals: CaseSignalsPort | null,
  ) {}

  @Route(redeemPortalLinkRoute)
  async redeem(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<PortalLinkRedemption> {
    assertSameSite(request);
    const { token } = parseInput(redeemPortalLinkRoute.body.schema, request.body);
    const now = new Date();
    // One transaction: a link is never spent without the session it opens.
    const started = await this.dataSource.transaction(async (manager) => {
      const link = await redeemPortalLink(manager, token, now);
      return link ? startPortalSession(manager, link, now) : undefined;
    });
    // Unknown, expired and used look alike, so a guesser learns nothing from the answer.
    if (!started) throw problem(410, portalLinkGoneMessage, { type: portalProblemTypes.linkGone });
    response.append(
      'Set-Cookie',
      portalSessionCookie(started.token, { secure: request.secure, maxAgeSeconds: portalSessionLifetimeMs / 1000 }),
    );
    return { reportId: started.session.reportId, expiresAt: started.session.expiresAt.toISOString() };
  }

  @Route(listPortalReportsRoute)
  async list(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<PortalReports> {
    const visitor = await this.visitorOf(request);
    const found = await readPortalReports(this.dataSource, visitor.reader);
    await this.logReads(found, visitor, response, routeKey(listPortalReportsRoute));
    return { items: found.map((entry) => entry.report) };
  }

  @Route(readPortalReportRoute)
  async read(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<PortalReport> {
    const visitor = await this.visitorOf(request);
    const { reportId } = parseInput(readPortalReportRoute.params, request.params, 'params');
    const [found] = await readPortalReports(this.dataSource, visitor.reader, reportId);
    if (!found) throw notFound();
    await this.logReads([found], visitor, response, routeKey(readPortalReportRoute));
    return found.report;
  }

  @Route(raisePortalSignalRoute)
  async raise(@Req() request: Request): Promise<PortalSignalRaised> {
    const visitor = await this.visitorOf(request);
    // An account's session is held to its CSRF token by the session middleware; a link session has none.
    if (visitor.via.kind === 'portal-link') assertSameSite(request);
    const key = idempotencyKeyOf(request);
    const { reportId } = parseInput(raisePortalSignalRoute.params, request.params, 'params');
    const body = parseInput(portalSignalBodySchema, request.body);
    const [found] = await readPortalReports(this.dataSource, visitor.reader, reportId);
    if (!found) throw notFound();
    if (!found.report.canSignal) {
      throw problem(422, 'Deze zaak is afgesloten. Maakt u zich opnieuw zorgen? Doe dan een nieuwe melding bij Veilig Thuis.', {
        type: portalProblemTypes.closed,
      });
    }
    if (!this.signals) throw problem(503, 'Een signaal versturen kan nu niet. Probeer het later opnieuw.');
    return this.signals.raiseFromPortal({
      caseId: found.caseId,
      reportId,
      kind: body.kind,
      reason: body.reason,
      // Scoped to whoever sends it, so two visitors' equal keys never meet.
      idempotencyKey: createHash('sha256')
        .update(JSON.stringify(['ketenregie:portal-signal:v1', visitor.actor.userId, key]))
        .digest('hex'),
      via: visitor.via,
    });
  }

  /**
   * A signed-in referrer reads by their account; otherwise a live link session reads its one
   * report. Anyone else signed in has no portal (403); nobody at all is told to sign in (401).
   */
  private async visitorOf(request: Request): Promise<PortalVisitor> {
    const principal = optionalPrincipal(request);
    const role = principal === undefined ? undefined : roleFor(principal, 'view-report-feedback', this.directory);
    if (principal !== undefined && role !== undefined) {
      return {
        reader: { kind: 'account', personId: principal.userId, organisationId: principal.organisationId },
        actor: { userId: principal.userId, organisationId: principal.organisationId, role },
        via: { kind: 'account', principal },
      };
    }
    const session = await resolvePortalSession(this.dataSource, readPortalCookie(request.headers.cookie), new Date());
    if (session) {
      return {
        reader: { kind: 'link', caseId: session.caseId, reportId: session.reportId },
        // The visitor has no account: the log names the link's session and the portal as its organisation.
        actor: { userId: `portal-link:${session.sessionId}`, organisationId: 'referrer-portal', role: 'portal-link' },
        via: { kind: 'portal-link', linkSessionId: session.sessionId },
      };
    }
    if (principal !== undefined) {
      throw problem(403, 'Het meldersportaal is alleen voor melders.', { type: portalProblemTypes.notAReferrer });
    }
    throw notSignedIn();
  }

  private async logReads(found: readonly ReadPortalReport[], visitor: PortalVisitor, response: Response, route: string): Promise<void> {
    if (found.length === 0) return;
    const requestHeader = response.getHeader('X-Request-Id');
    const requestId = typeof requestHeader === 'string' && requestHeader !== '' ? requestHeader : randomUUID();
    await this.accessLog.recordAll(
      found.map((entry) => ({
        subjectType: 'case' as const,
        subjectId: entry.caseId,
        ...(entry.familyId ? { familyId: entry.familyId } : {}),
        actor: visitor.actor,
        action: 'read',
        // Feedback to the referrer is a task of Veilig Thuis (Wmo 2015 art. 4.1.1).
        legalBasis: 'wmo-2015-4.1.1',
        requestId,
        route,
      })),
    );
  }
}
