import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { fullSystemStatusSchema, problemSchema, readinessSchema } from '@ketenregie/contracts';
import type { Readiness } from '@ketenregie/contracts';
import { CASE_REGISTER_PROJECTION, appendDecidedCaseHistory } from '@ketenregie/cases-server';
import type { CaseHistoryStep } from '@ketenregie/cases-server';
import type { Checkpoint } from '@ketenregie/event-store';
import { EVENT_STATISTICS_PROJECTION } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { ApiConfig } from '../config/config';
import { findRepoRoot } from '../config/repo-root';
import { createLogger } from '../logging/logger';
import { projections } from '../projections/registry';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// The production failure through the real case commands' events, the real encrypting
// store and the real read models: a street with U+0000 is sealed into the event without trouble,
// and opened again it is a text PostgreSQL cannot hold in jsonb (22P05).

// Test data only: invented professional and families.
const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
};
const actor = { userId: 'vt-anna', organisationId: 'vt-zhz' };

const report = (familyId: string, street: string, tag: string): CaseHistoryStep[] => [
  {
    at: new Date(),
    actor,
    type: 'cases.register-report',
    data: {
      familyId,
      reportId: 'r1',
      referrer: {
        kind: 'professional',
        name: `Melder ${tag}`,
        organisation: 'Politie',
        role: 'wijkagent',
        contact: { phone: '0900-8844' },
      },
      sourceCategory: 'police',
      formsOfViolence: ['partner-violence'],
      concern: `Ruzie bij ${tag}.`,
      household: {
        address: { street, houseNumber: '1', postcode: '4201AB', municipality: 'Gorinchem' },
        members: [{ memberId: 'm1', role: 'adult', name: { givenNames: 'Ina', familyName: `Vos${tag}` }, dateOfBirth: '1979-09-09' }],
      },
      receivedBy: anna,
    },
  },
  { at: new Date(), actor, type: 'cases.start-safety-assessment', data: { assessmentId: 'r1' } },
];

type ParkedRow = Record<string, unknown> & { projection: string; reason: string; stream_id: string; generation: number };

