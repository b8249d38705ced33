import { randomBytes } from 'node:crypto';
import { authSessionSchema, problemSchema } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { TestAccounts } from '../test-support/accounts';
import { parseAccountsArgs, runAccountsCommand } from '@ketenregie/access-server';
import { sessionCookieOf, testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';
import type { RunningOidcProvider } from '../test-support/oidc-test-provider';
import { freePort, startOidcProvider } from '../test-support/oidc-test-provider';

// Invented professionals at an invented municipality's identity provider.
const providerAccounts = {
  'idp-subject-anna': { email: 'anna.devries@merwestad.example', email_verified: true, name: 'A. de Vries' },
  'idp-subject-bram': { email: 'bram.visser@merwestad.example', email_verified: true, name: 'B. Visser' },
  'idp-subject-unverified': { email: 'carla.bakker@merwestad.example', email_verified: false, name: 'C. Bakker' },
  'idp-subject-stranger': { email: 'onbekend@merwestad.example', email_verified: true, name: 'Onbekend' },
  // Whoever the provider vouches for under Dirk's address, which is also his password account's username.
  'idp-subject-dirk': { email: 'dirk.smit@merwestad.example', email_verified: true, name: 'D. Smit' },
};

type CookieJar = Map<string, string>;

const keepCookies = (jar: CookieJar, response: Response): void => {
  for (const setCookie of response.headers.getSetCookie()) {
    const [pair, ...attributes] = setCookie.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute) || /^expires=thu, 01 jan 1970/i.test(attribute));
    if (value === '' || expired) jar.delete(name);
    else jar.set(name, value);
  }
};

const cookieHeader = (jar: CookieJar): string => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/** The first form of a page: where it posts and its fields with their values. */
const formOf = (html: string): { action: string; fields: Record<string, string> } => {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form on the provider's page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input)?.[1] ?? '';
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
};

