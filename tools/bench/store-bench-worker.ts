/**
 * One system under test per process: Emmett's driver (dumbo) replaces pg's global type parsers
 * (int8 -> BigInt, its own jsonb parser), which would change how the other systems decode rows.
 * A process each also keeps their pools, garbage and JIT state apart.
 */
import { performance } from 'node:perf_hooks';
import { runAppendPhase, topUp } from './bench-workload';
import { startCpuProbe } from './process-cpu';
import type { CpuSample } from './process-cpu';
import type { StoreDriver } from './drivers/driver';
import type {
  CatchUpPhase,
  CatchUpResult,
  Phase,
  PhaseResult,
  ReadAllPhase,
  ReadAllResult,
  WorkerMessage,
  WorkerRequest,
  WorkerStart,
} from './store-bench-protocol';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

const createDriver = async (start: WorkerStart): Promise<StoreDriver> => {
  const options = { connectionString: start.connectionString, poolSize: start.poolSize };
  switch (start.system) {
    case 'ketenregie':
      return (await import('./drivers/ketenregie.driver')).createKetenregieDriver(options);
    case 'raw-pg':
      return (await import('./drivers/raw-pg.driver')).createRawPgDriver(options);
    case 'emmett':
      return (await import('./drivers/emmett.driver')).createEmmettDriver(options);
    default: {
      const never: never = start.system;
      throw new Error(`Unknown system ${String(never)}`);
    }
  }
};

type Probe = () => () => CpuSample;

const perThousand = (cpu: CpuSample, events: number) => ({
  clientCpuMsPerThousand: (cpu.clientMs * 1000) / events,
  serverCpuMsPerThousand: cpu.serverMs === null ? null : (cpu.serverMs * 1000) / events,
});

const runReadAll = async (driver: StoreDriver, phase: ReadAllPhase, startProbe: Probe): Promise<ReadAllResult> => {
  // Warm-up: the first pages prepare the statements and plans.
  await driver.readAllPass(phase.pageSize, phase.pageSize * 10);
  let passes = 0;
  let events = 0;
  let eventsPerPass = 0;
  const probe = startProbe();
  const startedAt = performance.now();
  do {
    eventsPerPass = await driver.readAllPass(phase.pageSize);
    events += eventsPerPass;
    passes++;
  } while (performance.now() - startedAt < phase.minSeconds * 1000);
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = probe();
  const logEvents = await driver.countEvents();
  return {
    kind: 'read-all',
    passes,
    events,
    eventsPerPass,
    logEvents,
    seconds,
    eventsPerSecond: events / seconds,
    ...perThousand(cpu, events),
  };
};

const runCatchUp = async (driver: StoreDriver, phase: CatchUpPhase, startProbe: Probe): Promise<CatchUpResult> => {
  const events = await driver.countEvents();
  // Includes the small fixed setup each system does around its catch-up (pools, registration).
  const probe = startProbe();
  const outcome = await driver.catchUp({
    batchSize: phase.batchSize,
    headEvents: events,
    timeoutMs: phase.timeoutSeconds * 1000,
  });
  return {
    kind: 'catch-up',
    events,
    seconds: outcome.seconds,
    eventsPerSecond: events / outcome.seconds,
    projectedEvents: outcome.projectedEvents,
    method: outcome.method,
    ...perThousand(probe(), events),
  };
};

const runPhase = async (driver: StoreDriver, phase: Phase, startProbe: Probe): Promise<PhaseResult> => {
  switch (phase.kind) {
    case 'append':
      return runAppendPhase(driver, phase, startProbe);
    case 'top-up': {
      const startedAt = performance.now();
      const eventsBefore = await driver.countEvents();
      if (eventsBefore < phase.minEvents) await topUp(driver, phase.minEvents - eventsBefore);
      const eventsAfter = await driver.countEvents();
      return { kind: 'top-up', eventsBefore, eventsAfter, seconds: (performance.now() - startedAt) / 1000 };
    }
    case 'read-all':
      return runReadAll(driver, phase, startProbe);
    case 'catch-up':
      return runCatchUp(driver, phase, startProbe);
    default: {
      const never: never = phase;
      throw new Error(`Unknown phase ${JSON.stringify(never)}`);
    }
  }
};

const main = async (): Promise<void> => {
  const start = JSON.parse(process.env.STORE_BENCH_WORKER ?? 'null') as WorkerStart | null;
  if (!start || !process.send) throw new Error('store-bench-worker runs only as a child of store.bench.ts');
  const driver = await createDriver(start);
  const startProbe: Probe = () => startCpuProbe(start.postmasterPid);
  let queue = Promise.resolve();
  process.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      if (request.kind === 'close') {
        await driver.close().catch(() => undefined);
        send({ kind: 'closed' });
        process.disconnect();
        return;
      }
      try {
        send({ kind: 'result', id: request.id, result: await runPhase(driver, request.phase, startProbe) });
      } catch (error) {
        send({ kind: 'failed', id: request.id, error: describe(error) });
      }
    });
  });
  send({ kind: 'ready', system: driver.system, notes: driver.notes });
};

main().catch((error: unknown) => {
  send({ kind: 'failed', error: describe(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
