import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { e2eAccounts } from './accounts';

const repoRoot = resolve(__dirname, '../../../..');
const apiEntry = join(repoRoot, 'dist/api/apps/api/src/main.js');
const organisationsFile = join(repoRoot, 'apps/api/src/access/testing/test-organisations.json');
const readyTimeoutMs = 90_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? done(address.port) : fail(new Error('no port'))));
    });
  });

const waitForReady = async (baseUrl: string, child: ChildProcess, output: string[]) => {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output.join('').slice(-3000)}`);
    try {
      const response = await fetch(new URL('/health/ready', baseUrl), { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`GET /health/ready did not answer 200 within ${readyTimeoutMs / 1000} s:\n${output.join('').slice(-3000)}`);
};

/** Creates an account the way an operator does, with `npm run accounts -- create`. */
const createAccount = (dataDir: string, account: (typeof e2eAccounts)[keyof typeof e2eAccounts], password: string) =>
  new Promise<void>((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'tools/scripts/run-ts.cjs'),
        join(repoRoot, 'tools/scripts/accounts.ts'),
        'create',
        '--username',
        account.username,
        '--name',
        account.name,
        '--organisation',
        account.organisation,
        '--role',
        account.role,
      ],
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, ORGANISATIONS_FILE: organisationsFile, LOG_LEVEL: 'warn' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`accounts create ${account.username} exited with ${code}: ${output.trim()}`)),
    );
    child.stdin.end(`${password}\n`);
  });

/**
 * Starts the built API on a free port with its own data directory and the test organisations, and
 * creates one account per role. Answers the teardown, which stops the API and its PostgreSQL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(apiEntry)) throw new Error('dist/api is missing: run `npm run build` before `npm run test:e2e`');
  // The JavaScript each page loads, of the very build under test: a measurement printed with
  // every run (the target is in the report), not a test that fails.
  spawnSync(process.execPath, [join(repoRoot, 'tools/scripts/bundle-report.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  const port = await freePort();
  // mkdtemp makes a 0700 directory; PostgreSQL runs as its own system user and must pass through.
  const tempDir = mkdtempSync(join(tmpdir(), 'ketenregie-e2e-'));
  chmodSync(tempDir, 0o755);
  const dataDir = join(tempDir, 'data');
  const output: string[] = [];
  const child = spawn(process.execPath, [apiEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      ORGANISATIONS_FILE: organisationsFile,
      // Every test person signs in from this one address, many times a minute; the limit itself has its API tests.
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so the embedded PostgreSQL it starts can be stopped with it.
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise((done) => child.once('exit', done));

  const signalGroup = (signal: NodeJS.Signals | 0) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
    }
    signalGroup('SIGTERM');
    for (let waited = 0; waited < 10_000 && signalGroup(0); waited += 200) await sleep(200);
    signalGroup('SIGKILL');
    rmSync(tempDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(baseUrl, child, output);
    const password = `e2e ${randomBytes(18).toString('base64url')}`;
    for (const account of Object.values(e2eAccounts)) await createAccount(dataDir, account, password);
    process.env.E2E_BASE_URL = baseUrl;
    process.env.E2E_PASSWORD = password;
    process.env.E2E_DATA_DIR = dataDir;
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
