// The national archive, measured end to end:
//   npm run bench:archive [-- --events 1000000,10000000] [--samples <n>]
// For each size it seeds an archive into a fresh database with `npm run seed:archive` (the
// generator's rate), rebuilds every read model from it in one pass (the rebuild's rate); on the
// largest archive it then measures family lookup (recall, rank, latency against the ground truth),
// every worklist and count, and the storage per event and per row. Uses DATABASE_URL or an
// embedded server in a temporary directory; prints a report and writes bench/results/archive.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ARCHIVE_EVENTS_PER_CASE } from '@ketenregie/demo';
import { startBenchServer } from '../bench-postgres-server';
import type { ArchiveBenchContext, ArchiveBenchLine, ArchiveBenchPart } from './archive-bench';
import { measureFamilyLookup } from './lookup';
import { measureRebuild } from './rebuild';
import { measureStorage } from './storage';
import { measureWorklists } from './worklists';

const root = resolve(__dirname, '../../..');
const resultsDir = join(root, 'bench/results');
type Arguments = { events: number[]; samples: number | undefined };

const parseArguments = (argv: string[]): Arguments => {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const events = (value('--events') ?? '1000000,10000000')
    .split(',')
    .map(Number)
    .filter((size) => Number.isInteger(size) && size > 0)
    .sort((a, b) => a - b);
  if (events.length === 0) throw new Error('--events needs sizes in events, e.g. 1000000,10000000');
  const samples = value('--samples') === undefined ? undefined : Number(value('--samples'));
  return { events, samples };
};

type SeedResult = { cases: number; events: number; openCases: number; seconds: number; eventsPerSecond: number };

/** The product's own seeding command, so the figure is what an operator gets. */
const seed = (databaseUrl: string, masterKey: string, cases: number, truthFile: string): Promise<SeedResult> =>
  new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'tools/scripts/run-ts.cjs'),
        join(root, 'tools/scripts/seed-archive.ts'),
        '--cases',
        String(cases),
        '--database-url',
        databaseUrl,
        '--truth',
        truthFile,
      ],
      { cwd: root, env: { ...process.env, MASTER_KEY: masterKey, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0) return fail(new Error(`seed:archive exited with ${code}`));
      try {
        done(JSON.parse(last) as SeedResult);
      } catch {
        fail(new Error('seed:archive printed no result line'));
      }
    });
  });

/**
 * Lets the database finish the aftermath of writing and rebuilding the archive before latency is
 * measured: a checkpoint of the gigabytes just written, and autovacuum's passes over the freshly
 * filled tables (each takes one of the two cores for minutes). A live archive was written over
 * years, not in the last half hour; a query measured next to those passes measures them. Answers
 * what it waited for, which the report keeps.
 */
const settleDatabase = async (
  databaseUrl: string,
  log: (line: string) => void,
): Promise<{ checkpointSeconds: number; autovacuumWaitSeconds: number; autovacuumSeen: string[] }> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    await client.query('checkpoint');
    const checkpointSeconds = (Date.now() - started) / 1000;
    const waitStarted = Date.now();
    const seen = new Set<string>();
    // At most ten minutes: a pass that takes longer is part of what the archive costs, and measured.
    while (Date.now() - waitStarted < 10 * 60_000) {
      const { rows } = await client.query<{ query: string }>(
        `select query from pg_stat_activity where backend_type = 'autovacuum worker' and datname = current_database()`,
      );
      if (rows.length === 0) break;
      for (const row of rows) seen.add(row.query.replace(/^autovacuum:\s*/, ''));
      await new Promise((done) => setTimeout(done, 2_000));
    }
    const autovacuumWaitSeconds = (Date.now() - waitStarted) / 1000;
    log(
      `settled: checkpoint ${checkpointSeconds.toFixed(1)} s, autovacuum ${autovacuumWaitSeconds.toFixed(1)} s (${[...seen].join('; ') || 'none'})`,
    );
    return { checkpointSeconds, autovacuumWaitSeconds, autovacuumSeen: [...seen] };
  } finally {
    await client.end();
  }
};

const dropDatabase = async (maintenanceUrl: string, databaseUrl: string): Promise<void> => {
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${new URL(databaseUrl).pathname.slice(1)}" with (force)`);
  } finally {
    await client.end();
  }
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

