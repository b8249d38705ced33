import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullSystemStatusSchema, problemSchema, systemStatusSchema } from '@ketenregie/contracts';
import type { FullSystemStatus } from '@ketenregie/contracts';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { findRepoRoot } from './config/repo-root';
import { projections as registeredProjections } from './projections/registry';
import type { SignedIn, TestAccounts } from './test-support/accounts';
import { testAccounts } from './test-support/accounts';
import type { RunningApiProcess } from './test-support/api-process';
import { logEntries, startApiProcess } from './test-support/api-process';

const eventually = async <T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('API application (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let store: PostgresEventStore | undefined;
  let webDir: string;
  let accounts: TestAccounts;
  let analyst: SignedIn;

  beforeAll(async () => {
    database = await createTestDatabase('api_app');
    webDir = await mkdtemp(join(tmpdir(), 'ketenregie-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Ketenregie</title><div id="root">spa-shell</div>');
    await writeFile(join(webDir, 'assets', 'app-abc123.js'), 'console.log("app");');
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0', WEB_DIST_DIR: webDir });
    accounts = await testAccounts(database.url);
    // Any role sees the whole status; a policy analyst sees no case at all.
    analyst = await accounts.signInAs(api.url, { userId: 'ana', organisationId: 'gemeente-gorinchem', roles: ['policy-analyst'] });
  });

  afterAll(async () => {
    await api?.stop();
    await accounts?.close();
    await store?.close();
    await database?.drop();
    await rm(webDir, { recursive: true, force: true });
  });

  const get = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, init);
  const signedIn = (path: string) => get(path, { headers: analyst.headers });

  it('is live', async () => {
    const response = await get('/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready, with the lag and state of each projection', async () => {
    const response = await get('/health/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      database: 'up',
      eventStore: 'up',
      projections: registeredProjections.map(({ name }) => ({ name, lag: 0, state: 'ok', parkedEvents: 0, heldEvents: 0 })),
    });
  });

  it('tells someone without a session only that the service is up', async () => {
    const response = await get('/api/v1/status');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(systemStatusSchema.parse(body)).toEqual({ scope: 'public', application: 'Ketenregie', status: 'up', time: expect.any(String) });
    expect(Object.keys(body).sort()).toEqual(['application', 'scope', 'status', 'time']);
  });

  it('reports the system status from the event statistics read model', async () => {
    store = await createPostgresEventStore({ connectionString: database.url });
    const caseId = randomUUID();
    await store.appendToStream(`case-${caseId}`, [
      { type: 'test.case-opened', data: { caseId } },
      { type: 'test.note-added', data: { caseId } },
      { type: 'test.note-added', data: { caseId } },
    ]);
    await store.appendToStream(`case-${randomUUID()}`, [{ type: 'test.case-opened', data: {} }]);

    const status = await eventually(
      async () => fullSystemStatusSchema.parse(await (await signedIn('/api/v1/status')).json()),
      (value: FullSystemStatus) => value.events.total === 4 && value.projections.every((projection) => projection.lag === 0),
    );
    const { version } = JSON.parse(await readFile(join(findRepoRoot(), 'package.json'), 'utf8')) as { version: string };
    expect(status).toMatchObject({
      scope: 'full',
      application: 'Ketenregie',
      status: 'up',
      version,
      eventStore: { kind: 'postgresql' },
      database: { kind: 'external' },
      events: {
        total: 4,
        byType: [
          { type: 'test.case-opened', count: 2 },
          { type: 'test.note-added', count: 2 },
        ],
      },
      projections: registeredProjections.map(({ name }) => ({
        name,
        lag: 0,
        generation: expect.any(Number),
        parkedEvents: 0,
        heldEvents: 0,
      })),
    });
    const statistics = status.projections.find(({ name }) => name === 'system.event-statistics');
    expect(statistics?.updatedAt).not.toBeNull();

    const ready = (await (await get('/health/ready')).json()) as { projections: unknown[] };
    expect(ready.projections).toEqual(
      registeredProjections.map(({ name }) => ({ name, lag: 0, state: 'ok', parkedEvents: 0, heldEvents: 0 })),
    );
  });

  it('reads its own writes: a query given a checkpoint waits until the read model passed it', async () => {
    store ??= await createPostgresEventStore({ connectionString: database.url });
    const before = fullSystemStatusSchema.parse(await (await signedIn('/api/v1/status')).json()).events.total;
    const { checkpoint } = await store.appendToStream(`case-${randomUUID()}`, [{ type: 'test.read-own-write', data: {} }]);
    // No polling: the one response already includes the event.
    const response = await signedIn(`/api/v1/status?after=${encodeURIComponent(checkpoint)}`);
    expect(response.status).toBe(200);
    const status = fullSystemStatusSchema.parse(await response.json());
    expect(status.events.total).toBe(before + 1);
    expect(status.events.byType).toContainEqual({ type: 'test.read-own-write', count: 1 });
  });

  it('rejects a malformed checkpoint with a problem naming the field', async () => {
    const response = await signedIn('/api/v1/status?after=not-a-checkpoint');
    expect(response.status).toBe(400);
    const problem = problemSchema.parse(await response.json());
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'query.after' })]);
  });

  it('answers 503 with Retry-After when the read model does not reach the checkpoint in time', async () => {
    // A checkpoint far beyond anything committed can never be reached.
    const response = await signedIn(`/api/v1/status?after=${'9'.repeat(20)}:${'9'.repeat(20)}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(problemSchema.parse(await response.json()).status).toBe(503);
  }, 30_000);

  it('answers unknown API and health routes with a 404 problem', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/does-not-exist'],
      ['POST', '/api/v1/nothing-here'],
      ['GET', '/health/nope'],
      ['DELETE', '/zaken/1'],
    ]) {
      const response = await get(path, { method });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const problem = problemSchema.parse(await response.json());
      expect(problem).toMatchObject({ status: 404, title: 'Not Found', instance: path });
    }
  });

  it('serves the web app with a fallback to index.html for client-side routes', async () => {
    const page = await get('/zaken/123/plan', { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('spa-shell');

    const asset = await get('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain('console.log');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const missingAsset = await get('/assets/app-missing.js');
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).toContain('application/problem+json');
  });

  it('tells the operator to build the web app when it is missing', async () => {
    await rm(join(webDir, 'index.html'));
    const response = await get('/');
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('npm run build:web');
  });

  it('echoes a request id and logs requests without query strings', async () => {
    const response = await get('/api/v1/status?bsn=123456782', { headers: { 'X-Request-Id': 'req-test-42' } });
    expect(response.headers.get('x-request-id')).toBe('req-test-42');
    await response.arrayBuffer();
    const generated = await get('/health/live', { headers: { 'X-Request-Id': 'not a valid id' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const entry = await eventually(
      async () => logEntries(api.stdout()).find((line) => line['requestId'] === 'req-test-42'),
      (line) => line !== undefined,
    );
    expect(entry).toMatchObject({ msg: 'request', method: 'GET', route: '/api/v1/status', status: 200 });
    expect(typeof entry?.['durationMs']).toBe('number');
    expect(api.stdout()).not.toContain('123456782');
    expect(api.stderr()).toBe('');
  });
});
