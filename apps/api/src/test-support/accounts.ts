import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountError, AccountStore } from '@ketenregie/access-server';
import { authSessionSchema } from '@ketenregie/contracts';
import type { AuthSession } from '@ketenregie/contracts';
import type { Role } from '@ketenregie/kernel';

export type TestUser = {
  userId: string;
  organisationId: string;
  displayName?: string;
  roles?: Role[];
};

export type SignedIn = {
  /** Send with every request: the session cookie and the CSRF token. */
  headers: { Cookie: string; 'X-CSRF-Token': string };
  cookie: string;
  csrfToken: string;
  session: AuthSession;
  /** The Set-Cookie header of the sign-in, for tests of its attributes. */
  setCookie: string;
};

export type TestAccounts = {
  store: AccountStore;
  dataSource: DataSource;
  /** Creates the account (username = user id) with this password, or gives an existing one this password. */
  create: (user: TestUser, password?: string) => Promise<string>;
  /** Creates the account if needed and signs in over HTTP. */
  signInAs: (apiUrl: string, user: TestUser) => Promise<SignedIn>;
  close: () => Promise<void>;
};

/** A password for a test account: long enough for the policy, different every run. */
export const testPassword = (): string => `test-${randomBytes(12).toString('base64url')}`;

/** The session cookie (`name=value`) out of a response's Set-Cookie headers. */
export const sessionCookieOf = (response: Response): { cookie: string; setCookie: string } | undefined => {
  for (const setCookie of response.headers.getSetCookie()) {
    const [pair] = setCookie.split(';');
    if (pair.startsWith('ketenregie_session=') && pair.length > 'ketenregie_session='.length) return { cookie: pair, setCookie };
  }
  return undefined;
};

/** Signs in over HTTP with a username and password, as the web app does. */
export const signIn = async (apiUrl: string, username: string, password: string): Promise<SignedIn> => {
  const response = await fetch(`${apiUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${username} answered ${response.status}: ${await response.text()}`);
  const session = authSessionSchema.parse(await response.json());
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error('sign-in set no session cookie');
  return {
    headers: { Cookie: cookie.cookie, 'X-CSRF-Token': session.csrfToken },
    cookie: cookie.cookie,
    csrfToken: session.csrfToken,
    session,
    setCookie: cookie.setCookie,
  };
};

/**
 * Accounts written straight into a test database with the app's own account store, then used
 * through the real sign-in endpoint: tests act as a signed-in user exactly as a browser does.
 */
export const testAccounts = async (databaseUrl: string): Promise<TestAccounts> => {
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, logging: false, applicationName: 'ketenregie-test-accounts' });
  await dataSource.initialize();
  const store = new AccountStore(dataSource);
  await store.ensureSchema();
  const passwords = new Map<string, string>();

  const create = async (user: TestUser, password = testPassword()): Promise<string> => {
    try {
      await store.create({
        id: user.userId,
        username: user.userId,
        displayName: user.displayName ?? user.userId,
        organisationId: user.organisationId,
        roles: user.roles ?? ['veilig-thuis-professional'],
        password,
      });
    } catch (error) {
      if (!(error instanceof AccountError) || (error.code !== 'username-taken' && error.code !== 'id-taken')) throw error;
      await store.setPassword(user.userId, password);
    }
    passwords.set(user.userId, password);
    return password;
  };

  return {
    store,
    dataSource,
    create,
    signInAs: async (apiUrl, user) => {
      const password = passwords.get(user.userId) ?? (await create(user));
      return signIn(apiUrl, user.userId, password);
    },
    close: () => dataSource.destroy(),
  };
};
