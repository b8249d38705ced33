// Archive benchmark part: rebuilds every read model once, from one pass over the archive's log, and
// reports the combined rate (events in the log / wall seconds), the time of each phase, the rate per
// stretch of the log (so a slowdown with size shows) and CPU per 1k events of this process and of
// PostgreSQL, which other load on a shared machine disturbs less than the wall clock.
// Alone, against an archive seeded with `npm run seed:archive -- --cases N` into DATA_DIR:
//   DATA_DIR=<dir> node tools/scripts/run-ts.cjs tools/bench/archive/rebuild.ts [--batch-size n] [--read-ahead n]
// or against a running server: --database-url <url> --master-key-hex <hex> [--postmaster-pid <pid>].
import { join } from 'node:path';
import { pino } from 'pino';
import { rebuildProjections } from '@ketenregie/event-store';
import { loadConfig } from '../../../apps/api/src/config/config';
import { startEmbeddedPostgres } from '../../../apps/api/src/database/embedded-postgres';
import { resolveMasterKey } from '../../../apps/api/src/erasure/master-key';
import { createInfrastructure } from '../../../apps/api/src/infrastructure/infrastructure';
import { createLogger } from '../../../apps/api/src/logging/logger';
import { projections } from '../../../apps/api/src/projections/registry';
import { readPostmasterPid, startCpuProbe } from '../process-cpu';
import type { ArchiveBenchContext, ArchiveBenchLine, ArchiveBenchPart } from './archive-bench';

export type RebuildBenchOptions = {
  /** Events per batch; the rebuild's default when absent. */
  batchSize?: number;
  /** Batches read ahead of the slowest projection. */
  readAhead?: number;
  /** Events per stretch of the rate-over-time table; default 1M, or a tenth of a smaller log. */
  stretchEvents?: number;
};

/** The rate the national archive needs: 100M events rebuilt within an hour. */
const TARGET_EVENTS_PER_SECOND = 28_000;

type Stretch = { fromEvents: number; toEvents: number; seconds: number; eventsPerSecond: number };

