import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { apiOperations } from '@ketenregie/cases-server';
import type { RunningApi } from '../bootstrap';
import { startApi } from '../bootstrap';
import { loadConfig } from '../config/config';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testOrganisationsFile } from '../access/testing/test-organisations';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';

/**
 * Property-based fuzzing of every route the running app serves (read from Express's router, so a
 * new endpoint is fuzzed without being listed here): random path parameters, query strings (the
 * route's own parameters from the OpenAPI table, and others), headers and bodies, signed in as a
 * Veilig Thuis professional, as a privacy officer, or not at all. Whatever arrives, the answer is
 * never a 5xx and every error is a problem+json document; U+0000 in a path segment or a query
 * value is a 400. Paths and queries carry U+0000 and lone surrogates as a hostile client writes
 * them (`%00`, and the UTF-8 bytes of a surrogate, `%ED%A0%80`, which no URL parser produces);
 * header values carry every byte fetch lets through (it refuses NUL, CR and LF: a NUL header byte
 * is tested on a raw socket in storable-input.int-spec.ts).
 */

type Route = { method: string; path: string };

const fetchableMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

const runsPerRoute = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 100);

/** Every method + path the Express app routes, from the router's own layers. */
const routesOf = (api: RunningApi): Route[] => {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const instance = api.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (instance.router ?? instance._router)?.stack ?? [];
  const routes = stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })) : [],
  );
  return [...new Map(routes.map((route) => [`${route.method} ${route.path}`, route])).values()].filter(
    (route) =>
      // Catch-alls of the web app and Nest's not-found handler are not endpoints; methods that a
      // route answers through `all` but fetch cannot send (CONNECT, TRACE) are left out.
      !route.path.includes('*') &&
      (route.path.startsWith('/api/v1/') || route.path.startsWith('/health')) &&
      fetchableMethods.has(route.method),
  );
};

// Text PostgreSQL cannot store: NUL and lone surrogates, alone and inside other text.
const unstorable = fc.oneof(
  fc.constantFrom('\u0000', 'Dorpsstraat\u0000', '\uD800', 'a\uDC00b', '\uDBFF\uDBFF', '\uDFFF\uD800'),
  fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.nat(), fc.constantFrom('\u0000', '\uD83D', '\uDE00'))
    .map(([text, at, inserted]) => text.slice(0, at % (text.length + 1)) + inserted + text.slice(at % (text.length + 1))),
);

// Values that have broken parsers, SQL and date arithmetic before: separators, encodings, huge and
// odd numbers, days no calendar or PostgreSQL has.
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  unstorable,
  fc.constantFrom(
    '',
    ' ',
    '..',
    '%00',
    '%2e%2e',
    "' or 1=1 --",
    '\\',
    '{}',
    '[]',
    'null',
    '-1',
    '1e309',
    'NaN',
    '9'.repeat(40),
    'x'.repeat(5000),
  ),
  fc.constantFrom(
    '0001-01-01',
    '0000-01-01',
    '2014-12-31',
    '2023-02-30',
    '9999-12-31',
    '0000-01-01T00:00:00Z',
    String(Number.MAX_SAFE_INTEGER),
    '\u200F\u202E',
    '😀',
  ),
  fc.uuid(),
);

/**
 * Percent-encodes as a hostile client may: a lone surrogate as the UTF-8 bytes it would have
 * (`encodeURIComponent` refuses it, and a URL parser would turn it into U+FFFD first).
 */
const hostileEncode = (value: string): string => {
  let encoded = '';
  for (const char of value) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
};

/** What fetch sends as a header value: Latin-1, without NUL, CR and LF. */
const headerValue = (value: string): string => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

const queryOf = (route: Route): string[] => {
  const operation = apiOperations.find((candidate) => candidate.method.toUpperCase() === route.method && candidate.path === route.path);
  return Object.keys(operation?.query?.shape ?? {});
};

const jsonValue = fc.jsonValue({ maxDepth: 4 });

const body = (valid: unknown[]) =>
  fc.oneof(
    { arbitrary: jsonValue, weight: 3 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 }), weight: 3 },
    // A valid body with one field replaced or removed: gets past the first checks, into the domain.
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...valid), fc.nat(), fc.oneof(jsonValue, nastyString), fc.boolean())
        .map(([base, index, replacement, remove]) => {
          const copy = structuredClone(base) as Record<string, unknown>;
          const keys = Object.keys(copy);
          const key = keys[index % Math.max(keys.length, 1)];
          if (key !== undefined) {
            if (remove) delete copy[key];
            else copy[key] = replacement;
          }
          return copy;
        }),
      weight: 4,
    },
  );

