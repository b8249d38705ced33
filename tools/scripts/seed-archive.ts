// Writes a national archive of invented case history for measurements (family lookup, worklists,
// rebuilds): realistic, varied case streams decided by the real case decider, with the feedback to
// their referrers the live system would have written at each milestone (and how each mail's
// delivery ended, also in the delivery worker's ledger, so history is never mailed), sealed with
// the families' keys as the command path seals them, and appended in large batches.
//   npm run seed:archive -- --cases <n> [--seed <s>] [--database-url <url>] [--truth <file>] [--batch-events <n>]
//                           [--workers <n>] [--region-share <0..1>]
// Cases are generated and sealed in worker threads (one per core unless --workers says otherwise;
// 0 keeps it all on the main thread); the archive is the same whatever their number. A share of
// the cases (--region-share, 0.2 unless given) lies in the demo region, the others in invented
// regions outside the demo directory, as a national archive would.
// The database comes from the API's configuration (DATABASE_URL, or the embedded server in
// DATA_DIR) unless --database-url names one; the master key likewise (MASTER_KEY, or the key file
// in DATA_DIR). The ground truth (which family each case is, and the misspellings later reports
// use) goes to a JSON-lines file; the progress bar to stderr, without any personal data.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { EncryptingEventStore, FamilyKeyStore } from '@ketenregie/access-server';
import { DEFAULT_DEMO_REGION_SHARE, seedArchive } from '@ketenregie/demo';
import type { ArchiveDelivery } from '@ketenregie/demo';
import { createPostgresEventStore, createProgressReporter } from '@ketenregie/event-store';
import { ensureFeedbackDeliverySchema, recordPastDeliveries, skipImportedHistory } from '@ketenregie/feedback-server';
import { loadConfig } from '../../apps/api/src/config/config';
import { resolveMasterKey } from '../../apps/api/src/erasure/master-key';
import { isStartupError } from '../../apps/api/src/startup-error';
import { archivePersonalDataRegistry } from './archive/archive-personal-data';
import { startArchiveWorkers } from './archive/archive-workers';
import { openDatabase } from './open-database';

const USAGE =
  'usage: npm run seed:archive -- --cases <n> [--seed <s>] [--database-url <url>] [--truth <file>] [--batch-events <n>] [--ends-at <ISO date>] [--workers <n>] [--region-share <0..1>]';

type Arguments = {
  cases: number;
  seed: number;
  databaseUrl?: string;
  truth: string;
  batchEvents: number;
  endsAt: Date;
  workers: number;
  regionShare: number;
};

const parseArguments = (argv: string[]): Arguments | string => {
  const parsed: Partial<Arguments> = {
    seed: 1,
    batchEvents: 5_000,
    endsAt: new Date(),
    workers: cpus().length,
    regionShare: DEFAULT_DEMO_REGION_SHARE,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const option = argv[index];
    const value = argv[index + 1];
    const whole = (): number | undefined => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);
    index += 1;
    switch (option) {
      case '--cases':
        parsed.cases = whole();
        if (!parsed.cases) return '--cases needs a positive whole number';
        break;
      case '--seed':
        parsed.seed = whole();
        if (parsed.seed === undefined) return '--seed needs a whole number';
        break;
      case '--batch-events':
        parsed.batchEvents = whole();
        if (!parsed.batchEvents) return '--batch-events needs a positive whole number';
        break;
      case '--workers':
        parsed.workers = whole();
        if (parsed.workers === undefined) return '--workers needs a whole number';
        break;
      case '--region-share':
        parsed.regionShare = value !== undefined && /^(0(\.\d+)?|1(\.0+)?)$/.test(value) ? Number(value) : undefined;
        if (parsed.regionShare === undefined) return '--region-share needs a number from 0 to 1';
        break;
      case '--database-url':
        if (!value) return '--database-url needs a URL';
        parsed.databaseUrl = value;
        break;
      case '--truth':
        if (!value) return '--truth needs a file name';
        parsed.truth = value;
        break;
      case '--ends-at':
        parsed.endsAt = new Date(value ?? '');
        if (Number.isNaN(parsed.endsAt.getTime())) return '--ends-at needs an ISO date';
        break;
      default:
        return `unknown option ${option}`;
    }
  }
  if (!parsed.cases) return '--cases is required';
  return { ...parsed, truth: parsed.truth ?? `bench/results/archive-truth-${parsed.seed}.jsonl` } as Arguments;
};

