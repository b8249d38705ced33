/**
 * `npm run bench:oracles [-- --quick] [-- --tries N]`: can an outsider tell from the response time
 * that a username or a case exists? The real API (its own process, started as `main.ts` runs in
 * production) on a fresh database of an embedded PostgreSQL with default durability (fsync and
 * synchronous commit on, unlike the test server). Per scenario it times the existing and the
 * unknown variant one request at a time, interleaved, and prints median and mean per group, the
 * difference and the Mann–Whitney z (|z| < 3: not told apart). Writes bench/results/oracles.json
 * (a quick run writes nothing).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeComparison, measureInterleaved } from '@ketenregie/testing';
import type { TimingComparison } from '@ketenregie/testing';
import { testAccounts } from '../../apps/api/src/test-support/accounts';
import { startApiProcess } from '../../apps/api/src/test-support/api-process';
import { oracleScenarios } from '../../apps/api/src/test-support/timing-oracles';
import { readServerFacts, startBenchServer } from './bench-postgres-server';
import { machineFacts } from './machine-facts';

const root = resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const triesArgument = process.argv.indexOf('--tries');
const tries = triesArgument > 0 ? Number(process.argv[triesArgument + 1]) : quick ? 200 : 500;
const warmUp = 20;

const log = (line: string): void => {
  process.stderr.write(`[bench:oracles] ${line}\n`);
};

const main = async (): Promise<void> => {
  if (!Number.isInteger(tries) || tries < 10) throw new Error('--tries needs a whole number of at least 10');
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const server = await startBenchServer(log);
  const results: { title: string; comparison: TimingComparison }[] = [];
  try {
    const databaseUrl = await server.createDatabase('oracles');
    const api = await startApiProcess(
      {
        DATABASE_URL: databaseUrl,
        MASTER_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
        // The test organisations, named by path: outside jest, `test-organisations` resolves to the
        // JSON file rather than the module that names it.
        ORGANISATIONS_FILE: join(root, 'apps/api/src/access/testing/test-organisations.json'),
      },
      120_000,
    );
    const accounts = await testAccounts(databaseUrl);
    try {
      log(`setting up accounts and a case (${tries} tries per group)`);
      const scenarios = await oracleScenarios(api.url, accounts, tries + warmUp);
      for (const scenario of scenarios) {
        log(scenario.title);
        const comparison = await measureInterleaved(scenario.existing, scenario.unknown, tries, { warmUp });
        results.push({ title: scenario.title, comparison });
        process.stdout.write(`${describeComparison(scenario.title, comparison)}\n\n`);
      }
    } finally {
      await accounts.close();
      await api.stop();
    }
    const facts = machineFacts({ serverFacts: await readServerFacts(server.url), embedded: server.embedded, loadBefore, startedAt, quick });
    if (!quick) {
      const directory = join(root, 'bench/results');
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, 'oracles.json'), `${JSON.stringify({ machine: facts, tries, results }, null, 2)}\n`);
      log('wrote bench/results/oracles.json');
    }
  } finally {
    await server.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