describe('fuzzing every endpoint (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let signedIn: SignedIn;
  let asOfficer: SignedIn;
  let caseId: string;
  const ids: string[] = [];
  const user = { userId: 'fuzz-vt', organisationId: 'vt-zhz', displayName: 'Fuzz VT', roles: ['veilig-thuis-professional' as const] };
  // The privacy officer reaches the access-log filters, the export and the grant review.
  const officer = { userId: 'fuzz-po', organisationId: 'beheer', displayName: 'Fuzz PO', roles: ['privacy-officer' as const] };
  const outsider = {
    userId: 'fuzz-vt-utrecht',
    organisationId: 'vt-utrecht',
    displayName: 'Fuzz VT Utrecht',
    roles: ['veilig-thuis-professional' as const],
  };
  const validBodies: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('api_fuzz');
    const config = loadConfig(
      {
        DATABASE_URL: database.url,
        MASTER_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        RATE_LIMIT_API_PER_MINUTE: '0',
        RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000',
        ORGANISATIONS_FILE: testOrganisationsFile,
      },
      {},
    );
    api = await startApi({ config });
    accounts = await testAccounts(database.url);
    signedIn = await accounts.signInAs(api.url, user);
    asOfficer = await accounts.signInAs(api.url, officer);
    const intake = {
      newFamily: true,
      referrer: {
        kind: 'professional',
        name: 'Els Jansen',
        organisation: 'OBS De Linge',
        role: 'intern begeleider',
        contact: { email: 'e@example.org' },
      },
      sourceCategory: 'education-childcare',
      formsOfViolence: ['child-abuse'],
      concern: 'Zorgen over de veiligheid thuis.',
      household: {
        address: { street: 'Lingewal', houseNumber: '12', postcode: '4201 AB', municipality: 'Gorinchem' },
        members: [{ role: 'child', name: { givenNames: 'Fuzz', familyName: 'Kind' }, dateOfBirth: '2015-04-01' }],
      },
      receivedBy: {
        person: { personId: user.userId, name: 'Fuzz VT' },
        organisation: { organisationId: user.organisationId, name: 'Veilig Thuis', kind: 'veilig-thuis' },
      },
    };
    validBodies.push(
      intake,
      { reason: 'Zorgen bij de school, direct contact nodig.' },
      { acuteUnsafety: false, structuralUnsafety: true },
      {},
      { username: 'fuzz-nobody', password: 'niet-het-wachtwoord' },
      { outcome: 'unjustified', note: 'Geen reden om de casus te openen.' },
    );
    const opened = await fetch(`${api.url}/api/v1/cases/reports`, {
      method: 'POST',
      headers: { ...signedIn.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(intake),
    });
    const reply = (await opened.json()) as { caseId?: string; checkpoint?: string };
    caseId = reply.caseId ?? 'unknown-case';
    // Real ids for the path segments, so requests also get past "not found": the case, its family
    // and an emergency grant on it for the privacy officer to review.
    const detail = await fetch(`${api.url}/api/v1/cases/${caseId}?after=${encodeURIComponent(reply.checkpoint ?? '')}`, {
      headers: signedIn.headers,
    });
    const { familyId } = (await detail.json()) as { familyId: string };
    const grant = await fetch(`${api.url}/api/v1/cases/${caseId}/emergency-access`, {
      method: 'POST',
      headers: { ...(await accounts.signInAs(api.url, outsider)).headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'Crisisdienst: kind op de spoedeisende hulp, veiligheid thuis onbekend.' }),
    });
    const { grantId } = (await grant.json()) as { grantId: string };
    ids.push(caseId, familyId, grantId);
  }, 120_000);

  afterAll(async () => {
    await accounts?.close();
    await api?.close();
    await database?.drop();
  });

  it('never answers 5xx, and every error is problem+json', async () => {
    const routes = routesOf(api);
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    let requests = 0;
    const statuses = new Map<number, number>();

    for (const route of routes) {
      const params = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
      const queryKeys = [...new Set([...queryOf(route), 'page', 'pageSize', 'after', 'asOf', 'q', 'x'])];
      const arbitrary = fc.record({
        values: fc.array(fc.oneof(fc.constantFrom(...ids), nastyString), { minLength: params.length, maxLength: params.length }),
        query: fc.dictionary(
          fc.oneof({ arbitrary: fc.constantFrom(...queryKeys), weight: 9 }, { arbitrary: unstorable, weight: 1 }),
          nastyString,
          { maxKeys: 4 },
        ),
        body: body(validBodies),
        rawBody: fc.option(fc.string({ maxLength: 200 }), { freq: 5 }),
        session: fc.constantFrom('none', 'professional', 'officer'),
        contentType: fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
        ifMatch: fc.option(fc.oneof(fc.constantFrom('W/"0"', 'W/"1"', '*', '"x"'), nastyString), { freq: 3 }),
        idempotencyKey: fc.option(fc.oneof(fc.uuid(), nastyString), { freq: 5 }),
      });
      await fc
        .assert(
          fc.asyncProperty(arbitrary, async (input) => {
            let path = route.path;
            params.forEach((name, index) => {
              path = path.replace(`:${name}`, hostileEncode(input.values[index] ?? ''));
            });
            const search = Object.entries(input.query)
              .map(([key, value]) => `${hostileEncode(key)}=${hostileEncode(value)}`)
              .join('&');
            const headers: Record<string, string> = { 'Content-Type': input.contentType };
            if (input.session !== 'none') {
              const as = input.session === 'officer' ? officer : user;
              // Signing out ends the session every other request uses: that route gets one of its own.
              const session =
                route.path === '/api/v1/auth/sign-out' ? await accounts.signInAs(api.url, as) : as === officer ? asOfficer : signedIn;
              Object.assign(headers, session.headers);
            }
            if (input.ifMatch !== null) headers['If-Match'] = headerValue(input.ifMatch);
            if (input.idempotencyKey !== null) headers['Idempotency-Key'] = headerValue(input.idempotencyKey);
            const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
            const sent = hasBody ? (input.rawBody ?? JSON.stringify(input.body)) : '';
            const response = await fetch(`${api.url}${path}${search ? `?${search}` : ''}`, {
              method: route.method,
              headers,
              ...(hasBody ? { body: sent } : {}),
              redirect: 'manual',
            });
            const text = await response.text();
            requests++;
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            const contentType = response.headers.get('content-type') ?? '';
            if (response.status >= 500) failures.push(`${route.method} ${route.path} -> ${response.status}: ${text.slice(0, 200)}`);
            else if (response.status >= 400 && !contentType.startsWith('application/problem+json')) {
              failures.push(`${route.method} ${route.path} -> ${response.status} as ${contentType}`);
            }
            // A path that still matches the route (no empty or dot segment) with U+0000 in a segment
            // or the query is refused as input, whoever asks, before anything else looks at it.
            const matches = input.values.every((value) => value !== '' && value !== '.' && value !== '..');
            const carriesNul = [...input.values, ...Object.keys(input.query), ...Object.values(input.query)].some((value) =>
              value.includes('\u0000'),
            );
            // A body that is not JSON is refused as such (415) before anything reads it, whatever else
            // is wrong, unless the path names nothing at all: a trailing slash (an empty last segment, or
            // `.`/`..` that the URL resolves away) is a 404 first.
            const trailingSlash = new URL(`${api.url}${path}`).pathname.endsWith('/');
            const notJson = sent.length > 0 && !input.contentType.startsWith('application/json') && !trailingSlash;
            if (notJson && response.status !== 415)
              failures.push(`${route.method} ${route.path} as ${input.contentType} -> ${response.status}, not 415`);
            if (!notJson && matches && carriesNul && response.status !== 400)
              failures.push(`${route.method} ${path}?${search} -> ${response.status}, not 400`);
            return response.status < 500;
          }),
          { numRuns: runsPerRoute, seed: Number(process.env.FUZZ_SEED ?? 20261123), endOnFailure: true },
        )
        .catch((error: unknown) => failures.push(`${route.method} ${route.path}: ${String(error).slice(0, 400)}`));
    }
    const summary = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    process.stdout.write(`fuzzed ${routes.length} routes, ${requests} requests (${runsPerRoute} per route): ${summary}\n`);
    expect(failures).toEqual([]);
  }, 600_000);
});
