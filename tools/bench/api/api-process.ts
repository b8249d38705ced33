import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export type BenchApi = {
  url: string;
  pid: number;
  /** performance.now() of this process when the child was spawned; anchors its CPU profile. */
  spawnedAt: number;
  logFile: string;
  stop: () => Promise<void>;
};

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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const tail = (file: string, lines: number): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
};

/**
 * Starts the API exactly as `main.ts` runs in production (default log level, projections and the
 * deadline scheduler in-process), on its own database. Its log goes to a file rather than a pipe
 * into this process, so reading it costs the load generator nothing.
 */
export const startBenchApi = async (options: {
  root: string;
  databaseUrl: string;
  logDir: string;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Another server to start the same way (it must answer GET /health/ready); default the API. */
  entry?: string;
  /** Settings that replace the benchmark's own; null leaves a setting out (its default then applies). */
  env?: Record<string, string | null>;
}): Promise<BenchApi> => {
  const port = await freePort();
  const logFile = join(options.logDir, 'api.log');
  const errFile = join(options.logDir, 'api.err.log');
  const out = openSync(logFile, 'w');
  const err = openSync(errFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Settings of the developer's shell must not leak into the measured app.
  for (const name of ['EVENTSTORE_CONNECTION_STRING', 'DATA_DIR', 'LOG_LEVEL', 'WEB_DIST_DIR', 'DEADLINE_SCAN_INTERVAL_MS']) {
    delete env[name];
  }
  const spawnedAt = performance.now();
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    // The benchmark measures an empty region; the demo seed would also load the machine.
    SEED_DEMO: 'false',
    // The per-session API limit (default 1200 a minute) would cap the run within a second: the
    // benchmark measures what the app can do, so it is off here and the report says so.
    RATE_LIMIT_API_PER_MINUTE: '0',
    // The benchmark's two organisations, so the access policy lets its workers at their cases.
    ORGANISATIONS_FILE: join(options.root, 'tools/bench/api/bench-organisations.json'),
    // Required with DATABASE_URL; a fresh database per run, so a fresh key is fine.
    MASTER_KEY: randomBytes(32).toString('base64'),
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === null) delete childEnv[name];
    else childEnv[name] = value;
  }
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      join(options.root, 'tools/scripts/run-ts.cjs'),
      join(options.root, options.entry ?? 'apps/api/src/main.ts'),
    ],
    {
      cwd: options.root,
      env: childEnv,
      stdio: ['ignore', out, err],
    },
  );
  closeSync(out);
  closeSync(err);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`the API exited during start-up:\n${tail(errFile, 20)}\n${tail(logFile, 20)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not become ready in time:\n${tail(errFile, 20)}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  return {
    url,
    pid: child.pid ?? 0,
    spawnedAt,
    logFile,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
};
