import fc from 'fast-check';
import { clearedSessionCookie, oidcFlowCookie, readCookie, serializeCookie, sessionCookie } from './cookies';
import { csrfTokenMatches, isStateChanging } from './csrf';
import { afterFailedAttempt, isLocked } from './lockout';
import { checkNewPassword, dummyPasswordHash, hashPassword, PasswordPolicyError } from './passwords';
import { safeReturnTo } from './return-to';
import { lastSeenWriteIntervalMs, sessionExpiresAt, sessionVerdict } from './session-timeouts';
import { looksLikeToken, randomToken, tokenDigest } from './tokens';

const minute = 60_000;

describe('session timeouts', () => {
  const times = { lastSeenAt: 1_000 * minute, expiresAt: 1_000 * minute + 12 * 60 * minute };

  it('is active until the idle timeout has passed since the last request', () => {
    expect(sessionVerdict(times, times.lastSeenAt + 29 * minute, 30 * minute)).toBe('active');
    expect(sessionVerdict(times, times.lastSeenAt + 30 * minute, 30 * minute)).toBe('idle');
  });

  it('expires at the absolute timeout however recent the last request', () => {
    const busy = { ...times, lastSeenAt: times.expiresAt - 1 };
    expect(sessionVerdict(busy, times.expiresAt - 1, 30 * minute)).toBe('active');
    expect(sessionVerdict(busy, times.expiresAt, 30 * minute)).toBe('expired');
  });

  it('tells when an unused session ends: the idle timeout after the last request, never past the absolute end', () => {
    expect(sessionExpiresAt(times, 30 * minute)).toBe(times.lastSeenAt + 30 * minute);
    const late = { ...times, lastSeenAt: times.expiresAt - 10 * minute };
    expect(sessionExpiresAt(late, 30 * minute)).toBe(times.expiresAt);
    // At that moment the verdict turns, so a client warning by it warns in time.
    expect(sessionVerdict(times, sessionExpiresAt(times, 30 * minute), 30 * minute)).not.toBe('active');
    expect(sessionVerdict(late, sessionExpiresAt(late, 30 * minute), 30 * minute)).not.toBe('active');
  });

  it('writes last-seen at most once a minute, and well within a short idle timeout', () => {
    expect(lastSeenWriteIntervalMs(30 * minute)).toBe(minute);
    expect(lastSeenWriteIntervalMs(2_000)).toBe(500);
    expect(lastSeenWriteIntervalMs(100)).toBe(250);
  });
});

describe('lockout', () => {
  const policy = { maxFailedAttempts: 5, lockoutMs: 15 * minute };

  it('locks on the fifth consecutive failure, for the lock time, and counts afresh afterwards', () => {
    let state = { failedAttempts: 0, lockedUntil: null as number | null };
    for (let attempt = 1; attempt <= 4; attempt++) {
      state = afterFailedAttempt(state, attempt, policy);
      expect(state).toEqual({ failedAttempts: attempt, lockedUntil: null });
    }
    state = afterFailedAttempt(state, 5, policy);
    expect(state).toEqual({ failedAttempts: 0, lockedUntil: 5 + 15 * minute });
    expect(isLocked(state, 5 + 15 * minute - 1)).toBe(true);
    expect(isLocked(state, 5 + 15 * minute)).toBe(false);
  });

  it('does not count (or extend the lock for) guesses while locked', () => {
    const locked = { failedAttempts: 0, lockedUntil: 10 * minute };
    expect(afterFailedAttempt(locked, minute, policy)).toBe(locked);
    expect(afterFailedAttempt(locked, 10 * minute, policy)).toEqual({ failedAttempts: 1, lockedUntil: null });
  });
});

