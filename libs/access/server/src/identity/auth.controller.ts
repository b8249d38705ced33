import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  finishOidcSignInRoute,
  getDemoAccountsRoute,
  getSessionRoute,
  getSignInOptionsRoute,
  signInRoute,
  signOutRoute,
  startOidcSignInRoute,
} from '@ketenregie/contracts';
import type { AuthSession, DemoAccountList, SignInOptions } from '@ketenregie/contracts';
import { ORGANISATION_DIRECTORY, principalFromRequest } from '@ketenregie/access-contracts';
import type { OrganisationDirectory } from '@ketenregie/access-domain';
import type { Account } from './account-store';
import { AccountStore } from './account-store';
import {
  clearedOidcFlowCookie,
  clearedSessionCookie,
  oidcFlowCookie,
  oidcFlowCookieName,
  readCookie,
  sessionCookie,
  sessionCookieName,
} from './cookies';
import { problemTypes, signInFailed } from './http-problems';
import { IDENTITY_SETTINGS } from './identity-settings';
import type { IdentitySettings } from './identity-settings';
import { OidcSignIn, OidcSignInError, oidcFlowLifetimeMs } from './oidc-sign-in';
import { PublishedDemoAccounts } from './published-demo-accounts';
import type { OidcIdentity } from './oidc-sign-in';
import { sessionOfRequest } from './request-session';
import { safeReturnTo } from './return-to';
import type { AuthenticatedBy, Session } from './session-store';
import { SessionStore } from './session-store';
import { sessionExpiresAt } from './session-timeouts';
import { SignInService } from './sign-in.service';
import { parseInput, problem, Route, withAnswerFloor } from '@ketenregie/platform-http';

export const OIDC_SIGN_IN = 'ketenregie:access:oidc-sign-in';

/**
 * How long a refused sign-in takes at least. Every refusal costs the same argon2id verification
 * and the same statements, but counting a failure against an account that exists writes a row
 * where an unknown username writes none: 0.4-0.5 ms more at the median while other tests loaded
 * the machine, which an outsider tells apart over a few hundred tries (Mann–Whitney z 3.6). A
 * verification takes 13 ms at the median on a 2-core machine and under 20 ms at p90 under that
 * load; 100 ms stays above it with room for a burst, and a person who mistyped the password does
 * not notice a tenth of a second.
 */
export const signInRefusalFloorMs = 100;

/** What the sign-in needs of the organisation directory: the names, for the header. */
type OrganisationNames = Pick<OrganisationDirectory, 'organisations'>;

export const sessionBody = (
  session: Session,
  directory: OrganisationNames,
  settings: Pick<IdentitySettings, 'idleTimeoutMs'>,
): AuthSession => ({
  user: {
    userId: session.principal.userId,
    displayName: session.principal.displayName,
    organisationId: session.principal.organisationId,
    // An account whose organisation has left the directory still signs in (to be disabled by an
    // administrator); it is then named by its id rather than refused a session answer.
    organisationName: directory.organisations.get(session.principal.organisationId)?.name ?? session.principal.organisationId,
    roles: [...session.principal.roles],
  },
  csrfToken: session.csrfToken,
  expiresAt: new Date(sessionExpiresAt(session, settings.idleTimeoutMs)).toISOString(),
  endsAt: new Date(session.expiresAt).toISOString(),
  idleTimeoutSeconds: Math.round(settings.idleTimeoutMs / 1000),
});

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Login CSRF: a foreign page must not sign the browser in to an account of the attacker's. A
 * cross-site form cannot send `application/json` without a CORS preflight (which this API does not
 * answer), and a browser names the page's origin, which must be this site.
 */
const assertSameSiteSignIn = (request: Request): void => {
  if (!request.is('application/json')) {
    throw problem(415, 'Stuur de aanmeldgegevens als JSON (Content-Type: application/json).');
  }
  const refused = (): Error =>
    problem(403, 'Aanmelden kan alleen vanaf de pagina van Ketenregie zelf.', { type: problemTypes.crossSiteSignIn });
  if (header(request, 'sec-fetch-site') === 'cross-site') throw refused();
  const origin = header(request, 'origin');
  if (origin === undefined) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw refused();
  }
  // `request.host` follows X-Forwarded-Host only when `trust proxy` says the proxy is trusted.
  if (originHost !== request.host) throw refused();
};

