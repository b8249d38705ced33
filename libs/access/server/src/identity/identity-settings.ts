/** OpenID Connect client registration at a municipality's own identity provider. */
export type OidcSettings = {
  /** Exactly the provider's `issuer` (discovery is read from `<issuer>/.well-known/openid-configuration`). */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** This app's callback, `https://<host>/api/v1/auth/oidc/callback`, as registered at the provider. */
  redirectUrl: string;
};

export type IdentitySettings = {
  /** A session unused this long ends (`SESSION_IDLE_TIMEOUT_SECONDS`). */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in, however busy (`SESSION_ABSOLUTE_TIMEOUT_SECONDS`). */
  absoluteTimeoutMs: number;
  /** Consecutive wrong passwords that lock an account (`SIGN_IN_MAX_FAILURES`). */
  maxFailedAttempts: number;
  /** How long a locked account stays locked (`SIGN_IN_LOCKOUT_SECONDS`). */
  lockoutMs: number;
  oidc: OidcSettings | undefined;
};

// OWASP ASVS level 2 for a system holding special-category data: short idle, bounded absolute.
export const defaultIdentitySettings: IdentitySettings = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 3_600_000,
  maxFailedAttempts: 5,
  lockoutMs: 15 * 60_000,
  oidc: undefined,
};

export const IDENTITY_SETTINGS = 'ketenregie:access:identity-settings';
