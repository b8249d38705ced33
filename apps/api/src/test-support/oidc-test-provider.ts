import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export type OidcTestAccount = { email?: string; email_verified?: boolean; name?: string };

export type RunningOidcProvider = { issuer: string; stderr: () => string; stop: () => Promise<void> };

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** Starts oidc-provider (see oidc-provider.mjs) in a child process and resolves with its issuer. */
export const startOidcProvider = async (options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, OidcTestAccount>;
  timeoutMs?: number;
}): Promise<RunningOidcProvider> => {
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_CLIENT_ID: options.clientId,
      OIDC_TEST_CLIENT_SECRET: options.clientSecret,
      OIDC_TEST_REDIRECT_URI: options.redirectUri,
      OIDC_TEST_ACCOUNTS: JSON.stringify(options.accounts),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`OIDC provider did not start:\n${stderr}`)), options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"issuer"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { issuer: string }).issuer);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`OIDC provider exited during start-up:\n${stderr}`));
    });
  });
  return {
    issuer,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};
