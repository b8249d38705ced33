import { problemSchema } from '@ketenregie/contracts';
import type { Problem } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { TestAccounts, TestUser } from '../test-support/accounts';
import { sessionCookieOf, signIn, testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// Invented professionals only.
const anna: TestUser = { userId: 'vt-anna', displayName: 'Anna de Vries', organisationId: 'vt-zhz', roles: ['veilig-thuis-professional'] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const attributesOf = (setCookie: string): string[] =>
  setCookie
    .split(';')
    .slice(1)
    .map((part) => part.trim().split('=')[0].toLowerCase());

const problemOf = async (response: Response, status: number): Promise<Problem> => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return problemSchema.parse(await response.json());
};

describe('sign-in, sessions and CSRF (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let accounts: TestAccounts;

  const lockoutSeconds = 2;

  beforeAll(async () => {
    database = await createTestDatabase('auth');
    accounts = await testAccounts(database.url);
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0', SIGN_IN_LOCKOUT_SECONDS: String(lockoutSeconds) });
  });

  afterAll(async () => {
    await api?.stop();
    await accounts?.close();
    await database?.drop();
  });

  const url = (path: string) => `${api.url}${path}`;

  const postSignIn = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url('/api/v1/auth/sign-in'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('signs in with username and password: the user, a CSRF token and an httpOnly, SameSite=Lax session cookie', async () => {
    const password = await accounts.create(anna);
    // Usernames are case-insensitive.
    const response = await postSignIn({ username: 'VT-Anna', password });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { user: unknown; csrfToken: string; expiresAt: string; endsAt: string };
    expect(body).toEqual({
      user: {
        userId: 'vt-anna',
        displayName: 'Anna de Vries',
        organisationId: 'vt-zhz',
        // The directory's name, for the header.
        organisationName: 'Veilig Thuis Zuid-Holland Zuid',
        roles: ['veilig-thuis-professional'],
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      endsAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      idleTimeoutSeconds: 30 * 60,
    });
    // Unused, the session ends after the idle timeout; however busy, twelve hours after sign-in.
    const signedInAt = Date.parse(body.expiresAt) - 30 * 60_000;
    expect(Math.abs(signedInAt - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(body.endsAt) - signedInAt).toBe(12 * 3_600_000);
    const cookie = sessionCookieOf(response);
    expect(cookie?.cookie).toMatch(/^ketenregie_session=[A-Za-z0-9_-]{43}$/);
    const attributes = cookie?.setCookie.split(';').map((part) => part.trim()) ?? [];
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${12 * 3600}`]));
    // Plain HTTP: a Secure cookie would be dropped by the browser.
    expect(attributesOf(cookie?.setCookie ?? '')).not.toContain('secure');

    await sleep(20);
    const session = await fetch(url('/api/v1/auth/session'), { headers: { Cookie: cookie?.cookie ?? '' } });
    expect(session.status).toBe(200);
    const again = (await session.json()) as typeof body;
    expect(again).toEqual({ ...body, expiresAt: expect.any(String) });
    // Asking for the session is a request with it: the idle end moves on, the absolute end does not.
    expect(Date.parse(again.expiresAt)).toBeGreaterThan(Date.parse(body.expiresAt));

    // Only a digest of the session id is stored.
    const stored = (await accounts.dataSource.query('select id_hash from auth_sessions where account_id = $1', ['vt-anna'])) as {
      id_hash: string;
    }[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((row) => row.id_hash)).not.toContain(cookie?.cookie.split('=')[1]);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.id_hash))).toBe(true);
  });

  it('tells the sign-in page, without a session, that neither an organisation account nor demo accounts are on offer', async () => {
    const response = await fetch(url('/api/v1/auth/sign-in-options'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ oidc: false, demoAccounts: false });
  });

  it('answers a wrong password and an unknown username identically, without a cookie', async () => {
    const password = await accounts.create({ userId: 'vt-bram', organisationId: 'vt-zhz' });
    const wrong = await postSignIn({ username: 'vt-bram', password: `${password}x` });
    const unknown = await postSignIn({ username: 'vt-nobody', password });
    const withoutPassword = await postSignIn({ username: 'vt-bram', password: ' ' });
    const problems = [await problemOf(wrong, 401), await problemOf(unknown, 401), await problemOf(withoutPassword, 401)];
    expect(problems[0]).toMatchObject({ type: 'urn:ketenregie:problem:auth.sign-in-failed' });
    expect(problems[0].detail).toContain('gebruikersnaam en wachtwoord');
    expect(problems[1]).toEqual(problems[0]);
    expect(problems[2]).toEqual(problems[0]);
    for (const response of [wrong, unknown, withoutPassword]) expect(sessionCookieOf(response)).toBeUndefined();
  });

  it('locks an account after five wrong passwords, refuses even the right one meanwhile, and lets it in after the lock time', async () => {
    const user = { userId: 'vt-chris', organisationId: 'vt-zhz' };
    const password = await accounts.create(user);
    for (let attempt = 0; attempt < 4; attempt++)
      await problemOf(await postSignIn({ username: user.userId, password: 'wrong-password-123' }), 401);
    // Four failures: not locked yet, and a success starts the count afresh.
    expect((await postSignIn({ username: user.userId, password })).status).toBe(200);
    for (let attempt = 0; attempt < 5; attempt++)
      await problemOf(await postSignIn({ username: user.userId, password: 'wrong-password-123' }), 401);
    const locked = await problemOf(await postSignIn({ username: user.userId, password }), 401);
    // The same answer as for an unknown username: a locked account does not reveal that it exists.
    expect(locked).toEqual(await problemOf(await postSignIn({ username: 'vt-nobody', password }), 401));
    const [row] = (await accounts.dataSource.query('select locked_until from auth_accounts where id = $1', [user.userId])) as {
      locked_until: Date | null;
    }[];
    expect(row.locked_until).not.toBeNull();

    await sleep(lockoutSeconds * 1000 + 300);
    expect((await postSignIn({ username: user.userId, password })).status).toBe(200);
  });

  it('rejects sign-in bodies that are not JSON, have unknown fields, or come from another site', async () => {
    const password = await accounts.create({ userId: 'vt-dana', organisationId: 'vt-zhz' });
    const form = await fetch(url('/api/v1/auth/sign-in'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'vt-dana', password }).toString(),
    });
    await problemOf(form, 415);
    const unknownField = await problemOf(await postSignIn({ username: 'vt-dana', password, remember: true }), 400);
    expect(unknownField.errors).toEqual([expect.objectContaining({ path: 'remember', message: 'Dit veld is onbekend.' })]);
    const missing = await problemOf(await postSignIn({ username: 'vt-dana' }), 400);
    expect(missing.errors?.map((error) => error.path)).toEqual(['password']);

    const crossSite = await problemOf(await postSignIn({ username: 'vt-dana', password }, { Origin: 'https://evil.example' }), 403);
    expect(crossSite.type).toBe('urn:ketenregie:problem:auth.cross-site-sign-in');
    await problemOf(await postSignIn({ username: 'vt-dana', password }, { 'Sec-Fetch-Site': 'cross-site' }), 403);
    const sameSite = await postSignIn({ username: 'vt-dana', password }, { Origin: api.url });
    expect(sameSite.status).toBe(200);
  });

  it('requires the CSRF token on every state-changing request the cookie authenticates', async () => {
    const signedIn = await accounts.signInAs(api.url, anna);
    const post = (headers: Record<string, string>) =>
      fetch(url('/api/v1/cases/reports'), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

    const missing = await problemOf(await post({ Cookie: signedIn.cookie }), 403);
    expect(missing.type).toBe('urn:ketenregie:problem:auth.csrf-token');
    expect(missing.detail).toContain('X-CSRF-Token');
    // One character changed (never to itself: a token ending in "A" made this a valid token).
    const lastChanged = `${signedIn.csrfToken.slice(0, -1)}${signedIn.csrfToken.endsWith('A') ? 'B' : 'A'}`;
    await problemOf(await post({ Cookie: signedIn.cookie, 'X-CSRF-Token': lastChanged }), 403);
    await problemOf(await post({ Cookie: signedIn.cookie, 'X-CSRF-Token': 'short' }), 403);
    // Another session's token does not do either.
    const other = await accounts.signInAs(api.url, { userId: 'vt-erik', organisationId: 'vt-zhz' });
    await problemOf(await post({ Cookie: signedIn.cookie, 'X-CSRF-Token': other.csrfToken }), 403);
    // With its own token the request reaches the endpoint, which wants an Idempotency-Key next.
    await problemOf(await post(signedIn.headers), 428);
    // A GET needs no token.
    expect((await fetch(url('/api/v1/worklists/my-cases'), { headers: { Cookie: signedIn.cookie } })).status).toBe(200);
  });

  it('accepts no identity from headers: X-User-Id and friends are ignored', async () => {
    const headers = { 'X-User-Id': 'vt-anna', 'X-Organisation-Id': 'vt-zhz', 'X-User-Name': 'Anna de Vries' };
    const worklist = await problemOf(await fetch(url('/api/v1/worklists/my-cases'), { headers }), 401);
    expect(worklist.type).toBe('urn:ketenregie:problem:auth.not-signed-in');
    await problemOf(
      await fetch(url('/api/v1/cases/reports'), {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
        body: '{}',
      }),
      401,
    );
    await problemOf(await fetch(url('/api/v1/auth/session'), { headers }), 401);
    await problemOf(await fetch(url('/api/v1/worklists/my-cases'), { headers: { Cookie: 'ketenregie_session=forged-session-id' } }), 401);
  });

  it('signs out: the session ends at once and the cookie is cleared; signing out needs the CSRF token', async () => {
    const signedIn = await accounts.signInAs(api.url, anna);
    await problemOf(await fetch(url('/api/v1/auth/sign-out'), { method: 'POST', headers: { Cookie: signedIn.cookie } }), 403);
    expect((await fetch(url('/api/v1/auth/session'), { headers: signedIn.headers })).status).toBe(200);

    const out = await fetch(url('/api/v1/auth/sign-out'), { method: 'POST', headers: signedIn.headers });
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie().find((cookie) => cookie.startsWith('ketenregie_session=;'));
    expect(cleared).toContain('Max-Age=0');
    await problemOf(await fetch(url('/api/v1/auth/session'), { headers: signedIn.headers }), 401);
    await problemOf(await fetch(url('/api/v1/worklists/my-cases'), { headers: signedIn.headers }), 401);
  });

  it('replaces a session presented at sign-in, so a planted session id is worth nothing', async () => {
    const password = await accounts.create({ userId: 'vt-hans', organisationId: 'vt-zhz' });
    const first = await signIn(api.url, 'vt-hans', password);
    const second = await fetch(url('/api/v1/auth/sign-in'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: first.cookie },
      body: JSON.stringify({ username: 'vt-hans', password }),
    });
    expect(second.status).toBe(200);
    const replacement = sessionCookieOf(second)?.cookie ?? '';
    expect(replacement).not.toBe(first.cookie);
    await problemOf(await fetch(url('/api/v1/auth/session'), { headers: first.headers }), 401);
    expect((await fetch(url('/api/v1/auth/session'), { headers: { Cookie: replacement } })).status).toBe(200);
  });

  it('keeps health, status, the API description and the web app reachable without signing in', async () => {
    for (const path of ['/health/live', '/health/ready', '/api/v1/status', '/api/v1/openapi.json']) {
      expect({ path, status: (await fetch(url(path))).status }).toEqual({ path, status: 200 });
    }
    // No web build in this test: the fallback answers (404 text), not a 401.
    expect((await fetch(url('/zaken'), { headers: { Accept: 'text/html' } })).status).not.toBe(401);
  });

  it('says that OpenID Connect is not configured when it is not', async () => {
    const problem = await problemOf(await fetch(url('/api/v1/auth/oidc/start'), { redirect: 'manual' }), 404);
    expect(problem.type).toBe('urn:ketenregie:problem:auth.oidc-not-configured');
  });

  it('treats an account disabled in the database as signed out within seconds', async () => {
    const user = { userId: 'vt-fenna', organisationId: 'vt-zhz' };
    const signedIn = await accounts.signInAs(api.url, user);
    expect((await fetch(url('/api/v1/auth/session'), { headers: signedIn.headers })).status).toBe(200);
    await accounts.dataSource.query('update auth_accounts set disabled = true where id = $1', [user.userId]);
    // The API process caches a session for a few seconds; after that the change is seen.
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await fetch(url('/api/v1/auth/session'), { headers: signedIn.headers })).status;
      if (status === 200) await sleep(250);
    }
    expect(status).toBe(401);
    await problemOf(await postSignIn({ username: user.userId, password: await accounts.create(user) }), 401);
  });
});

describe('session timeouts and HTTPS behind a proxy (real HTTP)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let accounts: TestAccounts;
  const idleSeconds = 2;
  const absoluteSeconds = 5;

  beforeAll(async () => {
    database = await createTestDatabase('auth_timeouts');
    accounts = await testAccounts(database.url);
    api = await startApiProcess({
      DATABASE_URL: database.url,
      PORT: '0',
      SESSION_IDLE_TIMEOUT_SECONDS: String(idleSeconds),
      SESSION_ABSOLUTE_TIMEOUT_SECONDS: String(absoluteSeconds),
      TRUST_PROXY: 'loopback',
    });
  });

  afterAll(async () => {
    await api?.stop();
    await accounts?.close();
    await database?.drop();
  });

  const sessionStatus = async (headers: Record<string, string>): Promise<number> =>
    (await fetch(`${api.url}/api/v1/auth/session`, { headers })).status;

  it('ends a session left unused for the idle timeout', async () => {
    const signedIn = await accounts.signInAs(api.url, anna);
    await sleep(idleSeconds * 500);
    expect(await sessionStatus(signedIn.headers)).toBe(200);
    await sleep(idleSeconds * 1000 + 300);
    expect(await sessionStatus(signedIn.headers)).toBe(401);
  });

  it('ends a session at the absolute timeout however busy it is', async () => {
    const signedIn = await accounts.signInAs(api.url, anna);
    const started = Date.now();
    // Used twice per idle period: never idle, and still ended after the absolute timeout.
    while (Date.now() - started < (absoluteSeconds - 1) * 1000) {
      expect(await sessionStatus(signedIn.headers)).toBe(200);
      await sleep(idleSeconds * 400);
    }
    await sleep(Math.max(0, absoluteSeconds * 1000 - (Date.now() - started)) + 300);
    expect(await sessionStatus(signedIn.headers)).toBe(401);
  });

  it('marks the cookie Secure when a trusted proxy says the request came over HTTPS', async () => {
    const password = await accounts.create({ userId: 'vt-gert', organisationId: 'vt-zhz' });
    const viaProxy = await fetch(`${api.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' },
      body: JSON.stringify({ username: 'vt-gert', password }),
    });
    expect(viaProxy.status).toBe(200);
    expect(attributesOf(sessionCookieOf(viaProxy)?.setCookie ?? '')).toContain('secure');
    const plain = await signIn(api.url, 'vt-gert', password);
    expect(attributesOf(plain.setCookie)).not.toContain('secure');
  });
});

describe('HTTPS header from an untrusted client (real HTTP)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let accounts: TestAccounts;

  beforeAll(async () => {
    database = await createTestDatabase('auth_no_proxy');
    accounts = await testAccounts(database.url);
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
  });

  afterAll(async () => {
    await api?.stop();
    await accounts?.close();
    await database?.drop();
  });

  it('ignores X-Forwarded-Proto without TRUST_PROXY', async () => {
    const password = await accounts.create(anna);
    const response = await fetch(`${api.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' },
      body: JSON.stringify({ username: anna.userId, password }),
    });
    expect(response.status).toBe(200);
    expect(attributesOf(sessionCookieOf(response)?.setCookie ?? '')).not.toContain('secure');
  });
});
