/**
 * `npm run bench:api [-- --quick] [-- --profile] [-- --commands-only]`: first the stack's own
 * ceiling (`bench:floor`'s command workload: a minimal Nest app doing a command's five round
 * trips), then the real API (started from apps/api/src/main.ts as a child process, on its own
 * fresh database of the same embedded PostgreSQL with default durability) under autocannon over
 * loopback: intake and hand-over commands at 32 and 8 connections, and case detail and timeline
 * of a case with 1,000 events. Prints each command's rate as a share of the floor's, its latency
 * and its CPU per command (API process and PostgreSQL), and writes bench/results/api.json (a quick
 * run writes to the temp directory instead).
 * `--profile` runs the API with `--cpu-prof` and prints where its CPU time went in each phase (the
 * profile file is kept in the temp directory); `--statements` loads pg_stat_statements and prints
 * PostgreSQL's time per statement and request; `--commands-only` stops after the commands;
 * `--node-arg=<flag>` passes a Node flag to the API process.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AutocannonRequest } from 'autocannon';
import { Client } from 'pg';
import { readServerFacts, startBenchServer } from '../bench-postgres-server';
import type { BenchServer } from '../bench-postgres-server';
import { startBenchApi } from './api-process';
import type { BenchApi } from './api-process';
import {
  benchHandoverId,
  headersOf,
  intakeWorker,
  localTeamWorker,
  longCaseStep,
  offerHandoverBody,
  reportBody,
  signInWorkers,
} from './fixtures';
import type { Worker } from './fixtures';
import { failures, percentile, runLoad } from './load';
import type { LoadResult, LoadTarget } from './load';
import { summariseProfile } from './profile-summary';
import type { ProfileWindow } from './profile-summary';
import { checkOf, commandVersusFloorLines, queryLines, renderCpuTable, renderFloorTable, renderTable } from './report';
import type { Line } from './report';
import { machineFacts } from '../machine-facts';
import { floorCommandLevel, floorRequests } from '../floor/floor-workload';

const root = resolve(__dirname, '../../..');
const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const statements = process.argv.includes('--statements');
const commandsOnly = process.argv.includes('--commands-only');
// `--node-arg=--max-semi-space-size=32` (repeatable): a Node flag for the API process, to try one out.
const apiNodeArgs = process.argv.filter((arg) => arg.startsWith('--node-arg=')).map((arg) => arg.slice('--node-arg='.length));
const CONNECTIONS = 32;
/** Fewer clients than the pool has connections: the latency a command has when it does not queue. */
const FEW_CONNECTIONS = 8;
// Each command's share of the floor's rate at 32 connections.
const FLOOR_SHARE_TARGET = { intake: 0.33, handover: 0.5 } as const;
const LONG_CASE_EVENTS = 1_000;
const TIMELINE_PAGE_SIZE = 1000; // the largest page the timeline endpoint allows

// Sized so the full run stays within about five minutes on a 2-core machine.
const scale = quick
  ? { warmSeconds: 1, floorSeconds: 3, intakeSeconds: 3, maxHandoverCases: 900, querySeconds: 2, sequentialTimelines: 30 }
  : { warmSeconds: 5, floorSeconds: 10, intakeSeconds: 15, maxHandoverCases: 6_000, querySeconds: 10, sequentialTimelines: 200 };

const log = (line: string): void => {
  process.stderr.write(`[bench:api] ${line}\n`);
};

type CreatedCase = { caseId: string; reportId: string };

type CommandReply = { caseId: string; version: number; checkpoint: string; events: string[]; ids: Record<string, string> };

const runTag = randomBytes(3).toString('hex');
let keyCounter = 0;
const nextKey = (purpose: string): string => `bench-${runTag}-${purpose}-${keyCounter++}`;

/** New cases, each from a distinct report with its own Idempotency-Key; records what was created. */
const intakeRequests = (counter: { next: number }, created: CreatedCase[]): AutocannonRequest[] => [
  {
    method: 'POST',
    path: '/api/v1/cases/reports',
    setupRequest: (request) => {
      const n = counter.next++;
      return { ...request, headers: headersOf(intakeWorker, nextKey('intake')), body: JSON.stringify(reportBody(n, runTag)) };
    },
    onResponse: (status, body) => {
      if (status !== 201) return;
      const reply = JSON.parse(body) as CommandReply;
      created.push({ caseId: reply.caseId, reportId: reply.ids.reportId });
    },
  },
];