const main = async (): Promise<number> => {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  if (args.databaseUrl) process.env['DATABASE_URL'] = args.databaseUrl;
  const config = loadConfig();
  const masterKey = config.databaseUrl ? await resolveMasterKey(config) : undefined;
  const database = await openDatabase('ketenregie-seed-archive');
  const store = await createPostgresEventStore({ connectionString: database.url, poolSize: 4 });
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const keys = new FamilyKeyStore(database.dataSource, (masterKey ?? (await resolveMasterKey(config))).key, {
      asyncKeyCommits: true,
      cacheMaxEntries: 100_000,
    });
    await keys.ensureSchema();
    await keys.verifyMasterKey();
    const sealing = new EncryptingEventStore(store, keys, archivePersonalDataRegistry);
    await ensureFeedbackDeliverySchema(database.dataSource);
    const recordDeliveries = (deliveries: ArchiveDelivery[]) => recordPastDeliveries(database.dataSource, deliveries);
    const truthFile = resolve(args.truth);
    await mkdir(dirname(truthFile), { recursive: true });
    const truth = createWriteStream(truthFile);
    truth.write(
      `${JSON.stringify({ kind: 'archive', seed: args.seed, cases: args.cases, endsAt: args.endsAt.toISOString(), demoRegion: 'demo-vt', demoRegionShare: args.regionShare })}\n`,
    );
    const importedAfter = await store.headCheckpoint();
    const reporter = createProgressReporter({ label: 'seed:archive', stream: process.stderr });
    const archive = { seed: args.seed, endsAt: args.endsAt, regionShare: args.regionShare };
    const workers = args.workers > 0 ? startArchiveWorkers(args.workers, archive, keys, store, recordDeliveries) : undefined;
    const result = await seedArchive(
      {
        ...archive,
        cases: args.cases,
        batchEvents: args.batchEvents,
        stopped: () => stopping,
        onTruth: (line) => truth.write(`${JSON.stringify(line)}\n`),
        // The total is an estimate from the events per case so far: cases differ in length.
        onProgress: (progress) => reporter.update(progress.events, Math.round((progress.events / progress.cases) * args.cases)),
      },
      workers ?? {
        prepareFamilies: (familyIds) => keys.createKeys(familyIds),
        seal: (streamId, events) => sealing.sealEvents(streamId, events),
        recordDeliveries,
        appendToNewStreams: (streams) => store.appendToNewStreams(streams),
      },
    ).finally(() => workers?.close());
    reporter.finish(result.events, result.stopped ? Math.round((result.events / Math.max(1, result.cases)) * args.cases) : result.events);
    await new Promise<void>((done) => truth.end(done));
    // The archive holds its feedback already: the milestone processor need not read it (it would
    // queue nothing), unless it still has live events of its own to read before it.
    const milestonesSkipped = await skipImportedHistory(database.dataSource, store, importedAfter, await store.headCheckpoint());
    const rate = Math.round(result.events / Math.max(0.001, result.elapsedMs / 1000));
    process.stdout.write(
      `${JSON.stringify({ cases: result.cases, events: result.events, openCases: result.openCases, seconds: result.elapsedMs / 1000, eventsPerSecond: rate, stopped: result.stopped, truth: truthFile, milestonesSkipped })}\n`,
    );
    return result.stopped ? 1 : 0;
  } finally {
    await store.close();
    await database.close();
  }
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = isStartupError(error) ? error.message : `${(error as Error)?.name}: ${(error as Error)?.message}`;
    process.stderr.write(`seed:archive could not run: ${message}\n`);
    process.exitCode = 2;
  },
);
