// Rebuilds one projection into a new generation and switches to it:
//   npm run projections:rebuild -- <projection-name> [--restart] [--batch-size <n>]
// The database comes from the API's configuration (DATABASE_URL, or the embedded server in DATA_DIR;
// EVENTSTORE_CONNECTION_STRING for an EventStoreDB log). Progress goes to stdout, logs to stderr.
import { pino } from 'pino';
import type { RebuildResult } from '@ketenregie/event-store';
import { RebuildAborted, RebuildInProgress, RebuildInterrupted, createProgressReporter, rebuildProjection } from '@ketenregie/event-store';
import { loadConfig } from '../../apps/api/src/config/config';
import { createInfrastructure } from '../../apps/api/src/infrastructure/infrastructure';
import { createLogger } from '../../apps/api/src/logging/logger';
import { projections } from '../../apps/api/src/projections/registry';
import { isStartupError } from '../../apps/api/src/startup-error';

const USAGE = 'usage: npm run projections:rebuild -- <projection-name> [--restart] [--batch-size <n>]';

type Arguments = { name: string | undefined; restart: boolean; batchSize: number | undefined };

const parseArguments = (argv: string[]): Arguments | string => {
  const parsed: Arguments = { name: undefined, restart: false, batchSize: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--restart') parsed.restart = true;
    else if (arg === '--batch-size') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) return '--batch-size needs a positive whole number';
      parsed.batchSize = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (parsed.name === undefined) parsed.name = arg;
    else return `unexpected argument ${arg}`;
  }
  return parsed;
};

const fail = (message: string, code: number): number => {
  process.stderr.write(`${message}\n`);
  return code;
};

const main = async (): Promise<number> => {
  const known = projections.map((projection) => projection.name).sort();
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === 'string') return fail(`${args}\n${USAGE}`, 2);
  if (args.name === undefined) return fail(`${USAGE}\nKnown projections: ${known.join(', ')}`, 2);
  const projection = projections.find((candidate) => candidate.name === args.name);
  if (!projection) return fail(`Unknown projection "${args.name}". Known projections: ${known.join(', ')}`, 2);

  const config = loadConfig();
  const logger = createLogger(config.logLevel, pino.destination(2));
  const infrastructure = await createInfrastructure(config, logger, { projections });
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = createProgressReporter({ label: projection.name, stream: process.stdout });
  let drawing = false;
  try {
    const result: RebuildResult = await rebuildProjection({
      store: infrastructure.eventStore,
      dataSource: infrastructure.dataSource,
      projection,
      restart: args.restart,
      batchSize: args.batchSize,
      signal: abort.signal,
      logger: logger.child({ component: 'projections-rebuild' }),
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
    process.stdout.write(
      `Rebuilt ${result.projection}: generation ${result.previousGeneration} -> ${result.generation}, ` +
        `${result.events} events${result.resumed ? ' (resumed an interrupted rebuild)' : ''}.\n`,
    );
    // The rebuild is done and switched; parked events are the read model's known gaps (docs/adr/0010).
    if (result.parkedEvents > 0) {
      const events = (count: number): string => `${count} event${count === 1 ? '' : 's'}`;
      process.stdout.write(
        `Parked ${events(result.parkedEvents)} that ${result.parkedEvents === 1 ? 'fails' : 'fail'} to apply` +
          (result.heldEvents > 0
            ? `, and held ${events(result.heldEvents)} of the same streams behind ${result.parkedEvents === 1 ? 'it' : 'them'}`
            : '') +
          '; retried when a process starts and then with backoff, listed in projection_parked_events; /health/ready says degraded.\n',
      );
    }
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
