// Worklists on the national archive: every worklist tab (first page and page 20), its counts, its
// facets, the partner's task list and the rappel planner, per demo role, as p50/p99 of sequential
// requests through the real API. Runnable alone against an archive seeded with
// `npm run seed:archive -- --cases N --database-url <url>`:
//   node tools/scripts/run-ts.cjs tools/bench/archive/worklists.ts --database-url <url> --master-key-hex <hex> [--requests 200] [--only <name>]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { worklistNames } from '@ketenregie/contracts';
import { startBenchApi } from '../api/api-process';
import type { ArchiveBenchContext, ArchiveBenchLine, ArchiveBenchPart } from './archive-bench';

export type WorklistsBenchOptions = {
  /** Requests per measured endpoint (sequential, after a few warm-up requests). */
  requests?: number;
  /** Longest wait for the API's projections to catch up with the archive. */
  catchUpTimeoutMs?: number;
  /** Only the endpoints whose name contains this (e.g. `rappel planner`), to study one alone. */
  only?: string;
};

/** The requirement: every worklist and its count within 50 ms at p99. */
const targetP99Ms = 50;
const pageSize = 25;

/** The demo roles that have worklists, and the partner whose list is "Mijn taken". */
const roles = [
  { label: 'veilig-thuis', userId: 'demo-vt-anouk', lists: true },
  { label: 'team-sociaal', userId: 'demo-ts-iris', lists: true },
  { label: 'chain-partner', userId: 'demo-jeugdzorg-tim', lists: false },
] as const;

type Session = { cookie: string; csrfToken: string };

type Measured = { name: string; requests: number; p50: number; p99: number; max: number; items: number | null; total: number | null };

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

const round = (value: number): number => Math.round(value * 100) / 100;

/** Monday and Sunday of the current week (UTC is close enough for choosing a span). */
const thisWeek = (): { from: string; to: string } => {
  const today = new Date();
  const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7)));
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
};

const waitForProjections = async (url: string, timeoutMs: number, log: (line: string) => void): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let lastLog = 0;
  for (;;) {
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    const body = response?.ok ? ((await response.json()) as { projections?: { name: string; lag: number }[] }) : undefined;
    const projections = body?.projections ?? [];
    const behind = projections.filter((projection) => projection.lag > 0);
    // An empty list means the probe timed out counting a long lag, not that nothing is behind.
    if (projections.length > 0 && behind.length === 0) return;
    if (Date.now() > deadline) throw new Error('the projections did not catch up with the archive in time');
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      log(`worklists: waiting for projections: ${behind.map((projection) => `${projection.name} ${projection.lag}`).join(', ')}`);
    }
    await sleep(2_000);
  }
};

const signIn = async (url: string, userId: string, passwords: Map<string, string>): Promise<Session> => {
  const password = passwords.get(userId);
  if (password === undefined) throw new Error(`no demo account ${userId}`);
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: userId, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${userId} answered ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .find((pair) => pair?.startsWith('ketenregie_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return { cookie, csrfToken };
};

const measure = async (url: string, session: Session, name: string, path: string, requests: number): Promise<Measured> => {
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  let items: number | null = null;
  let total: number | null = null;
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1${path}`, { headers });
    const body = (await response.json()) as { items?: unknown[]; total?: number };
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${name} answered ${response.status}`);
    items = Array.isArray(body.items) ? body.items.length : null;
    total = typeof body.total === 'number' ? body.total : null;
    return elapsed;
  };
  for (let warm = 0; warm < 5; warm += 1) await once();
  const times: number[] = [];
  for (let index = 0; index < requests; index += 1) times.push(await once());
  times.sort((a, b) => a - b);
  return {
    name,
    requests,
    p50: round(quantile(times, 0.5)),
    p99: round(quantile(times, 0.99)),
    max: round(times.at(-1) ?? 0),
    items,
    total,
  };
};