describe('an event the read models cannot apply, through the API', () => {
  let database: TestDatabase;
  let config: ApiConfig;
  let api: RunningApi;
  let accounts: TestAccounts;
  let analyst: SignedIn;
  let dataSource: DataSource;
  const logLines: string[] = [];
  // Only the failing family's events carry it: no row, log line or answer may ever show it.
  const marker = `Geheim${randomBytes(4).toString('hex')}`;
  const bad = { caseId: `case-${randomUUID().slice(0, 8)}`, familyId: `family-${randomUUID().slice(0, 8)}` };
  const good = { caseId: `case-${randomUUID().slice(0, 8)}`, familyId: `family-${randomUUID().slice(0, 8)}` };

  const start = async (): Promise<RunningApi> =>
    startApi({ config, logger: createLogger('info', { write: (line: string) => void logLines.push(line) }) });

  beforeAll(async () => {
    database = await createTestDatabase('api_parked');
    // A small lag bound and window, so "falling behind" shows within a second.
    config = { ...testApiConfig(database.url), readiness: { maxProjectionLag: 5, lagGrowthWindowMs: 500 } };
    api = await start();
    accounts = await testAccounts(database.url);
    analyst = await accounts.signInAs(api.url, { userId: 'ana', organisationId: 'gemeente-gorinchem', roles: ['policy-analyst'] });
    dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const caughtUp = async (checkpoint: string): Promise<void> => {
    for (const projection of projections) {
      await api.infrastructure.projectionRunner.waitFor(projection.name, checkpoint as Checkpoint, 30_000);
    }
  };

  const readiness = async (): Promise<{ status: number; body: Readiness }> => {
    const response = await fetch(`${api.url}/health/ready`);
    if (response.status !== 503) return { status: response.status, body: readinessSchema.parse(await response.json()) };
    // Unavailable is an error answer like any other: a problem, with the checks as an extension member.
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = problemSchema.extend({ readiness: readinessSchema }).parse(await response.json());
    expect(problem).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.any(String) });
    return { status: response.status, body: problem.readiness };
  };

  const parkedRows = async (): Promise<ParkedRow[]> =>
    (await dataSource.query('select * from projection_parked_events order by seq')) as ParkedRow[];

  const summaries = async (caseId: string): Promise<unknown[]> =>
    (await dataSource.query('select case_id from case_summaries where case_id = $1', [caseId])) as unknown[];

  it('parks it in each read model that cannot apply it, goes on with the region, and says so', async () => {
    await appendDecidedCaseHistory(api.infrastructure.eventStore, bad.caseId, report(bad.familyId, `Dorpsstraat${marker}\u0000`, marker));
    const { checkpoint } = await appendDecidedCaseHistory(
      api.infrastructure.eventStore,
      good.caseId,
      report(good.familyId, 'Dijkstraat', 'Goed'),
    );
    await caughtUp(checkpoint);

    // The case written after it is there; the failing family's case waits.
    expect(await summaries(good.caseId)).toHaveLength(1);
    expect(await summaries(bad.caseId)).toHaveLength(0);

    const parked = await parkedRows();
    const register = parked.filter((row) => row.projection === CASE_REGISTER_PROJECTION);
    expect(register.map((row) => [row.reason, row.stream_id])).toEqual([
      ['failed', `case-${bad.caseId}`],
      ...register.slice(1).map(() => ['held', `case-${bad.caseId}`]),
    ]);
    expect(register[0]).toMatchObject({ error_code: '22P05', error_class: 'QueryFailedError', generation: 1 });
    expect(register[0]['error_message']).toMatch(/^PostgreSQL 22P05 untranslatable_character/);
    expect(parked.every((row) => row.stream_id === `case-${bad.caseId}`)).toBe(true);
    expect(JSON.stringify(parked)).not.toContain(marker);

    // The intakes also start work that appends after them (the referrers' feedback): wait until the
    // register has read the log to its end, then read its state.
    let ready = await readiness();
    const registerLag = () => ready.body.projections.find((projection) => projection.name === CASE_REGISTER_PROJECTION)?.lag;
    for (const until = Date.now() + 10_000; registerLag() !== 0 && Date.now() < until; ready = await readiness()) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.projections.find((projection) => projection.name === CASE_REGISTER_PROJECTION)).toEqual({
      name: CASE_REGISTER_PROJECTION,
      lag: 0,
      state: 'degraded',
      parkedEvents: 1,
      heldEvents: register.length - 1,
    });
    expect(ready.body.projections.find((projection) => projection.name === EVENT_STATISTICS_PROJECTION)?.state).toBe('ok');

    const status = fullSystemStatusSchema.parse(await (await fetch(`${api.url}/api/v1/status`, { headers: analyst.headers })).json());
    for (const projection of status.projections) {
      const rows = parked.filter((row) => row.projection === projection.name);
      expect({ name: projection.name, parkedEvents: projection.parkedEvents, heldEvents: projection.heldEvents }).toEqual({
        name: projection.name,
        parkedEvents: rows.filter((row) => row.reason === 'failed').length,
        heldEvents: rows.filter((row) => row.reason === 'held').length,
      });
    }
    // Without a session: up, nothing more.
    expect(await (await fetch(`${api.url}/api/v1/status`)).json()).toEqual({
      scope: 'public',
      application: 'Ketenregie',
      status: 'up',
      time: expect.any(String),
    });

    const parkedLog = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => String(entry['msg']).startsWith('projection event parked'));
    expect(parkedLog).toMatchObject({
      level: 'error',
      component: 'projections',
      projection: CASE_REGISTER_PROJECTION,
      checkpoint: register[0]['checkpoint'],
      eventType: register[0]['event_type'],
      errorCode: '22P05',
    });
    expect(logLines.join('\n')).not.toContain(marker);
  });

  it('lets `npm run projections:rebuild` finish on that store, parking the event in the new generation', async () => {
    const root = findRepoRoot();
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(root, 'tools/scripts/run-ts.cjs'), join(root, 'tools/scripts/projections-rebuild.ts'), CASE_REGISTER_PROJECTION],
        { cwd: root, env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-2)).toMatch(
      new RegExp(`^Rebuilt ${CASE_REGISTER_PROJECTION.replace('.', '\\.')}: generation 1 -> 2, \\d+ events\\.$`),
    );
    const held = (await parkedRows()).filter((row) => row.projection === CASE_REGISTER_PROJECTION && row.reason === 'held').length;
    expect(lines.at(-1)).toBe(
      `Parked 1 event that fails to apply${held > 0 ? `, and held ${held} event${held === 1 ? '' : 's'} of the same streams behind it` : ''}; ` +
        'retried when a process starts and then with backoff, listed in projection_parked_events; /health/ready says degraded.',
    );
    expect(run.stdout).not.toContain(marker);

    const register = (await parkedRows()).filter((row) => row.projection === CASE_REGISTER_PROJECTION);
    expect(register.map((row) => row.generation)).toEqual(register.map(() => 2));
    expect(register[0]).toMatchObject({ reason: 'failed', error_code: '22P05' });
    expect(await summaries(good.caseId)).toHaveLength(1);
    const ready = await readiness();
    expect(ready.body.projections.find((projection) => projection.name === CASE_REGISTER_PROJECTION)).toMatchObject({
      state: 'degraded',
      parkedEvents: 1,
    });
  });

  it('applies the parked events at the next start once the cause is gone (here: the family erased)', async () => {
    await api.infrastructure.erasure.erase(bad.familyId, 'request');
    // A deploy: the new process takes the projections up and retries everything parked.
    await api.close();
    api = await start();
    const deadline = Date.now() + 30_000;
    while ((await parkedRows()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await parkedRows()).toEqual([]);
    const [erased] = (await dataSource.query('select family_label from case_summaries where case_id = $1', [bad.caseId])) as {
      family_label: string;
    }[];
    expect(erased).toEqual({ family_label: '[gewist]' });
    const ready = await readiness();
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(
      ready.body.projections.every((projection) => projection.state === 'ok' && projection.parkedEvents + projection.heldEvents === 0),
    ).toBe(true);
    expect(logLines.join('\n')).not.toContain(marker);
  });

  it('answers 503 while a projection falls ever further behind, and when it runs nowhere', async () => {
    // Another process that holds the statistics projection's lease and makes no progress: a hung runner.
    // (A transaction holding its state row would not do: events after an open transaction stay
    // invisible to every reader until it ends, so the lag would not grow.)
    await dataSource.query(
      `update projection_state set lease_owner = 'elsewhere:1:hung', lease_expires_at = now() + interval '1 hour' where name = $1`,
      [EVENT_STATISTICS_PROJECTION],
    );
    try {
      for (let n = 0; n < 10; n++) await api.infrastructure.eventStore.appendToStream(`lagging-${n}`, [{ type: 'test.lagging', data: {} }]);
      const first = await readiness();
      expect(first.status).toBe(200);
      expect(first.body.projections.find((projection) => projection.name === EVENT_STATISTICS_PROJECTION)).toMatchObject({
        lag: 10,
        state: 'ok',
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await api.infrastructure.eventStore.appendToStream('lagging-more', [{ type: 'test.lagging', data: {} }]);
      const second = await readiness();
      expect(second.status).toBe(503);
      expect(second.body.status).toBe('unavailable');
      expect(second.body.projections.find((projection) => projection.name === EVENT_STATISTICS_PROJECTION)).toMatchObject({
        state: 'falling-behind',
        lag: 11,
      });
    } finally {
      await dataSource.query(`update projection_state set lease_expires_at = now() - interval '1 second' where name = $1`, [
        EVENT_STATISTICS_PROJECTION,
      ]);
    }
    const deadline = Date.now() + 10_000;
    let after = await readiness();
    while (after.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await readiness();
    }
    expect(after.body).toMatchObject({ status: 'ok' });

    await api.infrastructure.projectionRunner.stop();
    const stopped = await readiness();
    expect(stopped.status).toBe(503);
    expect(stopped.body.status).toBe('unavailable');
    expect(stopped.body.projections.every((projection) => projection.state === 'stopped')).toBe(true);
  });
});
