import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startBenchApi } from './api/api-process';

// What the demo-region scripts share: their `--scale` argument, their report lines, and loading
// the demo region through the real API process into a database until every read model has it.

const root = resolve(__dirname, '../..');

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};

/** `--scale`, above 0 and at most 1 (default 1): the share of the demo region's year to load. */
export const demoScaleArgument = (): number => {
  const scale = Number(argument('scale') ?? '1');
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    process.stderr.write('--scale must be a number above 0, at most 1\n');
    process.exit(2);
  }
  return scale;
};

export const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export const query = async <T>(url: string, text: string, values: unknown[] = []): Promise<T[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
};

const waitFor = async (what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
};

export type DemoLoad = { loadedMs: number; projectedMs: number };

/**
 * Starts the API with SEED_DEMO on `databaseUrl`, waits until it logged the region loaded and every
 * projection's lag is 0, and stops it: what is measured afterwards is what a visitor would see.
 */
export const loadDemoRegion = async (databaseUrl: string, scale: number, minutesPerScale: number): Promise<DemoLoad> => {
  const logDir = await mkdtemp(join(tmpdir(), 'ketenregie-demo-load-'));
  try {
    log(`loading the demo region at scale ${scale} through the API (about ${Math.ceil(minutesPerScale * scale)} min on 2 cores)…`);
    const started = Date.now();
    const api = await startBenchApi({
      root,
      databaseUrl,
      logDir,
      env: { SEED_DEMO: 'true', DEMO_SCALE: String(scale), ORGANISATIONS_FILE: null, LOG_LEVEL: 'info' },
    });
    let loadedMs = 0;
    try {
      await waitFor('the demo region load', 3_600_000, async () => (await readFile(api.logFile, 'utf8')).includes('demo region loaded'));
      loadedMs = Date.now() - started;
      await waitFor('the read models catching up', 600_000, async () => {
        const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { projections?: { lag: number }[] };
        return (ready.projections ?? []).length > 0 && (ready.projections ?? []).every((projection) => projection.lag === 0);
      });
    } finally {
      await api.stop();
    }
    const projectedMs = Date.now() - started;
    log(`loaded in ${(loadedMs / 1000).toFixed(0)} s, projected in ${(projectedMs / 1000).toFixed(0)} s`);
    return { loadedMs, projectedMs };
  } finally {
    await rm(logDir, { recursive: true, force: true });
  }
};
