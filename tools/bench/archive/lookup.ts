// Family lookup on a seeded archive, against the generator's ground truth: does the duplicate check
// find every member's own case by their true spelling and date of birth, and does search find (and
// rank first) the family for each misspelling a later report makes?
//
// In-process, with the real query handler (exact) and the real read-model SQL and ranking (search),
// not over HTTP: need-to-know limits every user to the cases their organisation is involved in, so
// no signed-in user could look for a sample spread over the whole archive. The duplicate check runs
// over all cases anyway (it must see every family); search is measured the same way, over the whole
// archive, which gives it more strangers to rank below the true family than any user's view would.
// Search is by name and date of birth only (no address): the harder case, as an address would add
// to the true family's score. Latency is wall-clock per lookup, SQL and ranking, on a shared machine.
//
// Alone: node tools/scripts/run-ts.cjs tools/bench/archive/lookup.ts [--cases 50000] [--sample 400]
//   seeds an archive into a fresh database (embedded PostgreSQL unless DATABASE_URL), starts the API
//   once so its projections build the read models, stops it and measures.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Household } from '@ketenregie/cases-domain';
import { familyIdentityKeys, searchQueryTexts } from '@ketenregie/cases-domain';
import {
  CaseReadModel,
  FindExactFamilyMatches,
  FindExactFamilyMatchesHandler,
  rankFamilyCandidates,
  searchHousehold,
} from '@ketenregie/cases-server';
import type { ArchiveTruth } from '@ketenregie/demo';
import { startBenchApi } from '../api/api-process';
import { startBenchServer } from '../bench-postgres-server';
import type { ArchiveBenchContext, ArchiveBenchLine, ArchiveBenchPart } from './archive-bench';

export type FamilyLookupOptions = {
  /** Cases sampled from the ground truth (every member and every misspelling of each). */
  sample?: number;
  /** Candidates search returns, as the search form asks for. */
  limit?: number;
};

const kinds = ['one-typo', 'swapped-letters', 'missing-diacritic', 'swapped-names'] as const;

