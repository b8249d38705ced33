import { accessRoutes, apiBasePath, feedbackRoutes, routePath } from '@ketenregie/contracts';
import { roles } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import { testApiConfig } from '../test-support/test-config';
import { routesOfApp } from '../test-support/router-routes';

// The OpenAPI document at GET /api/v1/openapi.json against the routes the running app's router really has:
// paths in the document are relative to its server (`/api/v1`), or to the host for the probes.
// a new endpoint fails this test until it is described, and a described route that nothing serves
// fails it too. Read from the router, not from controller metadata, so routes of every context
// (and the probes outside /api) count, however they are wired.

type Response = { description: string; content?: Record<string, unknown> };
type Parameter = { $ref?: string; name?: string; in?: string };
type Operation = {
  operationId: string;
  description?: string;
  requestBody?: unknown;
  parameters?: Parameter[];
  responses: Record<string, Response>;
  security?: unknown[];
  'x-ketenregie-authorisation'?: { kind: string; roles?: string[]; rule: string };
};
type Document = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
};

const methods = new Set(['get', 'put', 'post', 'patch', 'delete']);

let database: TestDatabase;
let api: RunningApi;
let document: Document;

/** The path as the router has it: under the document's server, unless the path names a server of its own (the probes). */
const absolute = (path: string): string => {
  const item = document.paths[path] as { servers?: { url: string }[] } | undefined;
  const base = item?.servers?.[0]?.url ?? document.servers[0]?.url ?? '';
  return `${base.replace(/\/$/, '')}${path}`;
};

/** `/cases/{caseId}` with `get` -> `GET /api/v1/cases/:caseId`, the router's spelling. */
const describedRoutes = (): string[] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => methods.has(method))
      .map((method) => `${method.toUpperCase()} ${absolute(path).replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')}`),
  );

/** Every operation, named by method and absolute path (`POST /api/v1/cases/{caseId}/phase`). */
const operations = (): { where: string; operation: Operation }[] =>
  Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => ({ where: `${method.toUpperCase()} ${absolute(path)}`, operation })),
  );

