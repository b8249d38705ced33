/**
 * `npm run bench:access-log [-- --quick]`: how many access log entries per second the group-commit
 * writer (the `ACCESS_LOG` port) takes, and how long a caller waits for its entry to commit, with
 * 1 and 32 concurrent callers; next to one transaction per entry (`AccessLog.record`) as the
 * baseline. PostgreSQL at its durable defaults (fsync and synchronous_commit on). Ends with a
 * verify of the whole chain. Prints a table and writes bench/results/access-log(-quick).json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AccessLog, GroupCommitAccessLog, writerConnectionFrom } from '@ketenregie/access-server';
import type { AccessLogRecord } from '@ketenregie/access-contracts';
import { readServerFacts, startBenchServer } from './bench-postgres-server';
import { machineFacts } from './machine-facts';

const root = resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const seconds = quick ? 1.5 : 6;
const warmupSeconds = quick ? 0.3 : 1;

const log = (line: string): void => {
  process.stderr.write(`[bench:access-log] ${line}\n`);
};

type Writer = { name: string; record: (entry: AccessLogRecord) => Promise<unknown> };

type PhaseResult = {
  writer: string;
  callers: number;
  entries: number;
  seconds: number;
  entriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  transactions: number | null;
  meanEntriesPerTransaction: number | null;
  failures: number;
};

let nextRequest = 0;

// A case read as the cases context will log it: ids only, a route template, a request id.
const entry = (caller: number): AccessLogRecord => {
  nextRequest += 1;
  return {
    subjectType: 'case',
    subjectId: `case-${nextRequest % 5_000}`,
    familyId: `family-${nextRequest % 4_000}`,
    actor: { userId: `user-${caller}`, organisationId: 'vt-zhz', role: 'veilig-thuis-professional' },
    action: nextRequest % 10 === 0 ? 'update' : 'read',
    legalBasis: 'wmo-2015-4.1.1',
    ...(nextRequest % 50 === 0 ? { emergency: { reason: 'Crisisdienst: acute melding buiten kantooruren' } } : {}),
    requestId: `bench-${nextRequest}`,
    route: 'GET /api/v1/cases/:caseId',
  };
};

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Each caller records one entry after another (as a request awaits its entry) until time is up. */
const runPhase = async (
  writer: Writer,
  callers: number,
  duration: number,
): Promise<{ latencies: number[]; seconds: number; failures: number }> => {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + duration * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < until) {
        const before = performance.now();
        try {
          await writer.record(entry(caller));
          latencies.push(performance.now() - before);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
};

const measure = async (writer: Writer, callers: number, transactions: () => number | null): Promise<PhaseResult> => {
  await runPhase(writer, callers, warmupSeconds);
  const before = transactions();
  const { latencies, seconds: elapsed, failures } = await runPhase(writer, callers, seconds);
  const after = transactions();
  const sorted = [...latencies].sort((a, b) => a - b);
  const count = before === null || after === null ? null : after - before;
  return {
    writer: writer.name,
    callers,
    entries: latencies.length,
    seconds: Number(elapsed.toFixed(2)),
    entriesPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(percentile(sorted, 50).toFixed(2)),
    p99Ms: Number(percentile(sorted, 99).toFixed(2)),
    maxMs: Number((sorted[sorted.length - 1] ?? 0).toFixed(2)),
    transactions: count,
    meanEntriesPerTransaction: count ? Number((latencies.length / count).toFixed(1)) : null,
    failures,
  };
};

const render = (results: PhaseResult[]): string => {
  const header = ['writer', 'callers', 'entries/s', 'p50 ms', 'p99 ms', 'max ms', 'entries/tx', 'failures'];
  const rows = results.map((result) => [
    result.writer,
    String(result.callers),
    result.entriesPerSecond.toLocaleString('en-US'),
    result.p50Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    result.maxMs.toFixed(1),
    result.meanEntriesPerTransaction === null ? '1' : result.meanEntriesPerTransaction.toFixed(1),
    String(result.failures),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
};

const main = async (): Promise<void> => {
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const server = await startBenchServer(log);
  let dataSource: DataSource | undefined;
  let groupCommit: GroupCommitAccessLog | undefined;
  try {
    const serverFacts = await readServerFacts(server.url);
    log(
      `PostgreSQL ${serverFacts.settings.server_version}; fsync=${serverFacts.settings.fsync}, synchronous_commit=${serverFacts.settings.synchronous_commit}`,
    );
    const url = await server.createDatabase('access_log');
    dataSource = new DataSource({ type: 'postgres', url, logging: false, poolSize: 40, applicationName: 'bench-access-log' });
    await dataSource.initialize();
    const accessLog = new AccessLog(dataSource);
    await accessLog.ensureSchema();
    const writer = new GroupCommitAccessLog(writerConnectionFrom(dataSource));
    groupCommit = writer;

    const groupCommitWriter: Writer = { name: 'group commit (ACCESS_LOG port)', record: (line) => writer.record(line) };
    const perEntryWriter: Writer = {
      name: 'one transaction per entry',
      record: (line) => accessLog.record(line as Parameters<AccessLog['record']>[0]),
    };
    const results: PhaseResult[] = [];
    for (const [candidate, callers] of [
      [groupCommitWriter, 1],
      [groupCommitWriter, 32],
      [perEntryWriter, 1],
      [perEntryWriter, 32],
    ] as const) {
      log(`${candidate.name}, ${callers} caller(s), ${seconds} s`);
      const result = await measure(candidate, callers, () => (candidate === groupCommitWriter ? writer.stats().batches : null));
      log(`  ${result.entriesPerSecond} entries/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
      results.push(result);
    }

    const verifyStarted = performance.now();
    const verified = await accessLog.verify();
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (!verified.ok) throw new Error(`the chain does not verify: ${JSON.stringify(verified)}`);
    log(`verify: ${verified.entries} entries intact in ${verifySeconds.toFixed(1)} s`);

    const report = {
      benchmark: 'access-log',
      machine: machineFacts({ serverFacts, embedded: server.embedded, loadBefore, startedAt, quick }),
      secondsPerPhase: seconds,
      results,
      verify: { entries: verified.entries, seconds: Number(verifySeconds.toFixed(2)) },
    };
    const directory = join(root, 'bench/results');
    await mkdir(directory, { recursive: true });
    const file = join(directory, quick ? 'access-log-quick.json' : 'access-log.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      `${render(results)}\n\nverify: ${verified.entries.toLocaleString('en-US')} entries intact in ${verifySeconds.toFixed(1)} s\nwritten to ${file}\n`,
    );
  } finally {
    await groupCommit?.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await server.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`[bench:access-log] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
