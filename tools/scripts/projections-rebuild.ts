// Rebuilds one projection, or all of them from one pass over the log, into a new generation and
// switches to it:
//   npm run projections:rebuild -- <projection-name> [--restart] [--batch-size <n>]
//   npm run projections:rebuild -- --all [--restart] [--batch-size <n>]
// The database comes from the API's configuration (DATABASE_URL, or the embedded server in DATA_DIR;
// EVENTSTORE_CONNECTION_STRING for an EventStoreDB log). Progress goes to stdout, logs to stderr.
import { pino } from 'pino';
import type { RebuildResult } from '@ketenregie/event-store';
import {
  RebuildAborted,
  RebuildInProgress,
  RebuildInterrupted,
  createProgressReporter,
  rebuildProjection,
  rebuildProjections,
} from '@ketenregie/event-store';
import { loadConfig } from '../../apps/api/src/config/config';
import { createInfrastructure } from '../../apps/api/src/infrastructure/infrastructure';
import { createLogger } from '../../apps/api/src/logging/logger';
import { projections } from '../../apps/api/src/projections/registry';
import { isStartupError } from '../../apps/api/src/startup-error';

const USAGE = 'usage: npm run projections:rebuild -- <projection-name> | --all [--restart] [--batch-size <n>]';

type Arguments = { name: string | undefined; all: boolean; restart: boolean; batchSize: number | undefined };

const parseArguments = (argv: string[]): Arguments | string => {
  const parsed: Arguments = { name: undefined, all: false, restart: false, batchSize: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--restart') parsed.restart = true;
    else if (arg === '--all') parsed.all = true;
    else if (arg === '--batch-size') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) return '--batch-size needs a positive whole number';
      parsed.batchSize = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (parsed.name === undefined) parsed.name = arg;
    else return `unexpected argument ${arg}`;
  }
  if (parsed.all && parsed.name !== undefined) return '--all rebuilds every projection: give no projection name with it';
  return parsed;
};

const fail = (message: string, code: number): number => {
  process.stderr.write(`${message}\n`);
  return code;
};

/** The rebuild is done and switched; parked events are the read model's known gaps (docs/adr/0010). */
const reportParked = (result: RebuildResult, options: { named: boolean }): void => {
  if (result.parkedEvents === 0) return;
  const events = (count: number): string => `${count} event${count === 1 ? '' : 's'}`;
  process.stdout.write(
    `${options.named ? `${result.projection}: parked` : 'Parked'} ${events(result.parkedEvents)} that ${result.parkedEvents === 1 ? 'fails' : 'fail'} to apply` +
      (result.heldEvents > 0
        ? `, and held ${events(result.heldEvents)} of the same streams behind ${result.parkedEvents === 1 ? 'it' : 'them'}`
        : '') +
      '; retried when a process starts and then with backoff, listed in projection_parked_events; /health/ready says degraded.\n',
  );
};

type RebuildRun = {
  infrastructure: Awaited<ReturnType<typeof createInfrastructure>>;
  logger: ReturnType<typeof createLogger>;
  signal: AbortSignal;
  onProgress: (progress: { phase: string; done: number; total: number }) => void;
};

/**
 * What both modes share: the infrastructure, a stop on SIGINT/SIGTERM that leaves whole batches,
 * the progress bar, and the exit codes of an aborted, concurrent or interrupted rebuild.
 */
const runRebuild = async (label: string, work: (run: RebuildRun) => Promise<void>): Promise<number> => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, pino.destination(2));
  const infrastructure = await createInfrastructure(config, logger, { projections });
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = createProgressReporter({ label, stream: process.stdout });
  let drawing = false;
  try {
    await work({
      infrastructure,
      logger: logger.child({ component: 'projections-rebuild' }),
      signal: abort.signal,
      onProgress: ({ phase, done, total }) => {
        if (phase === 'done') {
          progress.finish(done, total);
          drawing = false;
        } else {
          progress.update(done, total);
          drawing = true;
        }
      },
    });
    return 0;
  } catch (error) {
    if (drawing && process.stdout.isTTY) process.stdout.write('\n');
    if (error instanceof RebuildAborted) return fail(error.message, 130);
    if (error instanceof RebuildInProgress || error instanceof RebuildInterrupted) return fail(error.message, 1);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await infrastructure.close();
  }
};

/** Every projection from one pass over the log (each event read and decrypted once). */
const rebuildAll = (args: Arguments): Promise<number> =>
  runRebuild(`all ${projections.length} projections`, async ({ infrastructure, logger, signal, onProgress }) => {
    const result = await rebuildProjections({
      store: infrastructure.eventStore,
      dataSource: infrastructure.dataSource,
      projections,
      restart: args.restart,
      batchSize: args.batchSize,
      signal,
      logger,
      onProgress,
    });
    const seconds = (result.buildMs + result.switchMs) / 1000;
    for (const rebuilt of result.projections) {
      process.stdout.write(
        `Rebuilt ${rebuilt.projection}: generation ${rebuilt.previousGeneration} -> ${rebuilt.generation}` +
          `${rebuilt.resumed ? ' (resumed an interrupted rebuild)' : ''}.\n`,
      );
      reportParked(rebuilt, { named: true });
    }
    process.stdout.write(
      `Rebuilt ${result.projections.length} projections from ${result.events} events in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.events / Math.max(seconds, 0.001))} events/s).\n`,
    );
  });

const main = async (): Promise<number> => {
  const known = projections.map((projection) => projection.name).sort();
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') return fail(`${args}\n${USAGE}`, 2);
  if (args.all) return rebuildAll(args);
  if (args.name === undefined) return fail(`${USAGE}\nKnown projections: ${known.join(', ')}`, 2);
  const projection = projections.find((candidate) => candidate.name === args.name);
  if (!projection) return fail(`Unknown projection "${args.name}". Known projections: ${known.join(', ')}`, 2);
  return runRebuild(projection.name, async ({ infrastructure, logger, signal, onProgress }) => {
    const result: RebuildResult = await rebuildProjection({
      store: infrastructure.eventStore,
      dataSource: infrastructure.dataSource,
      projection,
      restart: args.restart,
      batchSize: args.batchSize,
      signal,
      logger,
      onProgress,
    });
    process.stdout.write(
      `Rebuilt ${result.projection}: generation ${result.previousGeneration} -> ${result.generation}, ` +
        `${result.events} events${result.resumed ? ' (resumed an interrupted rebuild)' : ''}.\n`,
    );
    reportParked(result, { named: false });
  });
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isStartupError(error)) {
      process.stderr.write(`${error.message}\n`);
    } else {
      const { errorClass, errorMessage } = { errorClass: (error as Error)?.name, errorMessage: (error as Error)?.message };
      process.stderr.write(`Rebuild failed: ${errorClass}: ${errorMessage}\n`);
    }
    process.exitCode = 1;
  },
);