describe('OpenID Connect sign-in against a real provider (oidc-provider, real HTTP)', () => {
  let database: TestDatabase;
  let provider: RunningOidcProvider;
  let api: RunningApiProcess;
  let accounts: TestAccounts;
  const clientId = 'ketenregie-test';
  const clientSecret = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    const started = Date.now();
    database = await createTestDatabase('auth_oidc');
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
    provider = await startOidcProvider({ clientId, clientSecret, redirectUri, accounts: providerAccounts });
    api = await startApiProcess({
      DATABASE_URL: database.url,
      PORT: String(port),
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URL: redirectUri,
    });
    accounts = await testAccounts(database.url);
    // Linked explicitly to its subject; Bram (made for OpenID Connect: no password) by his e-mail
    // address as username; Carla too, but her provider has not verified that address; Dirk has a
    // password account under his e-mail address.
    await accounts.store.create({
      id: 'vt-anna',
      username: 'vt-anna',
      displayName: 'Anna de Vries',
      organisationId: 'vt-zhz',
      roles: ['veilig-thuis-professional'],
      oidc: { issuer: provider.issuer, subject: 'idp-subject-anna' },
    });
    await accounts.store.create({
      id: 'ts-bram',
      username: 'Bram.Visser@merwestad.example',
      displayName: 'Bram Visser',
      organisationId: 'ts-merwestad',
      roles: ['team-sociaal-consultant'],
    });
    await accounts.store.create({
      id: 'ts-carla',
      username: 'carla.bakker@merwestad.example',
      displayName: 'Carla Bakker',
      organisationId: 'ts-merwestad',
      roles: ['team-sociaal-consultant'],
    });
    await accounts.create({ userId: 'ts-dirk', organisationId: 'ts-merwestad', roles: ['team-sociaal-consultant'] });
    await accounts.dataSource.query(`update auth_accounts set username = 'dirk.smit@merwestad.example' where id = 'ts-dirk'`);
    process.stdout.write(`OIDC test set-up (provider, API, accounts): ${Date.now() - started} ms\n`);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await provider?.stop();
    await accounts?.close();
    await database?.drop();
  });

  /** The whole authorization code flow as a browser does it: API, provider's login and consent, callback. */
  const signInAtProvider = async (subject: string, returnTo = '/zaken/123?tab=plan') => {
    const apiJar: CookieJar = new Map();
    const providerJar: CookieJar = new Map();
    const start = await fetch(`${api.url}/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    keepCookies(apiJar, start);
    expect([...apiJar.keys()]).toEqual(['ketenregie_oidc']);
    let location = start.headers.get('location') ?? '';
    const authorization = new URL(location);
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();

    for (let step = 0; !location.startsWith(`${api.url}/api/v1/auth/oidc/callback`); step++) {
      if (step > 20) throw new Error('the provider kept redirecting');
      let response = await fetch(new URL(location, provider.issuer), {
        redirect: 'manual',
        headers: { Cookie: cookieHeader(providerJar) },
      });
      keepCookies(providerJar, response);
      if (response.status === 200) {
        const form = formOf(await response.text());
        const fields = { ...form.fields };
        if ('login' in fields) Object.assign(fields, { login: subject, password: 'any-password' });
        response = await fetch(new URL(form.action, provider.issuer), {
          method: 'POST',
          redirect: 'manual',
          headers: { Cookie: cookieHeader(providerJar), 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
        keepCookies(providerJar, response);
      }
      if (response.status < 300 || response.status >= 400)
        throw new Error(`provider answered ${response.status}: ${await response.text()}`);
      location = new URL(response.headers.get('location') ?? '', provider.issuer).href;
    }
    const callback = await fetch(location, { redirect: 'manual', headers: { Cookie: cookieHeader(apiJar) } });
    return { callback, callbackUrl: location, apiJar };
  };

  it('tells the sign-in page, without a session, that the organisation account is on offer', async () => {
    const response = await fetch(`${api.url}/api/v1/auth/sign-in-options`);
    expect(await response.json()).toEqual({ oidc: true, demoAccounts: false });
  });

  it('signs in a user whose account is linked to the provider subject, with Ketenregie roles', async () => {
    const started = Date.now();
    const { callback } = await signInAtProvider('idp-subject-anna');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/zaken/123?tab=plan');
    const cookie = sessionCookieOf(callback);
    expect(cookie?.setCookie).toContain('HttpOnly');
    expect(callback.headers.getSetCookie().some((value) => value.startsWith('ketenregie_oidc=;'))).toBe(true);

    const session = await fetch(`${api.url}/api/v1/auth/session`, { headers: { Cookie: cookie?.cookie ?? '' } });
    expect(session.status).toBe(200);
    const body = authSessionSchema.parse(await session.json());
    // The account's name and roles, not the provider's.
    expect(body.user).toEqual({
      userId: 'vt-anna',
      displayName: 'Anna de Vries',
      organisationId: 'vt-zhz',
      organisationName: 'Veilig Thuis Zuid-Holland Zuid',
      roles: ['veilig-thuis-professional'],
    });
    const worklist = await fetch(`${api.url}/api/v1/worklists/my-cases`, { headers: { Cookie: cookie?.cookie ?? '' } });
    expect(worklist.status).toBe(200);
    const [stored] = (await accounts.dataSource.query('select authenticated_by from auth_sessions where account_id = $1', ['vt-anna'])) as {
      authenticated_by: string;
    }[];
    expect(stored.authenticated_by).toBe(provider.issuer);
    process.stdout.write(`OIDC code flow, start to session: ${Date.now() - started} ms\n`);
  });

  it('links an account by the verified e-mail address on the first sign-in, and by the subject afterwards', async () => {
    const first = await signInAtProvider('idp-subject-bram', '/');
    expect(first.callback.status).toBe(302);
    expect(first.callback.headers.get('location')).toBe('/');
    expect((await accounts.store.findById('ts-bram'))?.oidc).toEqual({ issuer: provider.issuer, subject: 'idp-subject-bram' });
    // A later change of username does not matter any more: the link holds.
    await accounts.dataSource.query(`update auth_accounts set username = 'bram.visser' where id = 'ts-bram'`);
    const second = await signInAtProvider('idp-subject-bram', '/');
    const cookie = sessionCookieOf(second.callback)?.cookie ?? '';
    const body = authSessionSchema.parse(await (await fetch(`${api.url}/api/v1/auth/session`, { headers: { Cookie: cookie } })).json());
    expect(body.user.userId).toBe('ts-bram');
  });

  it('refuses a subject linked to no account, and an e-mail address the provider did not verify', async () => {
    for (const subject of ['idp-subject-stranger', 'idp-subject-unverified']) {
      const { callback } = await signInAtProvider(subject);
      expect({ subject, status: callback.status }).toEqual({ subject, status: 403 });
      const problem = problemSchema.parse(await callback.json());
      expect(problem.type).toBe('urn:ketenregie:problem:auth.oidc-no-account');
      expect(sessionCookieOf(callback)).toBeUndefined();
    }
    expect((await accounts.store.findById('ts-carla'))?.oidc).toBeNull();
  });

  it('never links a password account by its e-mail address; an administrator links it explicitly', async () => {
    const refused = await signInAtProvider('idp-subject-dirk');
    expect(refused.callback.status).toBe(403);
    expect(problemSchema.parse(await refused.callback.json()).type).toBe('urn:ketenregie:problem:auth.oidc-no-account');
    expect(sessionCookieOf(refused.callback)).toBeUndefined();
    expect((await accounts.store.findById('ts-dirk'))?.oidc).toBeNull();

    const command = parseAccountsArgs([
      'link-oidc',
      '--username',
      'dirk.smit@merwestad.example',
      '--oidc-issuer',
      provider.issuer,
      '--oidc-subject',
      'idp-subject-dirk',
    ]);
    await runAccountsCommand(command, accounts.store, () => Promise.reject(new Error('no password is asked for')));
    const linked = await signInAtProvider('idp-subject-dirk', '/');
    expect(linked.callback.status).toBe(302);
    const cookie = sessionCookieOf(linked.callback)?.cookie ?? '';
    const body = authSessionSchema.parse(await (await fetch(`${api.url}/api/v1/auth/session`, { headers: { Cookie: cookie } })).json());
    expect(body.user.userId).toBe('ts-dirk');
  });

  it('refuses a callback replayed, or opened without the browser cookie of its start', async () => {
    const { callback, callbackUrl, apiJar } = await signInAtProvider('idp-subject-anna');
    expect(callback.status).toBe(302);
    // The flow can be finished once.
    const replay = await fetch(callbackUrl, { redirect: 'manual', headers: { Cookie: cookieHeader(apiJar) } });
    expect(replay.status).toBe(400);
    // A code handed to another browser signs nobody in there.
    const elsewhere = await fetch(callbackUrl, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(sessionCookieOf(elsewhere)).toBeUndefined();
  });

  it('only returns to a path of Ketenregie itself', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'zaken']) {
      const response = await fetch(`${api.url}/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      expect({ returnTo, status: response.status }).toEqual({ returnTo, status: 400 });
    }
  });
});