describe('OpenAPI document (GET /api/v1/openapi.json) against the running app', () => {
  beforeAll(async () => {
    database = await createTestDatabase('openapi_document');
    const config = testApiConfig(database.url);
    api = await startApi({ config });
    // Without a session: the document describes the API and holds no data.
    const response = await fetch(`${api.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('is an OpenAPI 3.1 document with every route the app serves, and no route it does not serve', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers.map((server) => server.url)).toEqual([apiBasePath]);
    const served = routesOfApp(api.app).sort();
    const described = describedRoutes().sort();
    expect(served.length).toBeGreaterThan(40);
    expect(served).toEqual(
      expect.arrayContaining(['GET /api/v1/access-log', 'POST /api/v1/auth/sign-in', 'GET /api/v1/status', 'GET /api/v1/my-tasks']),
    );
    expect({
      servedButNotDescribed: served.filter((route) => !described.includes(route)),
      describedButNotServed: described.filter((route) => !served.includes(route)),
    }).toEqual({ servedButNotDescribed: [], describedButNotServed: [] });
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const [, section, name] = /#\/components\/([^/]+)\/([^"]+)/.exec(ref) ?? [];
      expect({ ref, resolves: document.components[section]?.[name] !== undefined }).toEqual({ ref, resolves: true });
    }
  });

  it('says for every operation who may call it, and answers problems as problem+json', () => {
    const knownRoles: readonly string[] = roles;
    for (const { where, operation } of operations()) {
      const authorisation = operation['x-ketenregie-authorisation'];
      expect({ where, authorisation: operation.description?.startsWith('**Autorisatie:**') && authorisation !== undefined }).toEqual({
        where,
        authorisation: true,
      });
      const isPublic = authorisation?.kind === 'public';
      expect({ where, public: operation.security !== undefined }).toEqual({ where, public: isPublic });
      for (const role of authorisation?.roles ?? [])
        expect({ where, role, known: knownRoles.includes(role) }).toEqual({ where, role, known: true });
      if (!isPublic) {
        expect({ where, problem: Object.keys(operation.responses['401']?.content ?? {}) }).toEqual({
          where,
          problem: ['application/problem+json'],
        });
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ where, status, content: Object.keys(response.content ?? {}) }).toEqual({
          where,
          status,
          content: ['application/problem+json'],
        });
      }
    }
  });

  it('names the need-to-know answers, the CSRF token and the command headers where they apply', () => {
    // Sign-in and the portal link's redemption start a session, so there is no token yet.
    const csrfExempt = new Set(
      [...accessRoutes, ...feedbackRoutes].filter((route) => route.csrfExempt).map((route) => `POST ${routePath(route)}`),
    );
    for (const { where, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      const refs = (operation.parameters ?? []).flatMap((parameter) => (parameter.$ref ? [parameter.$ref.split('/').pop()] : []));
      // A case someone has no relation with is answered as if it did not exist.
      if (where.includes('{caseId}')) expect({ where, notFound: statuses.includes('404') }).toEqual({ where, notFound: true });
      if (where.startsWith('POST ') && !csrfExempt.has(where)) {
        expect({ where, csrf: refs.includes('CsrfToken') && statuses.includes('403') }).toEqual({ where, csrf: true });
      }
      if (refs.includes('IdempotencyKey')) {
        // A stale If-Match is 412; a request without one (a portal signal) cannot meet it.
        const expected = ['403', '404', '409', ...(refs.includes('IfMatch') ? ['412'] : []), '422', '428'];
        expect({ where, statuses: expected.filter((status) => !statuses.includes(status)) }).toEqual({
          where,
          statuses: [],
        });
      }
    }
    // Personal data never in a URL: family search is a POST with a JSON body, and no query parameter names a person.
    expect(document.paths['/families/search']?.['get']).toBeUndefined();
    expect(document.paths['/families/search']?.['post']).toMatchObject({ requestBody: expect.anything() });
    const personalParameters = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations ?? {}).flatMap(([method, operation]) =>
        ((operation as { parameters?: { name?: string; in?: string }[] }).parameters ?? [])
          .filter((parameter) => parameter.in === 'query' && /name|birth|postcode|houseNumber/i.test(parameter.name ?? ''))
          .map((parameter) => `${method} ${path} ${parameter.name ?? ''}`),
      ),
    );
    expect(personalParameters).toEqual([]);
    expect(document.paths['/access-log']?.['get']?.['x-ketenregie-authorisation']).toMatchObject({
      kind: 'roles',
      roles: ['privacy-officer'],
    });
    expect(document.paths['/cases/{caseId}/emergency-access']?.['post']?.['x-ketenregie-authorisation']).toMatchObject({
      roles: ['veilig-thuis-professional'],
    });
    expect(Object.keys(document.paths['/emergency-grants/{grantId}/review']?.['post']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
    );
  });

  it('says that the status tells only up/down without a session, and readiness can be degraded', () => {
    const status = document.paths['/status']?.['get'];
    expect(status?.['x-ketenregie-authorisation']).toMatchObject({
      kind: 'public',
      rule: expect.stringContaining('Zonder aanmelding alleen of de dienst bereikbaar is'),
    });
    const variants =
      (document.components['schemas']?.['SystemStatus'] as { oneOf?: { properties: Record<string, { const?: string }> }[] }).oneOf ?? [];
    expect(variants.map((variant) => [variant.properties['scope']?.const, Object.keys(variant.properties).sort()])).toEqual([
      ['public', ['application', 'scope', 'status', 'time']],
      ['full', expect.arrayContaining(['events', 'projections', 'version'])],
    ]);
    const full = variants[1]?.properties['projections'] as unknown as { items: { properties: Record<string, unknown> } };
    expect(Object.keys(full.items.properties)).toEqual(expect.arrayContaining(['parkedEvents', 'heldEvents']));
    const readiness = document.components['schemas']?.['Readiness'] as { properties: Record<string, { enum?: string[] }> };
    expect(readiness.properties['status']?.enum).toEqual(['ok', 'degraded', 'unavailable']);
  });
});