export const measureRebuild = async (context: ArchiveBenchContext, options: RebuildBenchOptions = {}): Promise<ArchiveBenchPart> => {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: context.databaseUrl,
    MASTER_KEY: Buffer.from(context.masterKeyHex, 'hex').toString('base64'),
    LOG_LEVEL: 'warn',
  });
  const logger = createLogger('warn', pino.destination(2));
  const setupStartedAt = Date.now();
  const infrastructure = await createInfrastructure(config, logger, { projections });
  const setupMs = Date.now() - setupStartedAt;
  const stretchEvents =
    options.stretchEvents ?? (context.events >= 2_000_000 ? 1_000_000 : Math.max(10_000, Math.ceil(context.events / 10)));
  const stretches: Stretch[] = [];
  try {
    const cpu = startCpuProbe(context.postmasterPid);
    const startedAt = performance.now();
    let stretchStart = { events: -1, at: startedAt };
    let lastLogAt = 0;
    const result = await rebuildProjections({
      store: infrastructure.eventStore,
      dataSource: infrastructure.dataSource,
      projections,
      restart: true,
      batchSize: options.batchSize,
      readAhead: options.readAhead,
      logger: logger.child({ component: 'bench-rebuild' }),
      onProgress: ({ phase, done, total }) => {
        if (phase !== 'building') return;
        const at = performance.now();
        // The first report is where the pass starts; stretches are measured from there.
        if (stretchStart.events < 0) stretchStart = { events: done, at };
        if (done - stretchStart.events >= stretchEvents || (done >= total && done > stretchStart.events)) {
          const seconds = (at - stretchStart.at) / 1000;
          stretches.push({
            fromEvents: stretchStart.events,
            toEvents: done,
            seconds,
            eventsPerSecond: Math.round((done - stretchStart.events) / seconds),
          });
          stretchStart = { events: done, at };
        }
        if (at - lastLogAt > 10_000) {
          lastLogAt = at;
          const seconds = (at - startedAt) / 1000;
          context.log(
            `rebuild: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} events, ${Math.round(done / seconds)} events/s`,
          );
        }
      },
    });
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const used = cpu();
    const events = result.events;
    const perThousand = (ms: number): number => Math.round((ms / Math.max(1, events / 1000)) * 100) / 100;
    const rate = Math.round(events / wallSeconds);
    const first = stretches[0];
    const last = stretches[stretches.length - 1];
    const lines: ArchiveBenchLine[] = [
      {
        name: 'rebuild all projections, combined rate',
        value: rate,
        unit: 'events/s',
        target: { op: '>=', value: TARGET_EVENTS_PER_SECOND },
      },
      { name: 'rebuild all projections, wall time', value: Math.round(wallSeconds * 10) / 10, unit: 's' },
      { name: 'rebuild build phase (one pass over the log)', value: Math.round(result.buildMs / 100) / 10, unit: 's' },
      { name: 'rebuild switch phase (all projections)', value: Math.round(result.switchMs / 100) / 10, unit: 's' },
      { name: 'rebuild CPU of this process per 1k events', value: perThousand(used.clientMs), unit: 'ms' },
    ];
    if (used.serverMs !== null)
      lines.push({ name: 'rebuild CPU of PostgreSQL per 1k events', value: perThousand(used.serverMs), unit: 'ms' });
    if (first && last && stretches.length > 1) {
      lines.push({
        name: `rebuild rate, first ${first.toEvents - first.fromEvents} events`,
        value: first.eventsPerSecond,
        unit: 'events/s',
      });
      lines.push({ name: `rebuild rate, events ${last.fromEvents}-${last.toEvents}`, value: last.eventsPerSecond, unit: 'events/s' });
    }
    return {
      part: 'rebuild',
      lines,
      detail: {
        events,
        projections: result.projections.map(({ projection, previousGeneration, generation, parkedEvents, heldEvents }) => ({
          projection,
          previousGeneration,
          generation,
          parkedEvents,
          heldEvents,
        })),
        batchSize: options.batchSize ?? null,
        readAhead: options.readAhead ?? null,
        setupMs,
        buildMs: result.buildMs,
        switchMs: result.switchMs,
        wallSeconds,
        eventsPerSecond: rate,
        cpu: used,
        stretches,
      },
    };
  } finally {
    await infrastructure.close();
  }
};

const standalone = async (argv: string[]): Promise<void> => {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const whole = (flag: string): number | undefined => {
    const raw = value(flag);
    return raw === undefined ? undefined : Number(raw);
  };
  let databaseUrl = value('--database-url');
  let masterKeyHex = value('--master-key-hex');
  let postmasterPid = whole('--postmaster-pid') ?? null;
  let stop = async (): Promise<void> => undefined;
  if (!databaseUrl) {
    const config = loadConfig();
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    stop = embedded.stop;
    databaseUrl = embedded.url;
    masterKeyHex = (await resolveMasterKey(config)).key.toString('hex');
    postmasterPid = readPostmasterPid(join(config.dataDir, 'postgres'));
  }
  if (!masterKeyHex) throw new Error('--master-key-hex is needed with --database-url');
  try {
    const { createPostgresEventStore } = await import('@ketenregie/event-store');
    const plain = await createPostgresEventStore({ connectionString: databaseUrl });
    const events = await plain.countEventsAfter('start', Number.MAX_SAFE_INTEGER);
    await plain.close();
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    const part = await measureRebuild(
      { databaseUrl, masterKeyHex, truthFile: '', cases: 0, events, postmasterPid, root: process.cwd(), log },
      { batchSize: whole('--batch-size'), readAhead: whole('--read-ahead') },
    );
    for (const line of part.lines) {
      const check = line.target
        ? ` (target ${line.target.op} ${line.target.value}: ${(line.target.op === '>=' ? line.value >= line.target.value : line.value <= line.target.value) ? 'ok' : 'FAILED'})`
        : '';
      process.stdout.write(`${line.name}: ${line.value} ${line.unit}${check}\n`);
    }
    process.stdout.write(`${JSON.stringify(part.detail)}\n`);
  } finally {
    await stop();
  }
};

// Run through tools/scripts/run-ts.cjs, which puts the entry file in argv[1].
if (process.argv[1] === __filename) {
  standalone(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
