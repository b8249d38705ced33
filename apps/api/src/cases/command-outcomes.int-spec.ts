import { randomUUID } from 'node:crypto';
import { AccessLog } from '@ketenregie/access-server';
import type { AccessLogEntry } from '@ketenregie/access-server';
import { caseCommandResultSchema } from '@ketenregie/contracts';
import type { CaseCommandResult, RegisterReportBody } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// One command, one access-log entry that says what it came to (docs/adr/0004-access-log.md), and
// Idempotency-Keys that belong to their user. The real app, real sign-in, the real access log and
// event store. Test data only: invented professionals and households.

const vt = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const people = {
  anna: { userId: 'vt-anna', name: 'Anna de Vries' },
  bram: { userId: 'vt-bram', name: 'Bram Visser' },
};
type Who = keyof typeof people;

let database: TestDatabase;
let api: RunningApi;
let accounts: TestAccounts;
let accessLog: AccessLog;
const as = {} as Record<Who | 'ugo', SignedIn>;
let families = 0;

const reportBody = (who: Who = 'anna'): RegisterReportBody => {
  const n = families++;
  return {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'intern begeleider',
      contact: { email: 'e.jansen@example.org' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Zorgen over het gezin.',
    household: {
      address: { street: 'Uitkomstlaan', houseNumber: String(n + 1), postcode: '4201 UK', municipality: 'Gorinchem' },
      members: [
        {
          role: 'child',
          name: { givenNames: 'Sara', familyName: `Uitkomst${n}` },
          dateOfBirth: `2015-01-${String((n % 28) + 1).padStart(2, '0')}`,
        },
      ],
    },
    receivedBy: { person: { personId: people[who].userId, name: people[who].name }, organisation: vt },
  };
};

type Reply = { status: number; headers: Headers; body: unknown; requestId: string };

const post = async (path: string, body: unknown, options: { as?: Who | 'ugo'; key?: string; ifMatch?: string } = {}): Promise<Reply> => {
  const requestId = `outcome-${randomUUID()}`;
  const headers: Record<string, string> = {
    ...as[options.as ?? 'anna'].headers,
    'Content-Type': 'application/json',
    'Idempotency-Key': options.key ?? randomUUID(),
    'X-Request-Id': requestId,
  };
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  const response = await fetch(`${api.url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined, requestId };
};

const ok = (reply: Reply, status = 200): CaseCommandResult => {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return caseCommandResultSchema.parse(reply.body);
};

type Row = { sequence: number; action: string; outcome: string | null; completes: number | null };

/** Every row the request left in the access log, in chain order. */
const rowsOf = async (requestId: string): Promise<Row[]> =>
  (await accounts.dataSource.query(
    `select sequence::int as sequence, action, outcome, completes::int as completes from access_log where request_id = $1 order by sequence`,
    [requestId],
  )) as Row[];

/** The request's entries as the privacy officer sees them: one line per access, with its outcome. */
const linesOf = async (caseId: string, requestId: string): Promise<Pick<AccessLogEntry, 'action' | 'outcome'>[]> =>
  (await accessLog.search({ caseId }, { limit: 1000, offset: 0 }))
    .filter((line) => line.requestId === requestId)
    .map(({ action, outcome }) => ({ action, outcome }));

/** A pending entry's completion is written after the answer: wait for it. */
const settled = async (caseId: string, requestId: string): Promise<Pick<AccessLogEntry, 'action' | 'outcome'>[]> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const lines = await linesOf(caseId, requestId);
    if (lines.every((line) => line.outcome !== 'pending')) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return linesOf(caseId, requestId);
};

beforeAll(async () => {
  database = await createTestDatabase('command_outcomes');
  api = await startApi({ config: testApiConfig(database.url) });
  accounts = await testAccounts(database.url);
  accessLog = new AccessLog(accounts.dataSource);
  as.anna = await accounts.signInAs(api.url, { userId: 'vt-anna', displayName: 'Anna de Vries', organisationId: 'vt-zhz' });
  as.bram = await accounts.signInAs(api.url, { userId: 'vt-bram', displayName: 'Bram Visser', organisationId: 'vt-zhz' });
  as.ugo = await accounts.signInAs(api.url, { userId: 'vt-ugo', organisationId: 'vt-utrecht' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await accounts?.close();
  await database?.drop();
});

describe('one command, one access-log entry with its outcome', () => {
  it('logs a change once, in the transaction that stores it, as "changed"', async () => {
    const opened = await post('/cases/reports', reportBody());
    const { caseId } = ok(opened, 201);
    expect(await settled(caseId, opened.requestId)).toEqual([{ action: 'create', outcome: 'changed' }]);
    // With the PostgreSQL event store the entry commits with the events: one row, no completion.
    expect(await rowsOf(opened.requestId)).toMatchObject([{ action: 'create', outcome: 'changed', completes: null }]);

    const update = await post(`/cases/${caseId}/plan/parts/aid`, { description: 'Gezinscoach.', agreements: [] });
    ok(update);
    expect(await settled(caseId, update.requestId)).toEqual([{ action: 'update', outcome: 'changed' }]);
  });

  it('logs each of many concurrent commands once: "changed" for those stored, "conflict" for the 409s, never a second entry for the retry', async () => {
    const { caseId } = ok(await post('/cases/reports', reportBody()), 201);
    const replies: Reply[] = [];
    // Commands on one case at once: each that loses the race decides again once, and a 409 is the
    // answer of one that lost twice. Rounds until both kinds were seen.
    for (
      let round = 0;
      round < 8 && !(replies.some((reply) => reply.status === 409) && replies.some((reply) => reply.status === 200));
      round++
    ) {
      replies.push(
        ...(await Promise.all(
          Array.from({ length: 16 }, (_, index) =>
            post(`/cases/${caseId}/plan/parts/aid`, { description: `Afspraak ${round}-${index}.`, agreements: [] }),
          ),
        )),
      );
    }
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([200, 409]));
    for (const reply of replies) {
      const expected = reply.status === 200 ? 'changed' : 'conflict';
      expect({ status: reply.status, lines: await settled(caseId, reply.requestId) }).toEqual({
        status: reply.status,
        lines: [{ action: 'update', outcome: expected }],
      });
      // One row: the stored change's, or the conflict's; the retry wrote nothing of its own.
      expect((await rowsOf(reply.requestId)).map((row) => row.outcome)).toEqual([expected]);
    }
    expect((await accessLog.verify()).ok).toBe(true);
  });

  it('does not log a replay of a completed request as a change: the stored answer writes nothing', async () => {
    const key = randomUUID();
    const body = reportBody();
    const first = await post('/cases/reports', body, { key });
    const { caseId } = ok(first, 201);
    const replay = await post('/cases/reports', body, { key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await settled(caseId, first.requestId)).toEqual([{ action: 'create', outcome: 'changed' }]);
    expect(await rowsOf(replay.requestId)).toEqual([]);
  });

  it('replays the very answer of the first request: body, ETag and Location, as stored by the append itself', async () => {
    const key = randomUUID();
    const body = reportBody();
    const first = await post('/cases/reports', body, { key });
    const opened = ok(first, 201);
    expect(first.headers.get('etag')).toBe(`"${opened.version}"`);
    expect(opened.checkpoint).not.toBe('');
    const replay = await post('/cases/reports', body, { key });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('etag')).toBe(`"${opened.version}"`);
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));

    const changeKey = randomUUID();
    const update = { description: 'Wekelijks huisbezoek.', agreements: [] };
    const changed = await post(`/cases/${opened.caseId}/plan/parts/aid`, update, { key: changeKey });
    const result = ok(changed);
    expect(result.version).toBe(opened.version + 1);
    expect(changed.headers.get('etag')).toBe(`"${result.version}"`);
    const again = await post(`/cases/${opened.caseId}/plan/parts/aid`, update, { key: changeKey });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(changed.body);
    expect(again.headers.get('etag')).toBe(`"${result.version}"`);
  });

  it('logs a retry the event store recognises (its answer was lost) once, as "replayed"', async () => {
    const { caseId } = ok(await post('/cases/reports', reportBody()), 201);
    const key = randomUUID();
    const update = { description: 'Wekelijks huisbezoek.', agreements: [] };
    const changed = await post(`/cases/${caseId}/plan/parts/aid`, update, { key });
    ok(changed);
    // As after a crash between the append and storing the answer: the key is free again.
    await accounts.dataSource.query('delete from http_idempotency');

    const again = await post(`/cases/${caseId}/plan/parts/aid`, update, { key });
    expect(ok(again).version).toBe(ok(changed).version);
    expect(await settled(caseId, again.requestId)).toEqual([{ action: 'update', outcome: 'replayed' }]);
    expect((await rowsOf(again.requestId)).map((row) => row.outcome)).toEqual(['replayed']);
  });

  it('logs a refusal by the rules, a stale If-Match and a command that changes nothing, each once with its outcome', async () => {
    const opened = ok(await post('/cases/reports', reportBody()), 201);
    const { caseId } = opened;
    ok(await post(`/cases/${caseId}/acute-unsafety`, { measures: 'Politie ter plaatse.' }));
    const refused = await post(`/cases/${caseId}/acute-unsafety`, { measures: 'Nogmaals.' });
    expect(refused.status).toBe(422);
    const stale = await post(`/cases/${caseId}/plan/parts/aid`, { description: 'x', agreements: [] }, { ifMatch: `"${opened.version}"` });
    expect(stale.status).toBe(412);
    const phase = await post(`/cases/${caseId}/phase`, { phase: 'immediate-safety', reason: 'Blijft acuut.' });
    expect(ok(phase).events).toEqual([]);

    expect(await rowsOf(refused.requestId)).toMatchObject([{ action: 'update', outcome: 'refused', completes: null }]);
    expect(await rowsOf(stale.requestId)).toMatchObject([{ action: 'update', outcome: 'conflict', completes: null }]);
    expect(await rowsOf(phase.requestId)).toMatchObject([{ action: 'update', outcome: 'unchanged', completes: null }]);
  });

  it('logs nothing for a command the access policy refuses: nothing of the family was read', async () => {
    const { caseId } = ok(await post('/cases/reports', reportBody()), 201);
    const outsider = await post(`/cases/${caseId}/plan/parts/aid`, { description: 'x', agreements: [] }, { as: 'ugo' });
    expect(outsider.status).toBe(404);
    expect(await rowsOf(outsider.requestId)).toEqual([]);
  });
});

describe('Idempotency-Keys belong to their user', () => {
  it('gives two users with the same key each their own answer, for new cases and for a change to one case', async () => {
    const key = `shared-${randomUUID()}`;
    const annaBody = reportBody('anna');
    const bramBody = reportBody('bram');
    const annas = ok(await post('/cases/reports', annaBody, { key }), 201);
    const bramsReply = await post('/cases/reports', bramBody, { key, as: 'bram' });
    const brams = ok(bramsReply, 201);
    expect(bramsReply.headers.get('idempotent-replayed')).toBeNull();
    expect(brams.caseId).not.toBe(annas.caseId);
    // Each one's retry is answered with their own response.
    expect(ok(await post('/cases/reports', annaBody, { key }), 201)).toEqual(annas);
    expect(ok(await post('/cases/reports', bramBody, { key, as: 'bram' }), 201)).toEqual(brams);

    // Both may change Anna's case (same region); the same key and body from Bram is his own command.
    const planKey = `shared-${randomUUID()}`;
    const plan = { description: 'Gezinscoach twee keer per week.', agreements: [] };
    const byAnna = ok(await post(`/cases/${annas.caseId}/plan/parts/aid`, plan, { key: planKey }));
    const byBramReply = await post(`/cases/${annas.caseId}/plan/parts/aid`, plan, { key: planKey, as: 'bram' });
    const byBram = ok(byBramReply);
    expect(byBramReply.headers.get('idempotent-replayed')).toBeNull();
    expect(byBram.version).toBe(byAnna.version + 1);
    expect(byBram.events).toEqual(['cases.plan-part-updated']);
  });
});

// Last: it stops the projections.
describe('one intake, one entry', () => {
  it('logs the retry of an intake whose answer was lost once, as a replayed creation, not as a second one', async () => {
    // The family index must not have the case yet, or the retry is refused as a known family
    // before it reaches the event store: the projections stop, for the rest of this file.
    await api.infrastructure.projectionRunner.stop();
    const key = randomUUID();
    const body = reportBody();
    const first = await post('/cases/reports', body, { key });
    const { caseId } = ok(first, 201);
    await accounts.dataSource.query('delete from http_idempotency');
    const again = await post('/cases/reports', body, { key });
    expect(ok(again, 201).caseId).toBe(caseId);
    expect(await settled(caseId, first.requestId)).toEqual([{ action: 'create', outcome: 'changed' }]);
    expect(await settled(caseId, again.requestId)).toEqual([{ action: 'create', outcome: 'replayed' }]);
  });
});