const formatLine = (line: ArchiveBenchLine): string => {
  const value = Math.abs(line.value) >= 100 || Number.isInteger(line.value) ? integer.format(line.value) : decimal.format(line.value);
  const target = line.target ? `  (target ${line.target.op === '>=' ? '≥' : '≤'} ${integer.format(line.target.value)} ${line.unit})` : '';
  const ok = line.target
    ? (line.target.op === '>=' ? line.value >= line.target.value : line.value <= line.target.value)
      ? '  ok'
      : '  MISSED'
    : '';
  return `  ${line.name.padEnd(64)} ${`${value} ${line.unit}`.padStart(16)}${target}${ok}`;
};

const main = async (): Promise<void> => {
  const args = parseArguments(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await mkdir(resultsDir, { recursive: true });
  // Memory and WAL sized as an operator would for an archive of this size on this machine; the
  // defaults (128 MB of buffers, checkpoints every 1 GB of WAL) fit a laptop, not 100M events.
  const server = await startBenchServer(log, {
    settings: { shared_buffers: '4GB', max_wal_size: '16GB', checkpoint_timeout: '15min', maintenance_work_mem: '1GB' },
  });
  const parts: (ArchiveBenchPart & { archive: { events: number; cases: number } })[] = [];
  const started = Date.now();
  try {
    for (const [index, size] of args.events.entries()) {
      const largest = index === args.events.length - 1;
      const databaseUrl = await server.createDatabase(`archive_${size}`);
      const masterKey = randomBytes(32);
      const truthFile = join(resultsDir, `archive-truth-bench-${size}.jsonl`);
      // A size in events is reached by cases at the generator's average.
      const cases = Math.ceil(size / ARCHIVE_EVENTS_PER_CASE);
      log(`\n== archive of ~${integer.format(size)} events (${integer.format(cases)} cases) ==`);
      const loadBefore = loadavg()[0];
      const seeded = await seed(databaseUrl, masterKey.toString('base64'), cases, truthFile);
      const archive = { events: seeded.events, cases: seeded.cases };
      parts.push({
        part: 'generator',
        archive,
        lines: [
          {
            name: `generator, ${integer.format(seeded.events)} events, events/s`,
            value: seeded.eventsPerSecond,
            unit: 'events/s',
            target: { op: '>=', value: 20_000 },
          },
        ],
        detail: { ...seeded, loadAverage1m: { before: loadBefore, after: loadavg()[0] } },
      });
      const context: ArchiveBenchContext = {
        databaseUrl,
        masterKeyHex: masterKey.toString('hex'),
        truthFile,
        cases: seeded.cases,
        events: seeded.events,
        postmasterPid: server.postmasterPid,
        root,
        log,
      };
      parts.push({ ...(await measureRebuild(context)), archive });
      if (largest) {
        const settled = await settleDatabase(databaseUrl, log);
        const lookup = await measureFamilyLookup(context, args.samples === undefined ? {} : { sample: args.samples });
        parts.push({ ...lookup, archive, detail: { ...(lookup.detail as Record<string, unknown>), settledBefore: settled } });
        parts.push({ ...(await measureWorklists(context)), archive });
        parts.push({ ...(await measureStorage(context)), archive });
      } else {
        // Only the largest archive is measured further; the smaller one's disk goes back now.
        await dropDatabase(server.url, databaseUrl);
      }
      await rm(truthFile, { force: true }).catch(() => undefined);
    }
  } finally {
    await server.stop();
  }

  const lines = parts.flatMap((part) => part.lines.map((line) => ({ part: part.part, archive: part.archive, ...line })));
  const checks = lines
    .filter((line) => line.target)
    .map((line) => ({
      line: line.name,
      value: line.value,
      target: `${line.target?.op} ${line.target?.value} ${line.unit}`,
      ok: line.target?.op === '>=' ? line.value >= line.target.value : line.value <= (line.target?.value ?? 0),
    }));
  const report = {
    benchmark: 'archive',
    at: new Date().toISOString(),
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, embedded: server.embedded },
    minutes: Math.round((Date.now() - started) / 6_000) / 10,
    lines,
    checks,
    parts,
  };
  await writeFile(join(resultsDir, 'archive.json'), `${JSON.stringify(report, null, 2)}\n`);
  const byArchive = new Map<string, typeof lines>();
  for (const line of lines) {
    const key = `archive of ${integer.format(line.archive.events)} events, ${integer.format(line.archive.cases)} cases`;
    byArchive.set(key, [...(byArchive.get(key) ?? []), line]);
  }
  const text = [...byArchive].map(([title, group]) => [title, ...group.map(formatLine)].join('\n')).join('\n\n');
  const missed = checks.filter((check) => !check.ok).length;
  process.stdout.write(
    `\n${text}\n\n${checks.length - missed} of ${checks.length} targets met; bench/results/archive.json written (${report.minutes} min).\n`,
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`bench:archive failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
