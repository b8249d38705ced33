import { randomBytes } from 'node:crypto';
import { problemSchema } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// Small limits so the test reaches them; the defaults (10 sign-ins, 1200 API requests a minute)
// are checked in the configuration tests.
const signInLimit = 3;
const apiLimit = 8;

describe('hardening (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;

  beforeAll(async () => {
    database = await createTestDatabase('api_hardening');
    api = await startApiProcess({
      DATABASE_URL: database.url,
      MASTER_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: String(signInLimit),
      RATE_LIMIT_API_PER_MINUTE: String(apiLimit),
    });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const expectProblem = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const text = await response.text();
    // Whatever went wrong, the answer names no code, query or file of ours.
    expect(text).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+|select |insert |syntax error at/i);
    return problemSchema.parse(JSON.parse(text));
  };

  it('sends security headers, and no-store for API answers', async () => {
    for (const path of ['/', '/api/v1/status', '/health/live']) {
      const response = await fetch(`${api.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    const status = await fetch(`${api.url}/api/v1/status`);
    expect(status.headers.get('cache-control')).toBe('no-store');
    // Nothing revalidates a no-store answer, so no ETag is computed from its body.
    expect(status.headers.get('etag')).toBeNull();
  });

  it('refuses bodies over 100 kB and malformed JSON with a problem, without details of the server', async () => {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(120 * 1024) });
    const tooLarge = await expectProblem(
      await fetch(`${api.url}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }),
      413,
    );
    expect(tooLarge.detail).toBe('Het verzoek is te groot.');
    await expectProblem(
      await fetch(`${api.url}/api/v1/auth/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":',
      }),
      400,
    );
    // The parser's own message would quote the body, which may be a family's data. (A cookie of
    // their own keeps these two requests out of the rate limit the next test counts on.)
    const own = { cookie: `ketenregie_session=${randomBytes(16).toString('base64url')}` };
    const quoted = await expectProblem(
      await fetch(`${api.url}/api/v1/auth/session`, {
        method: 'POST',
        headers: { ...own, 'content-type': 'application/json' },
        body: 'Jansen',
      }),
      400,
    );
    expect(quoted.detail).toBe('De inhoud van het verzoek is geen geldige JSON.');
    expect(JSON.stringify(quoted)).not.toContain('Jansen');
    const undecodable = await expectProblem(await fetch(`${api.url}/api/v1/cases/Jansen%ED%A0%80`, { headers: own }), 400);
    expect(undecodable.detail).toBe('Het adres bevat een ongeldige %-codering.');
  });

  it('limits sign-in attempts per address, with a Dutch problem', async () => {
    const attempt = () =>
      fetch(`${api.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'niemand', password: 'verkeerd-wachtwoord' }),
      });
    for (let i = 0; i < signInLimit; i++) expect((await attempt()).status).toBe(401);
    const limited = await expectProblem(await attempt(), 429);
    expect(limited.detail).toContain('Te veel aanmeldpogingen');
  });

  it('limits portal link redemptions per address like sign-ins, with a Dutch problem', async () => {
    // A session cookie of its own keeps these requests out of the address's general API budget.
    const headers = { 'content-type': 'application/json', cookie: `ketenregie_session=${randomBytes(16).toString('base64url')}` };
    const attempt = () =>
      fetch(`${api.url}/api/v1/referrer-portal/link-redemptions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token: 'x'.repeat(43) }),
      });
    for (let i = 0; i < signInLimit; i++) expect((await attempt()).status).toBe(410);
    const limited = await expectProblem(await attempt(), 429);
    expect(limited.detail).toContain('Te veel pogingen');
  });

  it('limits API requests per client', async () => {
    // Counted per session: a session cookie of its own gives this test a budget of its own.
    const headers = { cookie: `ketenregie_session=${randomBytes(16).toString('base64url')}` };
    const statuses: number[] = [];
    for (let i = 0; i < apiLimit + 2; i++) statuses.push((await fetch(`${api.url}/api/v1/openapi.json`, { headers })).status);
    expect(statuses.slice(0, apiLimit).filter((status) => status === 429)).toEqual([]);
    expect(statuses.slice(apiLimit)).toEqual([429, 429]);
    // The web app and the probes are not API requests and stay reachable.
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
  });
});
