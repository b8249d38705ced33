/**
 * `npm run bench:store [-- --quick]`: our PostgreSQL event store against a plain `pg` baseline and
 * Emmett's PostgreSQL store, in one run on one PostgreSQL server, each in a fresh database and a
 * worker process of its own. Prints a table and writes bench/results/store.json.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { readServerFacts, startBenchServer } from './bench-postgres-server';
import type { BenchServer } from './bench-postgres-server';
import { buildLines, checkLines, renderCpuTable, renderTable } from './store-bench-report';
import type { Figures, SystemResults } from './store-bench-report';
import { SYSTEMS } from './store-bench-protocol';
import type { Phase, PhaseResult, SystemName, WorkerMessage, WorkerRequest, WorkerStart } from './store-bench-protocol';
import { machineFacts } from './machine-facts';

const root = resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const POOL_SIZE = 20;

type NamedPhase = { key: string; label: string; phase: Phase };

// Default counts are sized so each timed append phase runs at least 5 s on a 2-core machine,
// while the caps keep a slow system from pushing the whole run past ~6 minutes.
const phases = (): NamedPhase[] => {
  const scale = quick
    ? { single1: 200, single16: 1000, batch16: 300, minSeconds: 0.5, maxSeconds: 3, prefill: 5_000, warm: 0.1 }
    : { single1: 3_000, single16: 20_000, batch16: 10_000, minSeconds: 5, maxSeconds: 20, prefill: 100_000, warm: 1 };
  return [
    {
      key: 'single-1',
      label: 'single-event appends, 1 connection',
      phase: {
        kind: 'append',
        name: 'single-1',
        concurrency: 1,
        eventsPerAppend: 1,
        appends: scale.single1,
        warmupAppends: Math.round(200 * scale.warm),
        minSeconds: scale.minSeconds,
        maxSeconds: Math.min(scale.maxSeconds, 15),
      },
    },
    {
      key: 'single-16',
      label: 'single-event appends, 16 connections',
      phase: {
        kind: 'append',
        name: 'single-16',
        concurrency: 16,
        eventsPerAppend: 1,
        appends: scale.single16,
        warmupAppends: Math.round(1_000 * scale.warm),
        minSeconds: scale.minSeconds,
        maxSeconds: scale.maxSeconds,
      },
    },
    {
      key: 'batch-16',
      label: 'batched appends (10 events), 16 connections',
      phase: {
        kind: 'append',
        name: 'batch-16',
        concurrency: 16,
        eventsPerAppend: 10,
        appends: scale.batch16,
        warmupAppends: Math.round(300 * scale.warm),
        minSeconds: scale.minSeconds,
        maxSeconds: scale.maxSeconds,
      },
    },
    { key: 'top-up', label: `untimed pre-fill to ${scale.prefill} events`, phase: { kind: 'top-up', minEvents: scale.prefill } },
    { key: 'read-all', label: 'read-all in pages of 1,000', phase: { kind: 'read-all', pageSize: 1_000, minSeconds: scale.minSeconds } },
    {
      key: 'catch-up',
      label: 'projection catch-up from 0',
      phase: { kind: 'catch-up', batchSize: 1_000, timeoutSeconds: quick ? 60 : 240 },
    },
  ];
};

const log = (line: string): void => {
  process.stderr.write(`[bench:store] ${line}\n`);
};

type Worker = {
  system: SystemName;
  child: ChildProcess;
  notes: string[];
  run: (phase: Phase) => Promise<PhaseResult>;
  close: () => Promise<void>;
};

const startWorker = (system: SystemName, connectionString: string, postmasterPid: number | null): Promise<Worker> =>
  new Promise((resolveWorker, rejectWorker) => {
    const start: WorkerStart = { system, connectionString, poolSize: POOL_SIZE, postmasterPid };
    const child = fork(join(root, 'tools/scripts/run-ts.cjs'), [join(__dirname, 'store-bench-worker.ts')], {
      cwd: root,
      env: { ...process.env, STORE_BENCH_WORKER: JSON.stringify(start) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let nextId = 1;
    const pending = new Map<number, { resolve: (result: PhaseResult) => void; reject: (error: Error) => void }>();
    let onClosed: (() => void) | undefined;
    const failAll = (error: Error): void => {
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    };
    child.on('exit', (code, signal) => {
      const error = new Error(`${system} worker exited (code ${code}, signal ${signal})`);
      failAll(error);
      rejectWorker(error);
      onClosed?.();
    });
    child.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'ready':
          resolveWorker({
            system,
            child,
            notes: message.notes,
            run: (phase) =>
              new Promise((resolveRun, rejectRun) => {
                const id = nextId++;
                pending.set(id, { resolve: resolveRun, reject: rejectRun });
                const request: WorkerRequest = { kind: 'run', id, phase };
                child.send(request);
              }),
            close: () =>
              new Promise<void>((resolveClose) => {
                if (child.exitCode !== null || !child.connected) return resolveClose();
                onClosed = resolveClose;
                const request: WorkerRequest = { kind: 'close' };
                child.send(request);
              }),
          });
          return;
        case 'result':
          pending.get(message.id)?.resolve(message.result);
          pending.delete(message.id);
          return;
        case 'failed': {
          const error = new Error(message.error);
          if (message.id === undefined) {
            rejectWorker(error);
            failAll(error);
          } else {
            pending.get(message.id)?.reject(error);
            pending.delete(message.id);
          }
          return;
        }
        case 'closed':
          return;
      }
    });
  });

// A checkpoint before each timed phase, so no system pays for the previous one's dirty buffers.
const checkpoint = async (server: BenchServer): Promise<void> => {
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query('checkpoint');
  } catch {
    // Needs superuser or pg_checkpoint on an external server; the run is then just a bit noisier.
  } finally {
    await client.end();
  }
};

const summarise = (result: PhaseResult): string => {
  const n = (value: number): string => Math.round(value).toLocaleString('en-US');
  switch (result.kind) {
    case 'append':
      return `${n(result.appends)} appends in ${result.seconds.toFixed(1)} s: ${n(result.appendsPerSecond)} appends/s, ${n(result.eventsPerSecond)} events/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms${result.cappedByTime ? ' (time cap reached)' : ''}`;
    case 'top-up':
      return `${n(result.eventsBefore)} -> ${n(result.eventsAfter)} events in ${result.seconds.toFixed(1)} s`;
    case 'read-all':
      return `${result.passes} pass(es) of ${n(result.eventsPerPass)} events in ${result.seconds.toFixed(1)} s: ${n(result.eventsPerSecond)} events/s`;
    case 'catch-up':
      return `${n(result.events)} events in ${result.seconds.toFixed(1)} s: ${n(result.eventsPerSecond)} events/s (read model counts ${n(result.projectedEvents)})`;
  }
};

// Throughput of a reader that loses events is not comparable, so say so next to the figure.
const correctnessWarning = (result: PhaseResult): string | null => {
  if (result.kind === 'read-all' && result.eventsPerPass !== result.logEvents) {
    return `read-all: a full pass returned ${result.eventsPerPass} events, the log holds ${result.logEvents}`;
  }
  if (result.kind === 'catch-up' && result.projectedEvents !== result.events) {
    return `catch-up: the read model counts ${result.projectedEvents} events, the log holds ${result.events}`;
  }
  return null;
};

const main = async (): Promise<void> => {
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const server = await startBenchServer(log);
  const workers: Worker[] = [];
  const empty = (): SystemResults => ({ notes: [], results: {}, errors: {}, warnings: [] });
  const figures: Figures = { ketenregie: empty(), 'raw-pg': empty(), emmett: empty() };
  const plan = phases();
  let serverFacts: Awaited<ReturnType<typeof readServerFacts>> | null = null;
  const stopAll = async (): Promise<void> => {
    await Promise.all(workers.map((worker) => worker.close().catch(() => undefined)));
    await server.stop().catch((error: unknown) => log(`stopping the server failed: ${String(error)}`));
  };
  const onSignal = (): void => {
    log('interrupted, stopping');
    for (const worker of workers) worker.child.kill('SIGTERM');
    void server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    serverFacts = await readServerFacts(server.url);
    log(
      `PostgreSQL ${serverFacts.settings.server_version}; fsync=${serverFacts.settings.fsync}, synchronous_commit=${serverFacts.settings.synchronous_commit}`,
    );
    for (const system of SYSTEMS) {
      const url = await server.createDatabase(system);
      const worker = await startWorker(system, url, server.postmasterPid);
      figures[system].notes = worker.notes;
      workers.push(worker);
    }
    log(`${quick ? 'quick' : 'full'} run; systems ready: ${SYSTEMS.join(', ')}`);
    // Systems take turns per phase, in a rotating order, so background load and server state
    // (WAL, checkpoints, cache) hit each of them alike.
    for (const [index, { key, label, phase }] of plan.entries()) {
      const order = workers.map((_, i) => workers[(i + index) % workers.length]);
      for (const worker of order) {
        if (phase.kind !== 'top-up') await checkpoint(server);
        log(`${label}: ${worker.system}...`);
        try {
          const result = await worker.run(phase);
          figures[worker.system].results[key] = result;
          log(`  ${worker.system}: ${summarise(result)}`);
          const warning = correctnessWarning(result);
          if (warning) {
            figures[worker.system].warnings.push(warning);
            log(`  ${worker.system} WARNING: ${warning}`);
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          figures[worker.system].errors[key] = message;
          log(`  ${worker.system} FAILED: ${message}`);
        }
      }
    }
  } finally {
    await stopAll();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const lines = buildLines(figures);
  const checks = checkLines(lines);
  const machine = machineFacts({ serverFacts, embedded: server.embedded, loadBefore, startedAt, quick });

  const out: string[] = [];
  out.push(`Event store benchmark (${machine.mode} run), ${machine.date}`);
  out.push('');
  out.push(renderTable(lines, checks));
  out.push('');
  out.push(renderCpuTable(figures));
  out.push('');
  out.push(`Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}`);
  out.push(`Node ${machine.node}; ${machine.postgres}`);
  out.push(
    `PostgreSQL: ${machine.server}; ${Object.entries(machine.postgresSettings)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ')}`,
  );
  out.push(
    `Load average (1/5/15 min): before ${machine.loadAverageBefore.join(' / ')}, after ${machine.loadAverageAfter.join(' / ')}; run took ${machine.runSeconds} s`,
  );
  for (const system of SYSTEMS) {
    for (const note of figures[system].notes) out.push(`${system}: ${note}`);
    for (const [phase, error] of Object.entries(figures[system].errors)) out.push(`${system}: ${phase} FAILED: ${error?.split('\n')[0]}`);
    for (const warning of figures[system].warnings) out.push(`${system}: WARNING ${warning}`);
  }
  const failedChecks = checks.filter((check) => !check.ok);
  out.push(
    failedChecks.length === 0
      ? 'ketenregie meets every target.'
      : `ketenregie misses ${failedChecks.length} of ${checks.length} lines: ${failedChecks.map((check) => check.line).join('; ')}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  const resultsDir = join(root, 'bench/results');
  await mkdir(resultsDir, { recursive: true });
  // A smoke run must not overwrite the figures of a full one.
  const file = join(resultsDir, quick ? 'store-quick.json' : 'store.json');
  await writeFile(file, `${JSON.stringify({ machine, phases: plan, poolSize: POOL_SIZE, lines, checks, systems: figures }, null, 2)}\n`);
  log(`wrote ${file}`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