export const measureWorklists = async (context: ArchiveBenchContext, options: WorklistsBenchOptions = {}): Promise<ArchiveBenchPart> => {
  const requests = options.requests ?? 200;
  const logDir = mkdtempSync(join(tmpdir(), 'ketenregie-worklists-'));
  context.log(`worklists: starting the API on the archive (log in ${logDir})`);
  const api = await startBenchApi({
    root: context.root,
    databaseUrl: context.databaseUrl,
    logDir,
    timeoutMs: options.catchUpTimeoutMs ?? 3_600_000,
    env: {
      MASTER_KEY: Buffer.from(context.masterKeyHex, 'hex').toString('base64'),
      // The demo directory and its accounts: the archive's cases are directed in the demo region.
      // The demo seed itself only loads into an empty event store, so the archive stays as it is.
      SEED_DEMO: 'true',
      ORGANISATIONS_FILE: null,
    },
  });
  const measured: Measured[] = [];
  try {
    await waitForProjections(api.url, options.catchUpTimeoutMs ?? 3_600_000, context.log);
    const listed = await fetch(`${api.url}/api/v1/auth/demo-accounts`);
    if (!listed.ok) throw new Error(`demo accounts answered ${listed.status}`);
    const { accounts } = (await listed.json()) as { accounts: { username: string; password: string }[] };
    const passwords = new Map(accounts.map((account) => [account.username, account.password]));
    const week = thisWeek();
    for (const role of roles) {
      const session = await signIn(api.url, role.userId, passwords);
      const run = async (name: string, path: string): Promise<void> => {
        if (options.only !== undefined && !`${role.label} ${name}`.includes(options.only)) return;
        const result = await measure(api.url, session, `${role.label} ${name}`, path, requests);
        context.log(
          `worklists: ${result.name} p50 ${result.p50} ms p99 ${result.p99} ms (items ${result.items ?? '-'}, total ${result.total ?? '-'})`,
        );
        measured.push(result);
      };
      if (!role.lists) {
        await run('my-tasks page 1', `/my-tasks?pageSize=${pageSize}`);
        await run('my-tasks page 20', `/my-tasks?pageSize=${pageSize}&page=20`);
        continue;
      }
      for (const list of worklistNames) {
        await run(`${list} page 1`, `/worklists/${list}?pageSize=${pageSize}`);
        await run(`${list} page 20`, `/worklists/${list}?pageSize=${pageSize}&page=20`);
        if (list === 'rappels') await run(`${list} mine page 1`, `/worklists/${list}?pageSize=${pageSize}&scope=mine`);
      }
      await run('counts', '/worklists/counts');
      await run('counts mine', '/worklists/counts?scope=mine');
      await run('facets my-cases', '/worklists/facets?list=my-cases');
      await run('facets assessments', '/worklists/facets?list=assessments');
      await run('facets rappels', '/worklists/facets?list=rappels');
      await run('rappel planner', `/rappels?from=${week.from}&to=${week.to}`);
      await run('rappel planner mine', `/rappels?from=${week.from}&to=${week.to}&scope=mine`);
    }
  } finally {
    await api.stop();
  }
  const lines: ArchiveBenchLine[] = measured.flatMap((result) => [
    { name: `worklists ${result.name} p99`, value: result.p99, unit: 'ms', target: { op: '<=' as const, value: targetP99Ms } },
  ]);
  return { part: 'worklists', lines, detail: { requests, pageSize, cases: context.cases, measured } };
};

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
};

// Run alone (run-ts.cjs makes this file `argv[1]` but requires it, so `require.main` is the loader).
if (resolve(process.argv[1] ?? '') === __filename) {
  const databaseUrl = argument('--database-url') ?? process.env['DATABASE_URL'];
  const masterKeyHex = argument('--master-key-hex');
  if (!databaseUrl || !masterKeyHex) {
    process.stderr.write(
      'usage: worklists.ts --database-url <url> --master-key-hex <hex> [--requests 200] [--cases N] [--root <checkout>] [--only <name>]\n',
    );
    process.exit(2);
  }
  const context: ArchiveBenchContext = {
    databaseUrl,
    masterKeyHex,
    truthFile: '',
    cases: Number(argument('--cases') ?? 0),
    events: 0,
    postmasterPid: null,
    // `--root`: another checkout's API on the same archive, for a before-and-after comparison.
    root: resolve(argument('--root') ?? resolve(__dirname, '../../..')),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  measureWorklists(context, { requests: Number(argument('--requests') ?? 200), only: argument('--only') })
    .then((part) => {
      for (const line of part.lines) {
        const ok =
          line.target === undefined || (line.target.op === '<=' ? line.value <= line.target.value : line.value >= line.target.value);
        process.stdout.write(
          `${line.name.padEnd(60)} ${String(line.value).padStart(9)} ${line.unit} ${line.target ? (ok ? 'ok' : 'FAILED') : ''}\n`,
        );
      }
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