describe('CSRF token comparison', () => {
  const token = randomToken();

  it('accepts only the exact token', () => {
    expect(csrfTokenMatches(token, token)).toBe(true);
    expect(csrfTokenMatches(token, `${token}x`)).toBe(false);
    expect(csrfTokenMatches(token, token.slice(1))).toBe(false);
    expect(csrfTokenMatches(token, '')).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
    expect(csrfTokenMatches(token, [token])).toBe(false);
    expect(csrfTokenMatches('', '')).toBe(false);
  });

  it('never accepts a different string', () => {
    fc.assert(fc.property(fc.string(), (guess) => csrfTokenMatches(token, guess) === (guess === token)));
  });

  it('asks for it on the methods that change something', () => {
    expect(['POST', 'put', 'PATCH', 'DELETE'].every(isStateChanging)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isStateChanging)).toBe(false);
  });
});

describe('cookies', () => {
  it('sets the session cookie httpOnly, SameSite=Lax, for the whole site, Secure only over HTTPS', () => {
    expect(sessionCookie('abc_DEF-123', { secure: false, maxAgeSeconds: 43_200 })).toBe(
      'ketenregie_session=abc_DEF-123; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax',
    );
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 })).toBe(
      'ketenregie_session=abc; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax',
    );
    expect(clearedSessionCookie({ secure: false })).toBe(
      'ketenregie_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    );
    expect(oidcFlowCookie('f', { secure: true, maxAgeSeconds: 600 })).toBe(
      'ketenregie_oidc=f; Path=/api/v1/auth/oidc; Max-Age=600; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('writes only base64url values', () => {
    expect(() => serializeCookie('x', 'a;b', { path: '/', httpOnly: true, secure: false, sameSite: 'Lax' })).toThrow();
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; ketenregie_session=tok; b=2', 'ketenregie_session')).toBe('tok');
    expect(readCookie('ketenregie_session_old=x; ketenregie_session=y', 'ketenregie_session')).toBe('y');
    expect(readCookie('ketenregie_session=', 'ketenregie_session')).toBeUndefined();
    expect(readCookie(undefined, 'ketenregie_session')).toBeUndefined();
  });
});

describe('returnTo after an OpenID Connect sign-in', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo('')).toBe('/');
    expect(safeReturnTo('/zaken/123?tab=plan#deadlines')).toBe('/zaken/123?tab=plan#deadlines');
    expect(safeReturnTo('/a/../b')).toBe('/b');
  });

  it('refuses anything a browser could read as another site', () => {
    for (const value of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil',
      'zaken',
      '/\tevil',
      'javascript:alert(1)',
      `/${'a'.repeat(2_000)}`,
    ]) {
      expect({ value, result: safeReturnTo(value) }).toEqual({ value, result: undefined });
    }
  });

  it('never leaves the site, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const result = safeReturnTo(value);
        return (
          result === undefined ||
          (result.startsWith('/') && !result.startsWith('//') && new URL(result, 'https://app.example').origin === 'https://app.example')
        );
      }),
    );
  });
});

describe('passwords and tokens', () => {
  it('needs at least 12 characters for a new password, counted as characters, not bytes', () => {
    expect(() => checkNewPassword('elf-tekens!')).toThrow(PasswordPolicyError);
    expect(() => checkNewPassword('twaalf-tekens')).not.toThrow();
    expect(() => checkNewPassword('🔑🔑🔑🔑🔑🔑')).toThrow(PasswordPolicyError);
  });

  it('makes unguessable tokens and stores only their SHA-256', () => {
    const token = randomToken();
    expect(looksLikeToken(token)).toBe(true);
    expect(randomToken()).not.toBe(token);
    expect(tokenDigest(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeToken('not a token')).toBe(false);
  });
});

describe('the dummy password hash', () => {
  it('has the parameters of a real one, so verifying against it costs what a real verification costs', async () => {
    const parameters = (hash: string): string => hash.split('$').slice(1, 4).join('$');
    expect(parameters(await dummyPasswordHash())).toBe(parameters(await hashPassword('een echt lang wachtwoord')));
    expect(parameters(await dummyPasswordHash())).toBe('argon2id$v=19$m=19456,t=2,p=1');
  });
});
