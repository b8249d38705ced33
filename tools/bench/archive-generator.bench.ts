// The national-archive generator's rate at 100k and 1M events, each into a fresh database:
//   npm run bench:archive-generator [-- --sizes 100000,1000000] [--workers <n>] [--region-share <0..1>]
// Uses DATABASE_URL or an embedded server in a temporary directory; writes
// bench/results/archive-generator.json. The machine's load is recorded with each figure, since on a
// shared machine it decides most of the result, and so is the CPU per 1,000 events of this process
// (all its threads) and of PostgreSQL, which moves far less with the load. `--workers 0` generates
// and seals on the main thread.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EncryptingEventStore, FamilyKeyStore } from '@ketenregie/access-server';
import { ARCHIVE_EVENTS_PER_CASE, DEFAULT_DEMO_REGION_SHARE, seedArchive } from '@ketenregie/demo';
import { createPostgresEventStore, createProgressReporter } from '@ketenregie/event-store';
import { ensureFeedbackDeliverySchema, recordPastDeliveries } from '@ketenregie/feedback-server';
import type { PastDelivery } from '@ketenregie/feedback-server';
import { archivePersonalDataRegistry } from '../scripts/archive/archive-personal-data';
import { startArchiveWorkers } from '../scripts/archive/archive-workers';
import { startBenchServer } from './bench-postgres-server';
import { startCpuProbe } from './process-cpu';

const sizesArgument = (): number[] => {
  const index = process.argv.indexOf('--sizes');
  const text = index >= 0 ? process.argv[index + 1] : '100000,1000000';
  return (text ?? '')
    .split(',')
    .map(Number)
    .filter((size) => Number.isInteger(size) && size > 0);
};

const numberArgument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number`);
  return value;
};

const main = async (): Promise<void> => {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = await startBenchServer(log);
  const runs: Record<string, unknown>[] = [];
  const workers = numberArgument('--workers', cpus().length);
  const regionShare = numberArgument('--region-share', DEFAULT_DEMO_REGION_SHARE);
  try {
    for (const size of sizesArgument()) {
      const url = await server.createDatabase('archive_generator');
      const dataSource = new DataSource({ type: 'postgres', url, logging: false, poolSize: 2 });
      await dataSource.initialize();
      const store = await createPostgresEventStore({ connectionString: url, poolSize: 4 });
      const keys = new FamilyKeyStore(dataSource, randomBytes(32), { asyncKeyCommits: true, cacheMaxEntries: 100_000 });
      await keys.ensureSchema();
      const sealing = new EncryptingEventStore(store, keys, archivePersonalDataRegistry);
      await ensureFeedbackDeliverySchema(dataSource);
      const recordDeliveries = (deliveries: PastDelivery[]) => recordPastDeliveries(dataSource, deliveries);
      // The size in events is reached by cases at the generator's average.
      const cases = Math.ceil(size / ARCHIVE_EVENTS_PER_CASE);
      const reporter = createProgressReporter({ label: `archive ${size}`, stream: process.stderr });
      const loadBefore = loadavg()[0];
      const archive = { seed: 1, endsAt: new Date('2026-12-01T00:00:00Z'), regionShare };
      const producer = workers > 0 ? startArchiveWorkers(workers, archive, keys, store, recordDeliveries) : undefined;
      await producer?.ready;
      const probe = startCpuProbe(server.postmasterPid);
      const result = await seedArchive(
        {
          ...archive,
          cases,
          onProgress: (progress) => reporter.update(progress.events, Math.round((progress.events / progress.cases) * cases)),
        },
        producer ?? {
          prepareFamilies: async (familyIds) => {
            await keys.createKeys(familyIds);
          },
          seal: (streamId, events) => sealing.sealEvents(streamId, events),
          recordDeliveries,
          appendToNewStreams: (streams) => store.appendToNewStreams(streams),
        },
      );
      const cpu = probe();
      await producer?.close();
      reporter.finish(result.events, result.events);
      const run = {
        targetEvents: size,
        cases: result.cases,
        events: result.events,
        openCases: result.openCases,
        seconds: result.elapsedMs / 1000,
        eventsPerSecond: Math.round(result.events / (result.elapsedMs / 1000)),
        workers,
        regionShare,
        clientCpuMsPerThousandEvents: Math.round((cpu.clientMs * 1000 * 10) / result.events) / 10,
        serverCpuMsPerThousandEvents: cpu.serverMs === null ? null : Math.round((cpu.serverMs * 1000 * 10) / result.events) / 10,
        loadAverage1m: { before: loadBefore, after: loadavg()[0] },
      };
      runs.push(run);
      log(JSON.stringify(run));
      await store.close();
      await dataSource.destroy();
    }
  } finally {
    await server.stop();
  }
  const report = { benchmark: 'archive-generator', at: new Date().toISOString(), cores: cpus().length, embedded: server.embedded, runs };
  await mkdir('bench/results', { recursive: true });
  await writeFile(join('bench/results', 'archive-generator.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`bench:archive-generator failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
