import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { AutocannonRequest } from 'autocannon';
import { Client } from 'pg';
import { startCpuProbe } from '../process-cpu';

export type LoadResult = {
  connections: number;
  seconds: number;
  /** Every response, whatever its status. */
  responses: number;
  /** 2xx responses per second: the throughput that counts. */
  okPerSecond: number;
  statusCounts: Record<string, number>;
  /** Connection errors and timeouts (no HTTP status at all). */
  connectionErrors: number;
  timeouts: number;
  /** Latency of the 2xx responses, from autocannon's per-response timings (sub-millisecond). */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU per response: the load generator (this process), the API process and PostgreSQL. */
  cpuMsPerRequest: { loadGenerator: number; api: number | null; postgres: number | null };
  /**
   * PostgreSQL work per response in the API's database, projections included: committed
   * transactions (reads count too; each one that writes waits for a WAL flush at default
   * durability) and WAL bytes.
   */
  database: { commitsPerRequest: number; walBytesPerRequest: number } | null;
};

export type LoadTarget = {
  url: string;
  /** The API's database, for its commit and WAL counters. */
  databaseUrl: string;
  apiPid: number | null;
  postmasterPid: number | null;
};

export type LoadSpec = {
  connections: number;
  /** Run for this many seconds... */
  seconds?: number;
  /** ...or until this many requests were answered. */
  amount?: number;
  requests: AutocannonRequest[];
};

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of one process, or null when it cannot be read (not Linux, gone). */
export const processCpuMs = (pid: number | null): number | null => {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
};

type DatabaseCounters = { commits: number; walLsn: string };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const readCounters = async (client: Client): Promise<DatabaseCounters> => {
  const { rows } = await client.query<{ commits: string; wal_lsn: string }>(
    'select xact_commit::text as commits, pg_current_wal_lsn()::text as wal_lsn from pg_stat_database where datname = current_database()',
  );
  return { commits: Number(rows[0].commits), walLsn: rows[0].wal_lsn };
};

const walBytesBetween = async (client: Client, from: string, to: string): Promise<number> => {
  const { rows } = await client.query<{ bytes: string }>('select pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::text as bytes', [from, to]);
  return Number(rows[0].bytes);
};

export const percentile = (sorted: readonly number[], fraction: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index];
};

export const runLoad = async (target: LoadTarget, spec: LoadSpec): Promise<LoadResult> => {
  const latencies: number[] = [];
  const db = new Client({ connectionString: target.databaseUrl });
  await db.connect();
  const countersBefore = await readCounters(db);
  const cpu = startCpuProbe(target.postmasterPid);
  const apiCpuBefore = processCpuMs(target.apiPid);
  const started = performance.now();
  const instance = autocannon({
    url: target.url,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
    timeout: 30,
    requests: spec.requests,
  });
  let lastResponseAt = started;
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    lastResponseAt = performance.now();
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  // With an amount autocannon ends on its next one-second tick, not at the last response: timing
  // to the end would round a run up to whole seconds and understate the rate of short runs.
  const seconds = ((spec.amount !== undefined ? lastResponseAt : performance.now()) - started) / 1000;
  const used = cpu();
  const apiCpuAfter = processCpuMs(target.apiPid);
  // Backends publish their commit counts at most once a second; the wait also lets the
  // projections finish this phase's events, which belong to its cost.
  await sleep(1_200);
  const countersAfter = await readCounters(db);
  const walBytes = await walBytesBetween(db, countersBefore.walLsn, countersAfter.walLsn);
  await db.end();
  latencies.sort((a, b) => a - b);
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, stats]) => [status, stats.count]));
  const responses = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
  const perResponse = (ms: number | null): number | null => (ms === null || responses === 0 ? null : ms / responses);
  return {
    connections: spec.connections,
    seconds,
    responses,
    okPerSecond: latencies.length / seconds,
    statusCounts,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.length > 0 ? latencies[latencies.length - 1] : Number.NaN,
    cpuMsPerRequest: {
      loadGenerator: perResponse(used.clientMs) ?? Number.NaN,
      api: perResponse(apiCpuBefore === null || apiCpuAfter === null ? null : apiCpuAfter - apiCpuBefore),
      postgres: perResponse(used.serverMs),
    },
    database:
      responses === 0
        ? null
        : {
            // Our own two counter reads are transactions too.
            commitsPerRequest: (countersAfter.commits - countersBefore.commits - 2) / responses,
            walBytesPerRequest: walBytes / responses,
          },
  };
};

/** Responses that were not 2xx, e.g. `{ "409": 3 }`. */
export const failures = (result: LoadResult): Record<string, number> =>
  Object.fromEntries(Object.entries(result.statusCounts).filter(([status]) => !status.startsWith('2')));
