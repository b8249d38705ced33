import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
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

  /**
   * Sends raw requests on one connection, each once the answer to the one before it is complete,
   * and answers everything the server wrote before it closed the connection.
   */
  const rawExchange = (requests: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(api.url);
      let received = '';
      let sent = 0;
      const send = () => socket.write(requests[sent++]);
      const answered = (): number => {
        let count = 0;
        for (let at = 0; (at = received.indexOf('\r\n\r\n', at)) >= 0; count++) {
          const length = /content-length: *(\d+)/i.exec(received.slice(received.lastIndexOf('HTTP/1.1 ', at), at))?.[1];
          at += 4 + Number(length ?? 0);
          if (at > received.length) return count;
        }
        return count;
      };
      const socket = connect(Number(port), hostname, send);
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (sent < requests.length && answered() >= sent) send();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(received));
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    });

  /** The last answer in a raw exchange: its status, headers (lower-case names) and body. */
  const lastAnswer = (raw: string) => {
    const start = raw.lastIndexOf('HTTP/1.1 ');
    const [head, body] = [raw.slice(start, raw.indexOf('\r\n\r\n', start)), raw.slice(raw.indexOf('\r\n\r\n', start) + 4)];
    const [statusLine, ...lines] = head.split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  };

  it('answers requests the HTTP parser refuses with a problem as well, and closes the connection', async () => {
    // A search typed into a URL of over 16 kB never reaches a route.
    const long = lastAnswer(await rawExchange([`GET /api/v1/status?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`]));
    expect(long.status).toBe(431);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.headers['api-version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(long.headers['connection']).toBe('close');
    expect(problemSchema.parse(JSON.parse(long.body))).toMatchObject({
      status: 431,
      detail: 'Het adres of de kopregels van het verzoek zijn te lang.',
    });

    // A header line without a colon, after a first request answered on the same connection: that
    // answer is left whole, and the broken request gets a problem of its own.
    const raw = await rawExchange([
      'GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /health/live HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n',
    ]);
    expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(2);
    expect(raw.startsWith('HTTP/1.1 200 OK')).toBe(true);
    const broken = lastAnswer(raw);
    expect(broken.status).toBe(400);
    expect(problemSchema.parse(JSON.parse(broken.body))).toMatchObject({ status: 400, detail: 'Het verzoek is geen geldig HTTP-verzoek.' });
    expect(Number(broken.headers['content-length'])).toBe(Buffer.byteLength(broken.body));
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
