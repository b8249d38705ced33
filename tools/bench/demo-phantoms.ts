import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { Household } from '@ketenregie/cases-domain';
import { countPhantoms, householdsByIdsAndExactKeys, planDemoRegion } from '@ketenregie/demo';
import type { PhantomCount } from '@ketenregie/demo';
import { startBenchApi } from './api/api-process';
import { startBenchServer } from './bench-postgres-server';

// Phantom members after a year of the demo region: loads the demo region (SEED_DEMO, its later
// intakes spelling known members otherwise, see demo-spellings.ts) through the real API process into
// a fresh database, waits until every read model has it, and counts in the case register the
// members who are a recognisable respelling of another member of their household. For comparison
// it replays the same plan with the merge by member ids and exact keys alone (the rule before
// intake identified members). Usage: npm run demo:phantoms [-- --scale 0.25]

const root = resolve(__dirname, '../..');
const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};
const scale = Number(argument('scale') ?? '1');
if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
  process.stderr.write('--scale must be a number above 0, at most 1\n');
  process.exit(2);
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

const query = async <T>(url: string, text: string, values: unknown[] = []): Promise<T[]> => {
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

const line = (label: string, count: PhantomCount): string =>
  `${label.padEnd(46)} ${String(count.phantoms).padStart(6)} phantom members in ${count.householdsWithPhantoms} of ${count.households} households (${count.members} members)`;

const main = async (): Promise<void> => {
  const server = await startBenchServer(log);
  const logDir = await mkdtemp(join(tmpdir(), 'ketenregie-phantoms-'));
  try {
    const databaseUrl = await server.createDatabase('phantoms');
    log(`loading the demo region at scale ${scale} through the API (about ${Math.ceil(5 * scale)} min on 2 cores)…`);
    const started = Date.now();
    const api = await startBenchApi({
      root,
      databaseUrl,
      logDir,
      env: { SEED_DEMO: 'true', DEMO_SCALE: String(scale), ORGANISATIONS_FILE: null, LOG_LEVEL: 'info' },
    });
    try {
      await waitFor('the demo region load', 3_600_000, async () => (await readFile(api.logFile, 'utf8')).includes('demo region loaded'));
      await waitFor('the read models catching up', 600_000, async () => {
        const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { projections?: { lag: number }[] };
        return (ready.projections ?? []).length > 0 && (ready.projections ?? []).every((projection) => projection.lag === 0);
      });
      log(`loaded and projected in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } finally {
      await api.stop();
    }

    // Now: the households as the case register holds them.
    const rows = await query<{ household: Household }>(databaseUrl, 'select household from case_summaries');
    const now = countPhantoms(rows.map((row) => row.household));

    // Before: the same plan (its settings are in the demo region's marker), merged by ids and exact keys.
    const [marker] = await query<{ data: { seed: number; scale: number; endsAt: string } }>(
      databaseUrl,
      `select data from event_store.es_events where stream_id = 'demo-region' order by stream_revision limit 1`,
    );
    const plan = planDemoRegion({ seed: marker.data.seed, scale: marker.data.scale, endsAt: new Date(marker.data.endsAt) });
    const before = countPhantoms(householdsByIdsAndExactKeys(plan));
    const { respelled, babies } = plan.stats.spellings;

    log('');
    log(
      `demo region: ${plan.cases.length} cases, ${plan.stats.reports} reports and ${plan.stats.adviceRequests} advice requests in the year`,
    );
    log(
      `later intakes wrote ${Object.values(respelled).reduce((sum, count) => sum + count, 0)} members otherwise ` +
        `(${Object.entries(respelled)
          .map(([kind, count]) => `${kind} ${count}`)
          .join(', ')}); ${babies} babies born into known families`,
    );
    log(line('case register (members identified at intake):', now));
    log(line('same intakes merged by ids and exact keys:', before));
    if (now.phantoms !== 0) process.exitCode = 1;
  } finally {
    await rm(logDir, { recursive: true, force: true });
    await server.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