/** Evenly spread over the file: the first cases are no different from the last, and a rerun samples the same ones. */
const sampleTruth = async (truthFile: string, cases: number, sample: number): Promise<ArchiveTruth[]> => {
  const every = Math.max(1, Math.floor(cases / sample));
  const picked: ArchiveTruth[] = [];
  let index = 0;
  for await (const line of createInterface({ input: createReadStream(truthFile), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const parsed = JSON.parse(line) as ArchiveTruth | { kind: string };
    if (!('caseId' in parsed)) continue;
    if (index % every === 0 && picked.length < sample) picked.push(parsed);
    index += 1;
  }
  return picked;
};

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const share = (hits: number, total: number): number => (total === 0 ? Number.NaN : Math.round((hits / total) * 10_000) / 100);

const round = (value: number): number => Math.round(value * 100) / 100;

export const measureFamilyLookup = async (context: ArchiveBenchContext, options: FamilyLookupOptions = {}): Promise<ArchiveBenchPart> => {
  const sample = options.sample ?? 400;
  const limit = options.limit ?? 10;
  const truth = await sampleTruth(context.truthFile, context.cases, sample);
  context.log(`lookup: ${truth.length} sampled cases`);
  const dataSource = new DataSource({ type: 'postgres', url: context.databaseUrl, logging: false, extra: { max: 2 } });
  await dataSource.initialize();
  try {
    const readModel = new CaseReadModel(dataSource);
    const exactHandler = new FindExactFamilyMatchesHandler(readModel);
    // The duplicate check's own view: every case, each marked visible.
    const everyCase = () => 'true';

    const exactTimes: number[] = [];
    let exactAsked = 0;
    let exactFound = 0;
    for (const known of truth) {
      for (const member of known.members) {
        if (!member.dateOfBirth) continue;
        const household: Household = {
          address: { postcode: known.postcode, houseNumber: known.houseNumber, municipality: '' },
          members: [{ memberId: 'intake', role: member.role, name: member.name, dateOfBirth: member.dateOfBirth }],
        };
        const started = performance.now();
        const matches = await exactHandler.execute(new FindExactFamilyMatches(household, everyCase));
        exactTimes.push(performance.now() - started);
        exactAsked += 1;
        if (matches.some((match) => match.caseId === known.caseId)) exactFound += 1;
      }
    }

    const searchTimes: number[] = [];
    const byKind = new Map<string, { asked: number; found: number; first: number }>(
      kinds.map((kind) => [kind, { asked: 0, found: 0, first: 0 }]),
    );
    for (const known of truth) {
      for (const query of known.queries) {
        const household = searchHousehold({
          givenNames: query.name.givenNames,
          familyName: query.name.familyName,
          ...(query.name.prefix ? { prefix: query.name.prefix } : {}),
          ...(query.dateOfBirth ? { dateOfBirth: query.dateOfBirth } : {}),
          limit,
        } as Parameters<typeof searchHousehold>[0]);
        const started = performance.now();
        // What SearchFamiliesHandler runs, without the need-to-know filter and the access-log entry.
        const rows = await readModel.familyCandidates(familyIdentityKeys(household), {
          nameTexts: household.members.flatMap(searchQueryTexts),
        });
        const { candidates } = rankFamilyCandidates(household, rows, limit);
        searchTimes.push(performance.now() - started);
        const counts = byKind.get(query.how) ?? { asked: 0, found: 0, first: 0 };
        byKind.set(query.how, counts);
        counts.asked += 1;
        // The family is what counts: a family with a second case may show that one first.
        if (candidates.some((candidate) => candidate.familyId === known.familyId)) counts.found += 1;
        if (candidates[0]?.familyId === known.familyId) counts.first += 1;
      }
    }

    const all = [...byKind.values()].reduce(
      (sum, next) => ({ asked: sum.asked + next.asked, found: sum.found + next.found, first: sum.first + next.first }),
      {
        asked: 0,
        found: 0,
        first: 0,
      },
    );
    const [{ members, cases }] = (await dataSource.query(
      'select count(*)::int as members, count(distinct case_id)::int as cases from family_index',
    )) as { members: number; cases: number }[];
    const lines: ArchiveBenchLine[] = [
      { name: 'lookup: indexed cases', value: cases, unit: 'cases' },
      { name: 'lookup: indexed members', value: members, unit: 'members' },
      {
        name: 'lookup: exact duplicate recall (true spelling + date of birth)',
        value: share(exactFound, exactAsked),
        unit: '%',
        target: { op: '>=', value: 100 },
      },
      ...kinds.flatMap((kind): ArchiveBenchLine[] => {
        const counts = byKind.get(kind) ?? { asked: 0, found: 0, first: 0 };
        return [
          { name: `lookup: search recall, ${kind}`, value: share(counts.found, counts.asked), unit: '%', target: { op: '>=', value: 95 } },
          { name: `lookup: search rank 1, ${kind}`, value: share(counts.first, counts.asked), unit: '%', target: { op: '>=', value: 95 } },
        ];
      }),
      { name: 'lookup: search recall, all misspellings', value: share(all.found, all.asked), unit: '%', target: { op: '>=', value: 95 } },
      { name: 'lookup: search rank 1, all misspellings', value: share(all.first, all.asked), unit: '%', target: { op: '>=', value: 95 } },
      { name: 'lookup: exact check p50', value: round(percentile(exactTimes, 50)), unit: 'ms' },
      { name: 'lookup: exact check p99', value: round(percentile(exactTimes, 99)), unit: 'ms', target: { op: '<=', value: 100 } },
      { name: 'lookup: search p50', value: round(percentile(searchTimes, 50)), unit: 'ms' },
      { name: 'lookup: search p99', value: round(percentile(searchTimes, 99)), unit: 'ms', target: { op: '<=', value: 100 } },
    ];
    return {
      part: 'lookup',
      lines,
      detail: {
        sampledCases: truth.length,
        exact: { asked: exactAsked, found: exactFound },
        search: Object.fromEntries(byKind),
        searchLimit: limit,
        path: 'in-process: FindExactFamilyMatchesHandler; CaseReadModel.familyCandidates + rankFamilyCandidates without need-to-know',
      },
    };
  } finally {
    await dataSource.destroy();
  }
};

const run = (command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> =>
  new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });

/**
 * Waits until the case register holds every case and the API reports it at the end of the log at
 * three looks in a row. An empty or missing status (the probe times out on a busy machine) is no
 * answer, not a caught-up register.
 */
const caughtUp = async (url: string, databaseUrl: string, cases: number, log: (line: string) => void): Promise<void> => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let quiet = 0;
    const deadline = Date.now() + 30 * 60_000;
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error('the case register did not catch up within 30 minutes');
      await new Promise((done) => setTimeout(done, 2_000));
      const counted = await client
        .query<{ cases: number }>('select count(*)::int as cases from case_summaries')
        .catch(() => ({ rows: [{ cases: 0 }] }));
      const indexed = counted.rows[0]?.cases ?? 0;
      const ready = (await (await fetch(`${url}/health/ready`)).json().catch(() => ({}))) as {
        projections?: { name: string; lag: number }[];
      };
      const register = ready.projections?.find((projection) => projection.name === 'cases.case-register');
      quiet = indexed >= cases && register?.lag === 0 ? quiet + 1 : 0;
      log(`lookup: case register ${indexed}/${cases} cases, lag ${register?.lag ?? 'unknown'}`);
    }
  } finally {
    await client.end();
  }
};

const main = async (): Promise<void> => {
  const argument = (name: string, fallback: number): number => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const cases = argument('--cases', 50_000);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const root = resolve(__dirname, '../../..');
  const server = await startBenchServer(log);
  const work = await mkdtemp(join(tmpdir(), 'ketenregie-lookup-'));
  try {
    const databaseUrl = await server.createDatabase('lookup');
    const masterKey = randomBytes(32);
    const truthFile = join(work, 'truth.jsonl');
    const env = { ...process.env, DATABASE_URL: databaseUrl, MASTER_KEY: masterKey.toString('base64') };
    await run(
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
      env,
      root,
    );
    const api = await startBenchApi({
      root,
      databaseUrl,
      logDir: work,
      timeoutMs: 600_000,
      env: { MASTER_KEY: masterKey.toString('base64') },
    });
    try {
      await caughtUp(api.url, databaseUrl, cases, log);
    } finally {
      await api.stop();
    }
    const part = await measureFamilyLookup(
      { databaseUrl, masterKeyHex: masterKey.toString('hex'), truthFile, cases, events: 0, postmasterPid: server.postmasterPid, root, log },
      { sample: argument('--sample', 400) },
    );
    for (const line of part.lines) {
      const verdict = line.target
        ? (line.target.op === '>=' ? line.value >= line.target.value : line.value <= line.target.value)
          ? ' ok'
          : ' FAILED'
        : '';
      process.stdout.write(`${line.name}: ${line.value} ${line.unit}${verdict}\n`);
    }
    process.stdout.write(`${JSON.stringify(part.detail)}\n`);
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
};

// Run through tools/scripts/run-ts.cjs, which requires this file with its path as argv[1].
if (process.argv[1] === __filename) {
  main().catch((error: unknown) => {
    process.stderr.write(`lookup bench failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