/** One command per case, each case once (in list order), so no two requests touch one stream. */
const perCaseRequests = (
  cases: readonly CreatedCase[],
  worker: Worker,
  command: (entry: CreatedCase) => { path: string; body: unknown },
  done?: CreatedCase[],
): AutocannonRequest[] => {
  let next = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request, context) => {
        // Wrapping around would repeat a command on a case; the 4xx that follows is counted.
        const entry = cases[next++ % cases.length];
        context.entry = entry;
        const { path, body } = command(entry);
        return { ...request, path, headers: headersOf(worker, nextKey('command')), body: JSON.stringify(body) };
      },
      onResponse: (status, _body, context) => {
        if (done && status >= 200 && status < 300) done.push(context.entry as CreatedCase);
      },
    },
  ];
};

const caseRequests = (paths: string[]): AutocannonRequest[] =>
  paths.map((path) => ({ method: 'GET', path, headers: headersOf(intakeWorker) }));

const post = async (url: string, path: string, body: unknown, worker: Worker = intakeWorker): Promise<CommandReply> => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: headersOf(worker, nextKey('setup')),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as CommandReply;
};

const getJson = async <T>(url: string, path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${url}${path}`, { headers: headersOf(intakeWorker) });
  return { status: response.status, body: (await response.json()) as T };
};

/**
 * The long-running case, built through the API one command at a time (commands on one stream
 * must not race). Returns the checkpoint of its last event for read-your-writes.
 */
const buildLongCase = async (
  url: string,
): Promise<{ caseId: string; events: number; checkpoint: string; lateCommandP50Ms: number; lateCommandP99Ms: number }> => {
  const opened = await post(url, '/api/v1/cases/reports', reportBody(10_000_000, runTag));
  const caseId = opened.caseId;
  let last = opened;
  // Every command reads and folds the whole stream, so its cost grows with the case: the last
  // hundred commands show what a command on a 900-1,000-event case costs, one client, no load.
  const late: number[] = [];
  for (let step = 0; last.version + 1 < LONG_CASE_EVENTS; step++) {
    const { path, body } = longCaseStep(step);
    const started = performance.now();
    last = await post(url, `/api/v1/cases/${caseId}/${path}`, body);
    if (last.version + 1 > LONG_CASE_EVENTS - 100) late.push(performance.now() - started);
  }
  late.sort((a, b) => a - b);
  return {
    caseId,
    events: last.version + 1,
    checkpoint: last.checkpoint,
    lateCommandP50Ms: percentile(late, 0.5),
    lateCommandP99Ms: percentile(late, 0.99),
  };
};

/** Waits until the read models passed `checkpoint` (the query answers only then). */
const awaitReadModels = async (url: string, caseId: string, checkpoint: string): Promise<void> => {
  const after = encodeURIComponent(checkpoint);
  const deadline = Date.now() + 180_000;
  for (const path of [`/api/v1/cases/${caseId}?after=${after}`, `/api/v1/cases/${caseId}/timeline?pageSize=1&after=${after}`]) {
    for (;;) {
      const { status } = await getJson<unknown>(url, path);
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`read models did not catch up (GET ${path.split('?')[0]} answered ${status})`);
    }
  }
};

/** Whole timeline, page after page, by one client: what a screen showing all 1,000 events waits for. */
const sequentialTimeline = async (
  url: string,
  caseId: string,
  iterations: number,
): Promise<{ p50Ms: number; p99Ms: number; pages: number; items: number }> => {
  const timings: number[] = [];
  let pages = 0;
  let items = 0;
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    pages = 0;
    items = 0;
    for (let page = 1; ; page++) {
      const { status, body } = await getJson<{ items: unknown[]; total: number }>(
        url,
        `/api/v1/cases/${caseId}/timeline?page=${page}&pageSize=${TIMELINE_PAGE_SIZE}`,
      );
      if (status !== 200) throw new Error(`timeline page ${page} answered ${status}`);
      pages++;
      items += body.items.length;
      if (items >= body.total || body.items.length === 0) break;
    }
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return { p50Ms: percentile(timings, 0.5), p99Ms: percentile(timings, 0.99), pages, items };
};

// A checkpoint before each timed phase, so no phase pays for the previous one's dirty buffers.
const pgCheckpoint = async (server: BenchServer): Promise<void> => {
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

/** `--statements`: where PostgreSQL spent its time per request in a phase (pg_stat_statements). */
const statementStats = async (url: string, requests: number | 'reset'): Promise<string> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_stat_statements');
    if (requests === 'reset') {
      await client.query('select pg_stat_statements_reset()');
      return '';
    }
    const { rows } = await client.query<{ calls: string; exec: number; plan: number; query: string }>(
      `select calls, total_exec_time as exec, total_plan_time as plan, regexp_replace(query, '\\s+', ' ', 'g') as query
         from pg_stat_statements order by total_exec_time + total_plan_time desc`,
    );
    // Planning is counted apart: statements sent without a name are planned again every time.
    const sum = (pick: (row: (typeof rows)[number]) => number): string =>
      (rows.reduce((total, row) => total + pick(row), 0) / requests).toFixed(3);
    return [
      `    all statements: ${sum((row) => row.exec)} ms/req executing, ${sum((row) => row.plan)} ms/req planning, ${sum((row) => Number(row.calls))} calls/req`,
      ...rows
        .slice(0, Number(process.env['BENCH_STATEMENTS_TOP'] ?? 15))
        .map(
          (row) =>
            `    ${(row.exec / requests).toFixed(3)} ms/req (+${(row.plan / requests).toFixed(3)} planning)  ${(Number(row.calls) / requests).toFixed(2)} calls/req  ${row.query.slice(0, Number(process.env['BENCH_STATEMENTS_WIDTH'] ?? 150))}`,
        ),
    ].join('\n');
  } finally {
    await client.end();
  }
};

const summarise = (result: LoadResult): string => {
  const bad = failures(result);
  const failed = Object.keys(bad).length > 0 ? `, non-2xx ${JSON.stringify(bad)}` : '';
  const errors = result.connectionErrors > 0 ? `, ${result.connectionErrors} connection errors` : '';
  return `${result.responses} responses in ${result.seconds.toFixed(1)} s: ${Math.round(result.okPerSecond)}/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms${failed}${errors}`;
};

/**
 * Until every projection is at the end of the log at three looks in a row and no feedback message
 * waits for delivery: the quiet a read measurement needs.
 */
const appQuiet = async (apiUrl: string, databaseUrl: string, log: (line: string) => void): Promise<void> => {
  const started = performance.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let quietLooks = 0;
    while (quietLooks < 3 && performance.now() - started < 600_000) {
      await new Promise((done) => setTimeout(done, 500));
      const ready = (await (await fetch(`${apiUrl}/health/ready`)).json()) as { projections?: { lag: number }[] };
      const queued = (await client.query<{ n: string }>(`select count(*) as n from feedback_outbox where status = 'queued'`)).rows[0].n;
      quietLooks = (ready.projections ?? []).every((projection) => projection.lag === 0) && queued === '0' ? quietLooks + 1 : 0;
    }
  } finally {
    await client.end();
  }
  log(`  the app was quiet after ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

const main = async (): Promise<void> => {
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const workDir = await mkdtemp(join(tmpdir(), 'ketenregie-bench-api-'));
  const profileDir = join(workDir, 'profile');
  const server = await startBenchServer(log);
  let api: BenchApi | undefined;
  const results: Record<string, LoadResult> = {};
  const windows: ProfileWindow[] = [];
  const notes: string[] = [];
  let serverFacts: Awaited<ReturnType<typeof readServerFacts>> | null = null;
  let longCase: { caseId: string; events: number; timelineTotal: number; lateCommandP50Ms: number; lateCommandP99Ms: number } | null = null;
  let fullTimeline: Awaited<ReturnType<typeof sequentialTimeline>> | null = null;
  let handoverCases = 0;
  let failed: unknown = null;

  const onSignal = (): void => {
    log('interrupted, stopping');
    void (api?.stop() ?? Promise.resolve()).finally(() => void server.stop().finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    serverFacts = await readServerFacts(server.url);
    log(
      `PostgreSQL ${serverFacts.settings.server_version}; fsync=${serverFacts.settings.fsync}, synchronous_commit=${serverFacts.settings.synchronous_commit}`,
    );
    // 0. The floor, on the same server and cores, just before the API: the ratios compare like with like.
    const floorDatabaseUrl = await server.createDatabase('floor');
    const floorApp = await startBenchApi({ root, databaseUrl: floorDatabaseUrl, logDir: workDir, entry: 'tools/bench/floor/floor-app.ts' });
    try {
      const floorTarget: LoadTarget = {
        url: floorApp.url,
        databaseUrl: floorDatabaseUrl,
        apiPid: floorApp.pid,
        postmasterPid: server.postmasterPid,
      };
      log('floor: warm-up (untimed)...');
      await runLoad(floorTarget, { connections: CONNECTIONS, seconds: scale.warmSeconds, requests: floorRequests(floorCommandLevel.path) });
      for (const connections of [CONNECTIONS, FEW_CONNECTIONS]) {
        await pgCheckpoint(server);
        log(`floor: ${floorCommandLevel.label} (POST ${floorCommandLevel.path}), ${connections} connections, ${scale.floorSeconds} s...`);
        const result = await runLoad(floorTarget, {
          connections,
          seconds: scale.floorSeconds,
          requests: floorRequests(floorCommandLevel.path),
        });
        results[`floor-${connections}`] = result;
        log(`  ${summarise(result)}`);
      }
    } finally {
      await floorApp.stop();
    }

    const databaseUrl = await server.createDatabase('api');
    if (profile) await mkdir(profileDir, { recursive: true });
    const apiStart = performance.now();
    api = await startBenchApi({
      root,
      databaseUrl,
      logDir: workDir,
      nodeArgs: [...apiNodeArgs, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    });
    log(
      `API ready at ${api.url} after ${((performance.now() - apiStart) / 1000).toFixed(1)} s (pid ${api.pid}); ${quick ? 'quick' : 'full'} run`,
    );
    await signInWorkers(api.url, databaseUrl);
    const target: LoadTarget = { url: api.url, databaseUrl, apiPid: api.pid, postmasterPid: server.postmasterPid };
    const runningApi = api;

    const timed = async (key: string, label: string, run: () => Promise<LoadResult>): Promise<LoadResult> => {
      await pgCheckpoint(server);
      if (statements) await statementStats(databaseUrl, 'reset');
      log(`${label}...`);
      const from = performance.now() - runningApi.spawnedAt;
      const result = await run();
      windows.push({ key, label, fromMs: from, toMs: performance.now() - runningApi.spawnedAt });
      results[key] = result;
      log(`  ${summarise(result)}`);
      if (statements) log(await statementStats(databaseUrl, result.responses));
      return result;
    };
    const untimed = async (label: string, run: () => Promise<LoadResult>): Promise<LoadResult> => {
      log(`${label} (untimed)...`);
      const result = await run();
      log(`  ${summarise(result)}`);
      return result;
    };

    // 1. Intake: every request a new family, its own key and body.
    const counter = { next: 0 };
    const created: CreatedCase[] = [];
    await untimed('warm-up: intake', () =>
      runLoad(target, { connections: CONNECTIONS, seconds: scale.warmSeconds, requests: intakeRequests(counter, created) }),
    );
    for (const connections of [CONNECTIONS, FEW_CONNECTIONS]) {
      await timed(
        `intake-${connections}`,
        `intake (POST /api/v1/cases/reports, newFamily), ${connections} connections, ${scale.intakeSeconds} s`,
        () => runLoad(target, { connections, seconds: scale.intakeSeconds, requests: intakeRequests(counter, created) }),
      );
    }

    // 2. Hand-over: cases made ready through the API (assessment started and completed), then one
    // offer per case, then one accept per case.
    const candidates = created.slice(0, scale.maxHandoverCases);
    const started: CreatedCase[] = [];
    await untimed(`preparing ${candidates.length} cases: start safety assessment`, () =>
      runLoad(target, {
        connections: CONNECTIONS,
        amount: candidates.length,
        requests: perCaseRequests(
          candidates,
          intakeWorker,
          (entry) => ({ path: `/api/v1/cases/${entry.caseId}/safety-assessments/${entry.reportId}/start`, body: {} }),
          started,
        ),
      }),
    );
    const ready: CreatedCase[] = [];
    await untimed(`preparing ${started.length} cases: complete safety assessment`, () =>
      runLoad(target, {
        connections: CONNECTIONS,
        amount: started.length,
        requests: perCaseRequests(
          started,
          intakeWorker,
          (entry) => ({
            path: `/api/v1/cases/${entry.caseId}/safety-assessments/${entry.reportId}/complete`,
            body: { acuteUnsafety: false, structuralUnsafety: true },
          }),
          ready,
        ),
      }),
    );
    const warmCount = Math.max(CONNECTIONS * 4, Math.round(ready.length * 0.1));
    const warmCases = ready.slice(0, warmCount);
    const measuredCases = ready.slice(warmCount);
    handoverCases = measuredCases.length;
    // Most cases for 32 connections; 8 connections need fewer for a stable p99 at their lower rate.
    const manyShare = Math.round(measuredCases.length * 0.6);
    const measuredBy = new Map([
      [CONNECTIONS, measuredCases.slice(0, manyShare)],
      [FEW_CONNECTIONS, measuredCases.slice(manyShare)],
    ]);
    const offerPath = (entry: CreatedCase) => ({ path: `/api/v1/cases/${entry.caseId}/handovers`, body: offerHandoverBody });
    const acceptPath = (entry: CreatedCase) => ({ path: `/api/v1/cases/${entry.caseId}/handovers/${benchHandoverId}/accept`, body: {} });
    const warmOffered: CreatedCase[] = [];
    await untimed('warm-up: hand-over offer and accept', async () => {
      await runLoad(target, {
        connections: CONNECTIONS,
        amount: warmCases.length,
        requests: perCaseRequests(warmCases, intakeWorker, offerPath, warmOffered),
      });
      return runLoad(target, {
        connections: CONNECTIONS,
        amount: warmOffered.length,
        requests: perCaseRequests(warmOffered, localTeamWorker, acceptPath),
      });
    });
    for (const connections of [CONNECTIONS, FEW_CONNECTIONS]) {
      const cases = measuredBy.get(connections) ?? [];
      // autocannon reads an amount of 0 as "no limit": a run too slow to prepare cases skips the phase.
      if (cases.length === 0) {
        notes.push(`no cases were left for the hand-over at ${connections} connections`);
        continue;
      }
      const offered: CreatedCase[] = [];
      await timed(
        `handover-offer-${connections}`,
        `hand-over offer (POST /api/v1/cases/:caseId/handovers) on ${cases.length} cases, ${connections} connections`,
        () => runLoad(target, { connections, amount: cases.length, requests: perCaseRequests(cases, intakeWorker, offerPath, offered) }),
      );
      await timed(
        `handover-accept-${connections}`,
        `hand-over accept (POST /api/v1/cases/:caseId/handovers/:handoverId/accept) on ${offered.length} cases, ${connections} connections`,
        () => runLoad(target, { connections, amount: offered.length, requests: perCaseRequests(offered, localTeamWorker, acceptPath) }),
      );
    }

    // 3 and 4 (left out with --commands-only).
    if (!commandsOnly) {
      // 3 and 4. A case with 1,000 events, read back once the read models caught up with everything.
      log(`building a case with ${LONG_CASE_EVENTS} events through the API (untimed)...`);
      const buildStarted = performance.now();
      const built = await buildLongCase(api.url);
      await awaitReadModels(api.url, built.caseId, built.checkpoint);
      const detail = await getJson<{ version: number }>(api.url, `/api/v1/cases/${built.caseId}`);
      const firstPage = await getJson<{ items: unknown[]; total: number }>(
        api.url,
        `/api/v1/cases/${built.caseId}/timeline?pageSize=${TIMELINE_PAGE_SIZE}`,
      );
      longCase = {
        caseId: built.caseId,
        events: built.events,
        timelineTotal: firstPage.body.total,
        lateCommandP50Ms: built.lateCommandP50Ms,
        lateCommandP99Ms: built.lateCommandP99Ms,
      };
      log(
        `  ${built.events} events in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s (last 100 commands: p50 ${built.lateCommandP50Ms.toFixed(1)} ms, p99 ${built.lateCommandP99Ms.toFixed(1)} ms); detail version ${detail.body.version}, timeline total ${firstPage.body.total}`,
      );
      if (detail.body.version + 1 !== LONG_CASE_EVENTS)
        notes.push(`the long case has ${detail.body.version + 1} events, not ${LONG_CASE_EVENTS}`);

      const detailRequests = caseRequests([`/api/v1/cases/${built.caseId}`]);
      const timelineRequests = caseRequests(
        Array.from(
          { length: Math.ceil(firstPage.body.total / TIMELINE_PAGE_SIZE) },
          (_, i) => `/api/v1/cases/${built.caseId}/timeline?page=${i + 1}&pageSize=${TIMELINE_PAGE_SIZE}`,
        ),
      );
      // The commands above leave the app feedback mail to queue and deliver (a receipt per intake, a
      // message per hand-over): reads measured while it does so would measure that work instead.
      await appQuiet(api.url, databaseUrl, log);
      await untimed('warm-up: case detail and timeline', async () => {
        await runLoad(target, { connections: CONNECTIONS, seconds: scale.warmSeconds / 2, requests: detailRequests });
        return runLoad(target, { connections: CONNECTIONS, seconds: scale.warmSeconds / 2, requests: timelineRequests });
      });
      for (const connections of [1, CONNECTIONS]) {
        await timed(
          `detail-${connections}`,
          `case detail (GET /api/v1/cases/:caseId), ${connections} connection(s), ${scale.querySeconds} s`,
          () => runLoad(target, { connections, seconds: scale.querySeconds, requests: detailRequests }),
        );
        await timed(
          `timeline-${connections}`,
          `timeline pages of ${TIMELINE_PAGE_SIZE} (GET /api/v1/cases/:caseId/timeline), ${connections} connection(s), ${scale.querySeconds} s`,
          () => runLoad(target, { connections, seconds: scale.querySeconds, requests: timelineRequests }),
        );
      }
      log(`whole timeline page after page, 1 client, ${scale.sequentialTimelines} times...`);
      fullTimeline = await sequentialTimeline(api.url, built.caseId, scale.sequentialTimelines);
      log(
        `  ${fullTimeline.items} items in ${fullTimeline.pages} pages: p50 ${fullTimeline.p50Ms.toFixed(1)} ms, p99 ${fullTimeline.p99Ms.toFixed(1)} ms`,
      );
    }
  } catch (error) {
    failed = error;
  } finally {
    await api?.stop().catch((error: unknown) => log(`stopping the API failed: ${String(error)}`));
    await server.stop().catch((error: unknown) => log(`stopping PostgreSQL failed: ${String(error)}`));
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  if (failed) {
    log(`the API log is kept in ${workDir}`);
    throw failed;
  }

  const commandPhases = [CONNECTIONS, FEW_CONNECTIONS].flatMap((connections) =>
    [
      { label: 'floor (5 round trips)', key: 'floor', minShare: null },
      { label: 'intake', key: 'intake', minShare: FLOOR_SHARE_TARGET.intake },
      { label: 'hand-over offer', key: 'handover-offer', minShare: FLOOR_SHARE_TARGET.handover },
      { label: 'hand-over accept', key: 'handover-accept', minShare: FLOOR_SHARE_TARGET.handover },
    ].map((phase) => ({ ...phase, connections, result: results[`${phase.key}-${connections}`], floor: results[`floor-${connections}`] })),
  );
  const lines: Line[] = [
    ...commandPhases.flatMap((phase) =>
      commandVersusFloorLines(`${phase.label}, ${phase.connections} conns`, phase.result, phase.floor, {
        ...(phase.minShare !== null && phase.connections === CONNECTIONS ? { minFloorPercent: phase.minShare * 100 } : {}),
        ...(phase.minShare !== null && phase.connections === FEW_CONNECTIONS ? { maxP99Ms: 50 } : {}),
      }),
    ),
    ...(commandsOnly
      ? []
      : ([
          ...queryLines('case detail (1,000 events), 1 conn', results['detail-1'], 20),
          ...queryLines(`case detail (1,000 events), ${CONNECTIONS} conns`, results[`detail-${CONNECTIONS}`], 20),
          ...queryLines(`timeline page of ${TIMELINE_PAGE_SIZE}, 1 conn`, results['timeline-1'], 50),
          ...queryLines(`timeline page of ${TIMELINE_PAGE_SIZE}, ${CONNECTIONS} conns`, results[`timeline-${CONNECTIONS}`], 50),
          {
            label: `whole timeline (${fullTimeline?.items ?? '?'} events, ${fullTimeline?.pages ?? '?'} pages), 1 client, p50`,
            value: fullTimeline?.p50Ms ?? null,
            unit: 'ms',
          },
          {
            label: '  p99',
            name: 'whole timeline, 1 client, p99',
            value: fullTimeline?.p99Ms ?? null,
            unit: 'ms',
            target: { bound: 'max', value: 50 },
          },
          {
            label: 'command on the 1,000-event case (last 100 of its build), 1 client, p50',
            value: longCase?.lateCommandP50Ms ?? null,
            unit: 'ms',
          },
          { label: '  p99', value: longCase?.lateCommandP99Ms ?? null, unit: 'ms' },
        ] satisfies Line[])),
  ];
  const checks = lines.map(checkOf).filter((check) => check !== null);
  const machine = machineFacts({ serverFacts, embedded: server.embedded, loadBefore, startedAt, quick });

  const out: string[] = [];
  out.push(`API benchmark (${machine.mode} run), ${machine.date}`);
  out.push('');
  out.push(renderFloorTable(commandPhases));
  out.push('');
  out.push(renderTable(lines));
  out.push('');
  out.push(
    renderCpuTable([
      ...commandPhases.map((phase) => ({ label: `${phase.label}, ${phase.connections} conns`, result: phase.result })),
      { label: `case detail, ${CONNECTIONS} conns`, result: results[`detail-${CONNECTIONS}`] },
      { label: `timeline page, ${CONNECTIONS} conns`, result: results[`timeline-${CONNECTIONS}`] },
    ]),
  );
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
  out.push(
    `API: apps/api/src/main.ts via run-ts (swc)${apiNodeArgs.length > 0 ? ` with ${apiNodeArgs.join(' ')}` : ''}, LOG_LEVEL=info (one log line per request, to a file), SEED_DEMO=false, RATE_LIMIT_API_PER_MINUTE=0 (limit off); autocannon in this process, so all three share the ${machine.cores} cores.`,
  );
  out.push(
    `Hand-over: ${handoverCases} cases prepared through the API (report, start and complete the safety assessment), one offer and one accept per case.`,
  );
  if (longCase)
    out.push(
      `Long case: ${longCase.events} events through the API (plan parts and safety conditions); its timeline has ${longCase.timelineTotal} entries.`,
    );
  for (const note of notes) out.push(`NOTE: ${note}`);
  const missed = checks.filter((check) => !check.ok);
  out.push(
    missed.length === 0
      ? 'Every target met.'
      : `Missed ${missed.length} of ${checks.length} targets: ${missed.map((check) => check.line).join('; ')}`,
  );

  let profileSummary: Awaited<ReturnType<typeof summariseProfile>> | null = null;
  if (profile) {
    const files = (await readdir(profileDir)).filter((file) => file.endsWith('.cpuprofile'));
    if (files.length === 0) {
      out.push('No CPU profile was written (did the API exit cleanly?).');
    } else {
      profileSummary = await summariseProfile(join(profileDir, files[0]), windows);
      // Kept for a closer look (e.g. in Chrome's DevTools); the rest of the work directory goes.
      const kept = join(tmpdir(), `ketenregie-bench-api-${runTag}.cpuprofile`);
      await copyFile(join(profileDir, files[0]), kept);
      out.push('', profileSummary.text, `Profile kept in ${kept}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);

  // A smoke run must not overwrite the figures of a full one.
  const file = quick ? join(tmpdir(), 'ketenregie-bench-api-quick.json') : join(root, 'bench/results/api.json');
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ machine, connections: CONNECTIONS, scale, longCase, fullTimeline, lines, checks, results, profile: profileSummary?.phases ?? null }, null, 2)}\n`,
  );
  log(`wrote ${file}`);
  await rm(workDir, { recursive: true, force: true });
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
