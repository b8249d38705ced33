import type { DataSource } from 'typeorm';
import type * as OpenIdClient from 'openid-client';
import { OIDC_FLOWS_TABLE } from './identity-schema';
import type { OidcSettings } from './identity-settings';
import { returnedRows } from './returned-rows';
import { randomToken, tokenDigest } from './tokens';

type Client = typeof OpenIdClient;
type Configuration = OpenIdClient.Configuration;

// openid-client 6 is an ES module. This `import()` is compiled to `require()` (tsc and swc emit
// CommonJS here), which Node 20.19 and later can use for an ES module. It runs only when OpenID
// Connect is configured and a sign-in starts, so jest, whose module loader cannot do that, never
// reaches it: the OIDC tests drive the API as a child process.
const loadClient = (): Promise<Client> => import('openid-client');

/** A sign-in in progress must be finished within this time. */
export const oidcFlowLifetimeMs = 10 * 60_000;

export type OidcIdentity = {
  issuer: string;
  subject: string;
  /** Only an address the provider says it verified. */
  verifiedEmail: string | undefined;
};

export type OidcFailure = 'no-flow' | 'flow-expired' | 'provider-refused' | 'invalid-response' | 'provider-unreachable';

export class OidcSignInError extends Error {
  constructor(
    readonly reason: OidcFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'OidcSignInError';
  }
}

const isLoopbackHttp = (url: URL): boolean => url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

type FlowRow = { state: string; nonce: string; code_verifier: string; return_to: string; expires_at: Date };

/**
 * Authorization code flow with PKCE, state and nonce. What must stay secret until the callback
 * (state, nonce, code verifier) is kept in the database under the SHA-256 of a random flow id;
 * the browser holds only that id, in an httpOnly cookie, so a callback URL sent to someone else
 * signs nobody in. Each flow can be finished once.
 */
export class OidcSignIn {
  private configuration: Promise<{ client: Client; config: Configuration }> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly dataSource: DataSource,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The provider's address to send the browser to, and the flow id for the cookie. */
  async start(returnTo: string): Promise<{ flowToken: string; authorizationUrl: string }> {
    const { client, config } = await this.discover();
    const flowToken = randomToken();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
    await this.dataSource.query(`delete from ${OIDC_FLOWS_TABLE} where expires_at < $1`, [new Date(this.clock())]);
    await this.dataSource.query(
      `insert into ${OIDC_FLOWS_TABLE} (id_hash, state, nonce, code_verifier, return_to, expires_at) values ($1, $2, $3, $4, $5, $6)`,
      [tokenDigest(flowToken), state, nonce, codeVerifier, returnTo, new Date(this.clock() + oidcFlowLifetimeMs)],
    );
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { flowToken, authorizationUrl: url.href };
  }

  /**
   * Redeems the code the provider sent back (`search` is the callback's query string) and returns
   * who the provider says signed in. Roles are not read from the provider: only the account says.
   */
  async finish(flowToken: string | undefined, search: string): Promise<{ identity: OidcIdentity; returnTo: string }> {
    if (!flowToken) throw new OidcSignInError('no-flow', 'no sign-in in progress in this browser');
    const [flow] = returnedRows<FlowRow>(
      await this.dataSource.query(
        `delete from ${OIDC_FLOWS_TABLE} where id_hash = $1 returning state, nonce, code_verifier, return_to, expires_at`,
        [tokenDigest(flowToken)],
      ),
    );
    if (!flow) throw new OidcSignInError('no-flow', 'no sign-in in progress in this browser');
    if (flow.expires_at.getTime() <= this.clock()) throw new OidcSignInError('flow-expired', 'the sign-in took too long');

    const { client, config } = await this.discover();
    const currentUrl = new URL(this.settings.redirectUrl);
    currentUrl.search = search;
    let tokens: Awaited<ReturnType<Client['authorizationCodeGrant']>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.code_verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError)
        throw new OidcSignInError('provider-refused', `provider answered ${error.error}`);
      throw new OidcSignInError('invalid-response', error instanceof Error ? error.message : 'invalid response');
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcSignInError('invalid-response', 'no ID token');
    let email = typeof claims['email'] === 'string' ? claims['email'] : undefined;
    let emailVerified = claims['email_verified'] === true;
    if (email === undefined && tokens.access_token) {
      // Most providers put profile claims only in the UserInfo response for the code flow.
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = typeof info.email === 'string' ? info.email : undefined;
      emailVerified = info.email_verified === true;
    }
    return {
      identity: { issuer: claims.iss, subject: claims.sub, verifiedEmail: emailVerified ? email : undefined },
      returnTo: flow.return_to,
    };
  }

  private discover(): Promise<{ client: Client; config: Configuration }> {
    this.configuration ??= (async () => {
      const client = await loadClient();
      const issuer = new URL(this.settings.issuerUrl);
      try {
        const config = await client.discovery(
          issuer,
          this.settings.clientId,
          undefined,
          client.ClientSecretBasic(this.settings.clientSecret),
          // Plain HTTP only to a provider on this machine (development and the tests).
          { execute: isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : [], timeout: 10 },
        );
        return { client, config };
      } catch (error) {
        throw new OidcSignInError('provider-unreachable', error instanceof Error ? error.message : 'discovery failed');
      }
    })().catch((error: unknown) => {
      // A provider that was down must be tried again on the next sign-in.
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }
}
