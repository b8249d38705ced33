/**
 * `npm run bench:floor [-- --quick]`: what the stack itself reaches on this machine, as the
 * ceiling for `bench:api`'s command figures. A minimal NestJS app (floor-app.ts) answers three
 * kinds of POST, each under the same load as the API's commands (32 connections, autocannon in
 * this process, everything on the same cores): JSON echo, one durable insert, and the five round
 * trips of a command (two of them durable) with nothing between them. Prints commands/s, p50/p99
 * and CPU per request next to the command target (≥ 500/s at p99 ≤ 50 ms), so the distance
 * between floor and API is the cost of the API's own work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBenchServer } from '../bench-postgres-server';
import { startBenchApi } from '../api/api-process';
import type { BenchApi } from '../api/api-process';
import { runLoad } from '../api/load';
import type { LoadResult } from '../api/load';
import { renderColumns, renderCpuTable } from '../api/report';
import { floorLevels as levels, floorRequests as requestsFor } from './floor-workload';

const root = resolve(__dirname, '../../..');
const quick = process.argv.includes('--quick');
const CONNECTIONS = 32;
const seconds = quick ? 3 : 10;

const log = (line: string): void => {
  process.stderr.write(`[bench:floor] ${line}\n`);
};

const main = async (): Promise<void> => {
  const loadBefore = loadavg();
  const workDir = await mkdtemp(join(tmpdir(), 'ketenregie-bench-floor-'));
  const server = await startBenchServer(log);
  let app: BenchApi | undefined;
  const results: Record<string, LoadResult> = {};
  try {
    const databaseUrl = await server.createDatabase('floor');
    app = await startBenchApi({ root, databaseUrl, logDir: workDir, entry: 'tools/bench/floor/floor-app.ts' });
    const target = { url: app.url, databaseUrl, apiPid: app.pid, postmasterPid: server.postmasterPid };
    for (const level of levels) {
      log(`${level.label}: warm-up...`);
      await runLoad(target, { connections: CONNECTIONS, seconds: 1, requests: requestsFor(level.path) });
      log(`${level.label}: ${CONNECTIONS} connections, ${seconds} s...`);
      results[level.key] = await runLoad(target, { connections: CONNECTIONS, seconds, requests: requestsFor(level.path) });
    }
  } finally {
    await app?.stop().catch(() => undefined);
    await server.stop().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
  const rows = levels.map((level) => {
    const result = results[level.key];
    const ok = result.okPerSecond >= 500 && result.p99Ms <= 50;
    return [
      level.label,
      `${Math.round(result.okPerSecond)}/s`,
      `${result.p50Ms.toFixed(1)} ms`,
      `${result.p99Ms.toFixed(1)} ms`,
      ok ? '✓' : '✗',
    ];
  });
  const out = [
    `Stack floor (${quick ? 'quick' : 'full'} run), ${new Date().toISOString()}: minimal NestJS app, ${CONNECTIONS} connections, ${seconds} s per level`,
    '',
    renderColumns(['POST', 'requests/s', 'p50', 'p99', '≥ 500/s at p99 ≤ 50 ms'], rows, new Set([1, 2, 3])),
    '',
    renderCpuTable(levels.map((level) => ({ label: level.label, result: results[level.key] }))),
    '',
    `Load average before: ${loadBefore.map((value) => value.toFixed(2)).join(' / ')}. A closed loop of ${CONNECTIONS} connections has a mean latency of ${CONNECTIONS} / throughput,`,
    `so p99 ≤ 50 ms needs more than ${CONNECTIONS / 0.05}/s, i.e. at most ${(2000 / (CONNECTIONS / 0.05)).toFixed(1)} ms of CPU per request on 2 cores, load generator included.`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
