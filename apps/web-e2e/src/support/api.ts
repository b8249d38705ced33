import type { APIRequestContext } from '@playwright/test';
import { request } from '@playwright/test';
import type { E2eAccount } from './accounts';
import { e2eAccounts, serverFromEnvironment } from './accounts';

/**
 * The API as one of the test people, for setting up what a journey starts from (cases another
 * role made earlier) without clicking through it again. Every call goes over real HTTP with the
 * session cookie, the CSRF token and an Idempotency-Key, as the web app sends them.
 */
export type ApiSession = {
  context: APIRequestContext;
  get: <T = unknown>(path: string) => Promise<T>;
  /** A command; answers the parsed body and throws with the problem text on anything but 2xx. */
  send: <T = CommandResult>(path: string, body?: unknown, options?: { ifMatch?: string; method?: 'POST' | 'PUT' | 'PATCH' }) => Promise<T>;
  dispose: () => Promise<void>;
};

export type CommandResult = { caseId: string; version: number; checkpoint: string; events: string[]; ids: Record<string, string> };

let keyCounter = 0;

export const apiAs = async (account: E2eAccount): Promise<ApiSession> => {
  const { baseUrl, password } = serverFromEnvironment();
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { Accept: 'application/json' } });
  const signedIn = await context.post('/api/v1/auth/sign-in', { data: { username: e2eAccounts[account].username, password } });
  if (!signedIn.ok()) throw new Error(`sign-in as ${account} answered ${signedIn.status()}: ${await signedIn.text()}`);
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  const url = (path: string) => (path.startsWith('/api/') ? path : `/api/v1${path}`);
  return {
    context,
    get: async <T>(path: string) => {
      const response = await context.get(url(path));
      if (!response.ok()) throw new Error(`GET ${path} answered ${response.status()}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    send: async <T>(path: string, body?: unknown, options: { ifMatch?: string; method?: 'POST' | 'PUT' | 'PATCH' } = {}) => {
      keyCounter += 1;
      const response = await context.fetch(url(path), {
        method: options.method ?? 'POST',
        data: body ?? {},
        headers: {
          'Content-Type': 'application/json',
          'X-CSRF-Token': csrfToken,
          'Idempotency-Key': `e2e-${Date.now()}-${keyCounter}`,
          ...(options.ifMatch ? { 'If-Match': options.ifMatch } : {}),
        },
      });
      if (!response.ok()) throw new Error(`${options.method ?? 'POST'} ${path} answered ${response.status()}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    dispose: () => context.dispose(),
  };
};
