import { Client } from 'pg';
import { planDemoRegion } from '@ketenregie/demo';
import { LOCAL_MAILBOX_TABLE } from '@ketenregie/feedback-server';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { logEntries, startApiProcess } from '../test-support/api-process';

// A small demo region (DEMO_SCALE) so the whole load takes seconds, through the real API process.
// Its year ends at the moment it loads, so what is open then depends on the hour: at 0.05 (about
// 400 intakes a year) a Sunday morning could find no assessment open at all; 0.1 keeps several.
const demoScale = '0.1';

const messages = (api: RunningApiProcess): string[] =>
  logEntries(api.stdout()).map((entry) => (typeof entry['msg'] === 'string' ? entry['msg'] : ''));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitForLog = async (api: RunningApiProcess, pattern: RegExp, timeoutMs = 180_000): Promise<string> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = messages(api).find((message) => pattern.test(message));
    if (found) return found;
    if (api.child.exitCode !== null) throw new Error(`API exited before logging ${pattern}:\n${api.stderr()}`);
    await sleep(100);
  }
  throw new Error(`API did not log ${pattern} within ${timeoutMs} ms; it logged:\n${messages(api).join('\n')}`);
};

/** Waits until every read model has applied every event, so queries see the whole region. */
const waitForProjections = async (api: RunningApiProcess): Promise<void> => {
  for (;;) {
    const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { projections: { lag: number }[] };
    if (ready.projections.length > 0 && ready.projections.every((projection) => projection.lag === 0)) return;
    await sleep(200);
  }
};

type Worklist = {
  total: number;
  items: { caseId: string; director: { person: { personId: string }; organisation: { organisationId: string; kind: string } } }[];
};

const rowsOf = async <T>(database: TestDatabase, text: string): Promise<T[]> => {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
};

/**
 * The demo year's referrers heard back through the one path from a milestone to feedback: every
 * message is a `message-queued` event (only `queueFeedback` writes those) at the milestone's own
 * moment, its mail's outcome is recorded at the moment of the past it was delivered, the local
 * mailbox is not flooded with a year of history, and informants heard nothing.
 */
const expectFeedbackOfTheYear = async (database: TestDatabase): Promise<void> => {
  type Queued = { data: { messageId: string; reportId: string; milestone: string; channel: string; queuedAt: string } };
  const queued = await rowsOf<Queued>(
    database,
    `select data from event_store.es_events where event_type = 'feedback.message-queued' and stream_id like 'feedback-demo-%'`,
  );
  expect(queued.length).toBeGreaterThan(100);
  const milestones = new Set(queued.map(({ data }) => data.milestone));
  expect([...milestones].sort()).toEqual(
    expect.arrayContaining(['case-closed', 'handed-over', 'report-received', 'safety-assessment-done']) as unknown as string[],
  );
  const monthAgo = Date.now() - 30 * 86_400_000;
  expect(queued.filter(({ data }) => Date.parse(data.queuedAt) < monthAgo).length).toBeGreaterThan(queued.length / 2);

  const settled = await rowsOf<{ event_type: string; data: { at: string } }>(
    database,
    `select event_type, data from event_store.es_events where event_type in ('feedback.message-delivered', 'feedback.message-refused', 'feedback.message-failed') and stream_id like 'feedback-demo-%'`,
  );
  const mailed = queued.filter(({ data }) => data.channel === 'email');
  expect(mailed.length).toBeGreaterThan(0);
  // Every mail of the year has its outcome, most delivered, at a moment of the past.
  // (A mail the delivery worker of a second process took first is delivered now, into the local mailbox.)
  expect(settled.length).toBeGreaterThanOrEqual(mailed.length * 0.98);
  const delivered = settled.filter((row) => row.event_type === 'feedback.message-delivered');
  expect(delivered.length / settled.length).toBeGreaterThan(0.9);
  expect(delivered.filter(({ data }) => Date.parse(data.at) < monthAgo).length).toBeGreaterThan(delivered.length / 2);
  const [{ count }] = await rowsOf<{ count: string }>(database, `select count(*) as count from ${LOCAL_MAILBOX_TABLE}`);
  expect(Number(count)).toBeLessThan(mailed.length / 10);

  // Informants are never told anything; the published referrer accounts have feedback to read.
  const [marker] = await rowsOf<{ data: { seed: number; scale: number; endsAt: string } }>(
    database,
    `select data from event_store.es_events where stream_id = 'demo-region' order by stream_revision limit 1`,
  );
  const plan = planDemoRegion({ seed: marker.data.seed, scale: marker.data.scale, endsAt: new Date(marker.data.endsAt) });
  const reports = plan.cases.flatMap(({ commands }) =>
    commands.flatMap(({ command }) => (command.type === 'cases.register-report' ? [command.data] : [])),
  );
  // Over every message of the year, not only the informants a small region happens to have (at
  // this scale some hours' plans have none): each went to a report of the plan, none to an informant.
  const referrerKinds = new Map(reports.map((report) => [report.reportId, report.referrer.kind]));
  const toldKinds = new Set(queued.map(({ data }) => referrerKinds.get(data.reportId) ?? 'not a report of the plan'));
  expect([...toldKinds].filter((kind) => kind === 'informant' || kind === 'not a report of the plan')).toEqual([]);
  expect(toldKinds.size).toBeGreaterThan(1);
  const byAccount = new Set(
    reports
      .filter((report) => report.referrer.kind === 'directory-professional' && report.referrer.personId !== undefined)
      .map((report) => report.reportId),
  );
  expect(queued.filter(({ data }) => byAccount.has(data.reportId)).length).toBeGreaterThan(0);
};

