import { randomUUID } from 'node:crypto';
import { apiVersion, problemSchema } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// What the Dutch API Design Rules ask of every route, checked on the running app: the version in
// every answer, problems for every error (404, 405, 415), no trailing-slash aliases, and the
// OpenAPI document at the standard place, readable from any origin.

describe('API conventions (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;

  beforeAll(async () => {
    database = await createTestDatabase('api_conventions');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
  }, 120_000);

  afterAll(async () => {
    await accounts?.close();
    await api?.close();
    await database?.drop();
  });

  const request = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, { redirect: 'manual', ...init });

  const problemOf = async (response: Response, status: number) => {
    expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
      status,
      type: 'application/problem+json; charset=utf-8',
    });
    const problem = problemSchema.parse(await response.json());
    expect(problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    return problem;
  };

  it('says the full API version in every answer, success or error, API or probe', async () => {
    const answers = await Promise.all([
      request('/api/v1/status'),
      request('/api/v1/openapi.json'),
      request('/api/v1/does-not-exist'),
      request('/api/v1/status', { method: 'DELETE' }),
      request('/health/live'),
      request('/health/ready'),
      request('/api/status'),
    ]);
    for (const answer of answers)
      expect({ url: answer.url, version: answer.headers.get('api-version') }).toEqual({ url: answer.url, version: apiVersion });
    const document = (await request('/api/v1/openapi.json').then((response) => response.json())) as { info: { version: string } };
    expect(document.info.version).toBe(apiVersion);
  });

  it('lives under /api/v1 only: the old unversioned paths are unknown', async () => {
    expect((await request('/api/v1/status')).status).toBe(200);
    await problemOf(await request('/api/status'), 404);
    await problemOf(await request('/api/docs'), 404);
  });

  it('serves the OpenAPI document at /api/v1/openapi.json, without a session and readable from any origin', async () => {
    const response = await request('/api/v1/openapi.json', { headers: { Origin: 'https://docs.example.org' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe('API-Version');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const document = (await response.json()) as { servers: { url: string }[]; info: { contact: Record<string, string> } };
    expect(document.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
    expect(Object.keys(document.info.contact).sort()).toEqual(['email', 'name', 'url']);
    // Only the document: the API itself stays same-origin.
    expect(
      (await request('/api/v1/status', { headers: { Origin: 'https://docs.example.org' } })).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('has no trailing-slash aliases: a path with one is a 404 problem, not the resource and not a redirect', async () => {
    for (const path of ['/api/v1/status/', '/api/v1/openapi.json/', '/health/live/', '/health/ready/', '/api/v1/worklists/my-cases/']) {
      const problem = await problemOf(await request(path), 404);
      expect(problem.instance).toBe(path);
    }
  });

  it('knows its paths only as written: another letter case is a 404 problem, for a command too, before any rule it would slip past', async () => {
    const professional = await accounts.signInAs(api.url, {
      userId: 'tom',
      organisationId: 'gemeente-gorinchem',
      roles: ['team-sociaal-consultant'],
    });
    for (const path of ['/API/v1/status', '/Api/V1/openapi.json', '/api/V1/worklists/my-cases', '/HEALTH/live']) {
      const problem = await problemOf(await request(path, { headers: professional.headers }), 404);
      expect(problem.instance).toBe(path);
    }
    // A text body to a command: as written the path is a 415, in another case a 404; never run on "no body".
    const command = (path: string) =>
      request(path, {
        method: 'POST',
        headers: { ...professional.headers, 'Content-Type': 'text/plain', 'Idempotency-Key': randomUUID() },
        body: 'phase=recovery',
      });
    await problemOf(await command('/API/v1/cases/3b9710c4-6614-467a-ab82-36822cf48db1/phase'), 404);
    await problemOf(await command('/api/v1/cases/3b9710c4-6614-467a-ab82-36822cf48db1/phase'), 415);
  });

  it('answers a known path with a method it does not have with 405 and Allow, an unknown path with 404', async () => {
    const wrong: [string, string, string][] = [
      ['POST', '/api/v1/status', 'GET, HEAD'],
      ['DELETE', '/api/v1/openapi.json', 'GET, HEAD'],
      ['GET', '/api/v1/cases/3b9710c4-6614-467a-ab82-36822cf48db1/phase', 'POST'],
      ['PUT', '/api/v1/cases/3b9710c4-6614-467a-ab82-36822cf48db1/phase', 'POST'],
      ['POST', '/health/live', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of wrong) {
      const response = await request(path, { method });
      expect({ method, path, allow: response.headers.get('allow') }).toEqual({ method, path, allow });
      await problemOf(response, 405);
    }
    await problemOf(await request('/api/v1/nothing-here', { method: 'POST' }), 404);
    await problemOf(await request('/health/nope'), 404);
  });

  it('refuses a body that is not JSON with 415, before anything reads it', async () => {
    const professional = await accounts.signInAs(api.url, {
      userId: 'tina',
      organisationId: 'gemeente-gorinchem',
      roles: ['team-sociaal-consultant'],
    });
    const targets: [string, Record<string, string>][] = [
      ['/api/v1/auth/sign-in', {}],
      // Without the rule this body was read as no body and the search answered on empty input.
      ['/api/v1/families/search', professional.headers],
    ];
    for (const [path, headers] of targets) {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/merge-patch+json']) {
        const response = await request(path, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': contentType },
          body: '{"postcode":"4201 AB","houseNumber":"12"}',
        });
        expect({ path, contentType, status: response.status }).toEqual({ path, contentType, status: 415 });
        expect((await problemOf(response, 415)).detail).toContain('application/json');
      }
      // A body without any Content-Type is no JSON either.
      await problemOf(await request(path, { method: 'POST', headers, body: new Blob(['{}']) }), 415);
      // Nor is JSON in another charset than UTF-8, however it is written.
      for (const contentType of [
        'application/json; charset=utf-16',
        'application/json; charset="UTF-16LE"',
        'application/json;charset=latin1',
      ]) {
        const response = await request(path, { method: 'POST', headers: { ...headers, 'Content-Type': contentType }, body: '{}' });
        expect({ path, contentType, status: response.status }).toEqual({ path, contentType, status: 415 });
        expect((await problemOf(response, 415)).detail).toContain('UTF-8');
      }
    }
    // JSON (also with a charset) passes on to the route, which judges the content.
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/json; charset="UTF-8"']) {
      const response = await request('/api/v1/auth/sign-in', { method: 'POST', headers: { 'Content-Type': contentType }, body: '{}' });
      expect({ contentType, status: response.status }).toEqual({ contentType, status: 400 });
    }
    // A charset on a request without a body asks nothing of anyone.
    expect((await request('/api/v1/status', { headers: { 'Content-Type': 'application/json; charset=utf-16' } })).status).toBe(200);
  });

  it('words every validation message of a query, a path and a body in Dutch', async () => {
    const professional = await accounts.signInAs(api.url, {
      userId: 'tessa',
      organisationId: 'gemeente-gorinchem',
      roles: ['team-sociaal-consultant'],
    });
    const officer = await accounts.signInAs(api.url, { userId: 'pim', organisationId: 'beheer', roles: ['privacy-officer'] });
    const asked: [string, Record<string, string>, RequestInit?][] = [
      ['/api/v1/worklists/my-cases?pageSize=abc&scope=x&page=0&extra=1', professional.headers],
      ['/api/v1/worklists/rappels-due?pageSize=1000&scope=', professional.headers],
      ['/api/v1/my-tasks?page=x&pageSize=2.5', professional.headers],
      ['/api/v1/cases/3b9710c4-6614-467a-ab82-36822cf48db1?asOf=gisteren&x=1', professional.headers],
      ['/api/v1/cases/3b9710c4-6614-467a-ab82-36822cf48db1/timeline?kind=alles&pageSize=0', professional.headers],
      ['/api/v1/access-log?from=gisteren&page=a&pageSize=9999&unknown=1', officer.headers],
      ['/api/v1/emergency-grants?reviewed=misschien&page=0', officer.headers],
      ['/api/v1/status?after=a&after=b', professional.headers],
    ];
    const english = /\b(Invalid|expected|received|Unrecognized|Too (big|small)|key|must|option|number|string)\b/;
    for (const [path, headers] of asked) {
      const response = await request(path, { headers });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      const problem = await problemOf(response, 400);
      const messages = [problem.detail, ...(problem.errors ?? []).map((error) => error.message)];
      expect({ path, english: messages.filter((message) => english.test(message)) }).toEqual({ path, english: [] });
    }
  });
});
