import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testOrganisationsFile } from '../access/testing/test-organisations';
import { findRepoRoot } from '../config/repo-root';

// The API runs as a child process, started by `main.ts` exactly as in production: that covers the
// entry point and signal handling too, and it is the only way to see the exit code and the one
// stderr line an operator gets.
const root = findRepoRoot();
const apiSettings = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'EVENTSTORE_CONNECTION_STRING',
  'DATA_DIR',
  'LOG_LEVEL',
  'WEB_DIST_DIR',
  'TRUST_PROXY',
  'SESSION_IDLE_TIMEOUT_SECONDS',
  'SESSION_ABSOLUTE_TIMEOUT_SECONDS',
  'SIGN_IN_MAX_FAILURES',
  'SIGN_IN_LOCKOUT_SECONDS',
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URL',
  'RATE_LIMIT_SIGN_IN_PER_MINUTE',
  'RATE_LIMIT_API_PER_MINUTE',
  'ORGANISATIONS_FILE',
];

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type ApiProcess = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
};

export type RunningApiProcess = ApiProcess & {
  url: string;
  stop: (signal?: NodeJS.Signals) => Promise<Exit>;
};

export const spawnApi = (env: Record<string, string>): ApiProcess => {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of apiSettings) delete childEnv[name];
  const child = spawn(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), join(root, 'apps/api/src/main.ts')], {
    cwd: root,
    // Tests write their own cases into an empty store; the demo region is opted into explicitly.
    // Tests sign in dozens of accounts from one address in seconds; the limits have their own test.
    env: {
      ...childEnv,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000',
      RATE_LIMIT_API_PER_MINUTE: '0',
      // The test accounts' organisations, so the access policy knows them.
      ORGANISATIONS_FILE: testOrganisationsFile,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
};

/** Runs until the process exits on its own (a start-up failure); kills it after `timeoutMs`. */
export const runApiToExit = async (env: Record<string, string>, timeoutMs = 60_000): Promise<Exit & { stdout: string; stderr: string }> => {
  const api = spawnApi(env);
  const timer = setTimeout(() => api.child.kill('SIGKILL'), timeoutMs);
  const exit = await api.exited;
  clearTimeout(timer);
  return { ...exit, stdout: api.stdout(), stderr: api.stderr() };
};

/** Starts the API and resolves once it logged the address it listens on. */
export const startApiProcess = async (env: Record<string, string>, timeoutMs = 60_000): Promise<RunningApiProcess> => {
  const api = spawnApi(env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start within ${timeoutMs} ms:\n${api.stderr()}`)), timeoutMs);
    const check = (): void => {
      for (const line of api.stdout().split('\n')) {
        if (!line.includes('"url"')) continue;
        const entry = JSON.parse(line) as { url?: string };
        if (entry.url) {
          clearTimeout(timer);
          api.child.stdout?.off('data', check);
          resolve(entry.url);
          return;
        }
      }
    };
    api.child.stdout?.on('data', check);
    void api.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`API exited during start-up (${JSON.stringify(exit)}):\n${api.stderr()}\n${api.stdout()}`));
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> => {
    if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill(signal);
    return api.exited;
  };
  return { ...api, url, stop };
};

/** Lines the API wrote to stdout, parsed. */
export const logEntries = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