describe('demo region (SEED_DEMO)', () => {
  const databases: TestDatabase[] = [];
  const apis: RunningApiProcess[] = [];
  const accountsOf = new Map<RunningApiProcess, TestAccounts>();
  const sessions = new Map<string, Record<string, string>>();

  /**
   * Signs in to this API as a demo director. The account gets a password of the test's own: a
   * demo account's password changes at every start, and the other directors have no account.
   */
  const as = async (api: RunningApiProcess, userId: string, organisationId: string, localTeam = false): Promise<Record<string, string>> => {
    const key = `${api.url} ${userId}`;
    let headers = sessions.get(key);
    if (!headers) {
      const accounts = accountsOf.get(api);
      if (!accounts) throw new Error('unknown API');
      const password = await accounts.create({
        userId,
        organisationId,
        roles: [localTeam ? 'team-sociaal-consultant' : 'veilig-thuis-professional'],
      });
      headers = (await signIn(api.url, userId, password)).headers;
      sessions.set(key, headers);
    }
    return headers;
  };

  // The status's counts need a session (any role); without one it says only that the API is up.
  const caseEventCount = async (api: RunningApiProcess): Promise<number> => {
    const headers = await as(api, 'demo-vt-anouk', 'demo-vt');
    const status = (await (await fetch(`${api.url}/api/v1/status`, { headers })).json()) as {
      events: { byType: { type: string; count: number }[] };
    };
    return status.events.byType.filter((entry) => entry.type.startsWith('cases.')).reduce((sum, entry) => sum + entry.count, 0);
  };

  const worklist = async (
    api: RunningApiProcess,
    name: string,
    userId = 'demo-vt-anouk',
    organisationId = 'demo-vt',
    localTeam = false,
  ): Promise<Worklist> => {
    const response = await fetch(`${api.url}/api/v1/worklists/${name}?pageSize=5`, {
      headers: await as(api, userId, organisationId, localTeam),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Worklist;
  };

  const start = async (database: TestDatabase, env: Record<string, string>): Promise<RunningApiProcess> => {
    // The deadline scheduler runs on the real clock and may mark what falls due today after the
    // demo's simulated year ends; kept out of the way so the event counts compare the load alone.
    const api = await startApiProcess(
      { DATABASE_URL: database.url, PORT: '0', DEMO_SCALE: demoScale, DEADLINE_SCAN_INTERVAL_MS: '3600000', ...env },
      90_000,
    );
    apis.push(api);
    accountsOf.set(api, await testAccounts(database.url));
    return api;
  };

  afterAll(async () => {
    for (const api of apis) await api.stop();
    for (const accounts of accountsOf.values()) await accounts.close();
    for (const database of databases) await database.drop();
  });

  it('loads nothing with SEED_DEMO=false', async () => {
    const database = await createTestDatabase('demo_off');
    databases.push(database);
    const api = await start(database, { SEED_DEMO: 'false' });
    await waitForLog(api, /projection runner started/);
    await sleep(3000);
    await waitForProjections(api);
    expect(await caseEventCount(api)).toBe(0);
    expect(messages(api).filter((message) => /demo region/i.test(message))).toEqual([]);
    expect(api.stdout()).not.toContain('Demo account');
    // The demo organisations are not known either; a professional of the test organisations sees an empty region.
    expect((await worklist(api, 'assessments-due', 'vt-anna', 'vt-zhz')).total).toBe(0);
  }, 120_000);

  it('loads once with two processes starting together, continues after a stop, and never twice', async () => {
    const database = await createTestDatabase('demo_on');
    databases.push(database);
    const [first, second] = await Promise.all([start(database, { SEED_DEMO: 'true' }), start(database, { SEED_DEMO: 'true' })]);

    // Exactly one of the two loads; the other steps aside.
    const loader = await Promise.race([
      waitForLog(first, /loading demo region: \d+ %/).then(() => first),
      waitForLog(second, /loading demo region: \d+ %/).then(() => second),
    ]);
    const other = loader === first ? second : first;
    await waitForLog(other, /demo region is being loaded by another process/);

    // A shutdown in the middle stops cleanly; the next start continues the same plan.
    await loader.stop();
    expect(messages(loader).some((message) => /demo region loading stopped after \d+ of \d+ commands/.test(message))).toBe(true);
    await other.stop();
    const resumed = await start(database, { SEED_DEMO: 'true' });
    await waitForLog(resumed, /continuing to load the demo region/);
    const loaded = await waitForLog(resumed, /demo region loaded: \d+ cases, \d+ events/);
    const [, cases, events] = /loaded: (\d+) cases, (\d+) events/.exec(loaded) ?? [];
    expect(loaded).toContain('0 cases incomplete');
    expect(Number(cases)).toBeGreaterThan(100);

    // Health stays ready and the region looks like the real thing on the worklists.
    expect((await fetch(`${resumed.url}/health/ready`)).status).toBe(200);
    await waitForProjections(resumed);
    // Every command ran exactly once, whether before or after the stop.
    expect(await caseEventCount(resumed)).toBe(Number(events));
    const flags = await worklist(resumed, 'recidivism-flags');
    expect(flags.total).toBeGreaterThan(0);
    const assessments = (await worklist(resumed, 'assessments-due')).total + (await worklist(resumed, 'assessments-overdue')).total;
    expect(assessments).toBeGreaterThan(0);
    const rappels = (await worklist(resumed, 'rappels-due')).total + (await worklist(resumed, 'rappels-overdue')).total;
    expect(rappels).toBeGreaterThan(0);
    const director = flags.items[0].director.person.personId;
    const { organisationId, kind } = flags.items[0].director.organisation;
    expect(director).toMatch(/^demo-/);
    expect((await worklist(resumed, 'my-cases', director, organisationId, kind === 'local-team')).total).toBeGreaterThan(0);

    const detail = await fetch(`${resumed.url}/api/v1/cases/${flags.items[0].caseId}`, {
      headers: await as(resumed, director, organisationId, kind === 'local-team'),
    });
    expect(detail.status).toBe(200);
    expect(JSON.stringify(await detail.json())).toContain('(DEMO)');

    await expectFeedbackOfTheYear(database);

    // A restart finds the region loaded and adds nothing.
    await resumed.stop();
    const restarted = await start(database, { SEED_DEMO: 'true' });
    await waitForLog(restarted, /demo region already loaded/);
    await waitForProjections(restarted);
    expect(await caseEventCount(restarted)).toBe(Number(events));
  }, 420_000);
});
