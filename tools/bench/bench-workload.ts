import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchEvent, StoreDriver } from './drivers/driver';
import type { CpuSample } from './process-cpu';
import type { AppendPhase, AppendResult } from './store-bench-protocol';

/** The per-type counts read model has one row per type; eight keeps the upserts realistic. */
export const EVENT_TYPES = [
  'cases.report-received.v1',
  'cases.case-opened.v1',
  'cases.director-assigned.v1',
  'cases.plan-agreed.v1',
  'cases.deadline-set.v1',
  'cases.rappel-sent.v1',
  'cases.escalated.v1',
  'cases.case-closed.v1',
] as const;

// Synthetic, personal-data-free payload of roughly the size of a real case event (~350 bytes JSON).
export const makeEvent = (sequence: number): BenchEvent => ({
  id: randomUUID(),
  type: EVENT_TYPES[sequence % EVENT_TYPES.length],
  data: {
    caseId: `case-${sequence >> 4}`,
    sequence,
    region: 'bench-region',
    organisation: 'veilig-thuis-bench',
    riskLevel: sequence % 3 === 0 ? 'high' : 'medium',
    deadline: '2030-01-01',
    note: 'synthetic benchmark event without personal data',
    tags: ['bench', 'store'],
  },
  metadata: {
    correlationId: randomUUID(),
    timestamp: new Date().toISOString(),
    actor: { kind: 'system', id: 'bench' },
  },
});

export const percentile = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
};

const streamName = (run: string, writer: number, n: number): string => `case-${run}-w${writer}-${n}`;

type LoadOptions = {
  concurrency: number;
  eventsPerAppend: number;
  /** Keep going until both are reached, but never past `maxMs`. */
  appends: number;
  minMs: number;
  maxMs: number;
  latencies?: number[];
};

/**
 * Each writer appends to streams of its own, ten events per stream before it moves on, so there
 * is no contention on a stream and the mix of new and existing streams stays the same everywhere.
 */
const runLoad = async (driver: StoreDriver, options: LoadOptions): Promise<{ appends: number; seconds: number; cappedByTime: boolean }> => {
  const run = randomUUID().slice(0, 8);
  const startedAt = performance.now();
  const minEnd = startedAt + options.minMs;
  const maxEnd = startedAt + options.maxMs;
  let issued = 0;
  let cappedByTime = false;
  const writer = async (index: number): Promise<void> => {
    let eventsInWriter = 0;
    for (;;) {
      const now = performance.now();
      if (issued >= options.appends && now >= minEnd) return;
      if (now >= maxEnd) {
        if (issued < options.appends) cappedByTime = true;
        return;
      }
      issued++;
      const events = Array.from({ length: options.eventsPerAppend }, (_, i) => makeEvent(eventsInWriter + i));
      const stream = streamName(run, index, Math.floor(eventsInWriter / 10));
      const before = performance.now();
      await driver.append(stream, events);
      options.latencies?.push(performance.now() - before);
      eventsInWriter += options.eventsPerAppend;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => writer(i)));
  return { appends: issued, seconds: (performance.now() - startedAt) / 1000, cappedByTime };
};

export const runAppendPhase = async (driver: StoreDriver, phase: AppendPhase, startProbe: () => () => CpuSample): Promise<AppendResult> => {
  await runLoad(driver, {
    concurrency: phase.concurrency,
    eventsPerAppend: phase.eventsPerAppend,
    appends: phase.warmupAppends,
    minMs: 0,
    maxMs: phase.maxSeconds * 1000,
  });
  const latencies: number[] = [];
  const probe = startProbe();
  const { appends, seconds, cappedByTime } = await runLoad(driver, {
    concurrency: phase.concurrency,
    eventsPerAppend: phase.eventsPerAppend,
    appends: phase.appends,
    minMs: phase.minSeconds * 1000,
    maxMs: phase.maxSeconds * 1000,
    latencies,
  });
  const cpu = probe();
  latencies.sort((a, b) => a - b);
  return {
    kind: 'append',
    name: phase.name,
    appends,
    events: appends * phase.eventsPerAppend,
    seconds,
    appendsPerSecond: appends / seconds,
    eventsPerSecond: (appends * phase.eventsPerAppend) / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    clientCpuMsPerAppend: cpu.clientMs / appends,
    serverCpuMsPerAppend: cpu.serverMs === null ? null : cpu.serverMs / appends,
    cappedByTime,
  };
};

/** Untimed pre-fill through the system's own append API, in large appends. */
export const topUp = async (driver: StoreDriver, missingEvents: number): Promise<void> => {
  const eventsPerAppend = 100;
  await runLoad(driver, {
    concurrency: 8,
    eventsPerAppend,
    appends: Math.ceil(missingEvents / eventsPerAppend),
    minMs: 0,
    maxMs: 10 * 60_000,
  });
};