@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountStore,
    private readonly sessions: SessionStore,
    private readonly signInService: SignInService,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
    @Inject(OIDC_SIGN_IN) private readonly oidc: OidcSignIn | null,
    private readonly demoAccounts: PublishedDemoAccounts,
    @Inject(ORGANISATION_DIRECTORY) private readonly directory: OrganisationNames,
  ) {}

  @Route(signInRoute)
  async signIn(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<AuthSession> {
    assertSameSiteSignIn(request);
    const { username, password } = parseInput(signInRoute.body.schema, request.body);
    const refusal = signInFailed(this.settings);
    const result = await withAnswerFloor(
      async () => {
        const outcome = await this.signInService.signIn(username, password);
        if (!outcome.ok) throw refusal;
        return outcome;
      },
      signInRefusalFloorMs,
      (error) => error === refusal,
    );
    return sessionBody(await this.startSession(request, response, result.account, 'local'), this.directory, this.settings);
  }

  @Route(signOutRoute)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    // The middleware has checked the CSRF token of a live session; an ended one has nothing to protect.
    const token = readCookie(request.headers.cookie, sessionCookieName);
    if (token !== undefined) await this.sessions.revoke(token);
    response.append('Set-Cookie', clearedSessionCookie({ secure: request.secure }));
  }

  @Route(getSessionRoute)
  session(@Req() request: Request): AuthSession {
    principalFromRequest(request);
    const session = sessionOfRequest(request);
    if (!session) throw new Error('principal without a session');
    return sessionBody(session, this.directory, this.settings);
  }

  /** Public: whether the page may offer the organisation account and the demo accounts, nothing more. */
  @Route(getSignInOptionsRoute)
  signInOptions(): SignInOptions {
    return { oidc: this.oidc !== null, demoAccounts: this.demoAccounts.current() !== undefined };
  }

  /** Public: invented accounts of an invented region, and only while the demo region is on. */
  @Route(getDemoAccountsRoute)
  demo(): DemoAccountList {
    const accounts = this.demoAccounts.current();
    if (accounts === undefined) {
      throw problem(404, 'Deze installatie heeft geen demo-accounts: de demoregio staat uit.', { type: problemTypes.demoOff });
    }
    return { accounts: [...accounts] };
  }

  @Route(startOidcSignInRoute)
  async oidcStart(@Req() request: Request, @Res() response: Response): Promise<void> {
    const oidc = this.requireOidc();
    const { returnTo } = parseInput(startOidcSignInRoute.query, request.query, 'query');
    const target = safeReturnTo(returnTo);
    if (target === undefined) {
      throw problem(400, 'Na het aanmelden kan alleen naar een pagina van Ketenregie zelf worden teruggekeerd.', {
        errors: [{ path: 'query.returnTo', message: 'Gebruik een pad binnen Ketenregie, zoals /zaken.' }],
      });
    }
    const { flowToken, authorizationUrl } = await oidc.start(target).catch((error: unknown) => {
      throw this.oidcProblem(error);
    });
    response.append('Set-Cookie', oidcFlowCookie(flowToken, { secure: request.secure, maxAgeSeconds: oidcFlowLifetimeMs / 1000 }));
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, authorizationUrl);
  }

  @Route(finishOidcSignInRoute)
  async oidcCallback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const oidc = this.requireOidc();
    response.append('Set-Cookie', clearedOidcFlowCookie({ secure: request.secure }));
    const search = new URL(request.originalUrl, 'http://callback.invalid').search;
    const { identity, returnTo } = await oidc
      .finish(readCookie(request.headers.cookie, oidcFlowCookieName), search)
      .catch((error: unknown) => {
        throw this.oidcProblem(error);
      });
    const account = await this.accountOf(identity);
    if (!account) {
      throw problem(
        403,
        'U bent aangemeld bij uw eigen organisatie, maar er is geen Ketenregie-account aan gekoppeld. Vraag de beheerder van Ketenregie om een account.',
        { type: problemTypes.oidcNoAccount },
      );
    }
    await this.startSession(request, response, account, { issuer: identity.issuer });
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, safeReturnTo(returnTo) ?? '/');
  }

  /**
   * The account linked to the provider's subject; on the first OpenID Connect sign-in, an account
   * made for OpenID Connect (no password) whose username is the provider's verified e-mail
   * address, which is then linked. Never a password account by its e-mail address: whoever the
   * provider vouches for under that address would sign in as the account's owner, roles and all,
   * without knowing its password. Such an account is linked by an administrator
   * (`npm run accounts -- link-oidc`).
   */
  private async accountOf(identity: OidcIdentity): Promise<Account | undefined> {
    const linked = await this.accounts.findByOidcSubject(identity.issuer, identity.subject);
    if (linked) return linked.disabled ? undefined : linked;
    if (identity.verifiedEmail === undefined) return undefined;
    const candidate = await this.accounts.findByUsername(identity.verifiedEmail);
    if (!candidate || candidate.disabled || candidate.oidc !== null || candidate.passwordHash !== null) return undefined;
    const link = await this.accounts.linkOidcSubject(candidate.id, identity.issuer, identity.subject, { onlyWithoutPassword: true });
    return link ? candidate : undefined;
  }

  private async startSession(request: Request, response: Response, account: Account, authenticatedBy: AuthenticatedBy): Promise<Session> {
    // Always a new id after sign-in, so a session id planted before it is worth nothing (fixation).
    const previous = readCookie(request.headers.cookie, sessionCookieName);
    if (previous !== undefined) await this.sessions.revoke(previous);
    const { token, session } = await this.sessions.create(account, authenticatedBy);
    response.append(
      'Set-Cookie',
      sessionCookie(token, { secure: request.secure, maxAgeSeconds: Math.floor(this.settings.absoluteTimeoutMs / 1000) }),
    );
    return session;
  }

  private requireOidc(): OidcSignIn {
    if (!this.oidc) {
      throw problem(404, 'Aanmelden via de eigen organisatie is voor deze installatie niet ingesteld.', {
        type: problemTypes.oidcNotConfigured,
      });
    }
    return this.oidc;
  }

  private oidcProblem(error: unknown): unknown {
    if (!(error instanceof OidcSignInError)) return error;
    if (error.reason === 'provider-unreachable') {
      return problem(503, 'De identiteitsprovider van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw.', {
        type: problemTypes.oidcFailed,
      });
    }
    if (error.reason === 'no-flow' || error.reason === 'flow-expired') {
      return problem(400, 'Deze aanmelding is verlopen of in een andere browser begonnen. Begin opnieuw met aanmelden.', {
        type: problemTypes.oidcFailed,
      });
    }
    return problem(401, 'De identiteitsprovider heeft de aanmelding niet bevestigd. Begin opnieuw met aanmelden.', {
      type: problemTypes.oidcFailed,
    });
  }
}
