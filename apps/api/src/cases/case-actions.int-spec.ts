import { randomUUID } from 'node:crypto';
import { caseCommandResultSchema, caseDetailSchema, caseTextsSchema, problemSchema } from '@ketenregie/contracts';
import type { CaseAction, CaseCommandResult, CaseDetail, RegisterReportBody } from '@ketenregie/contracts';
import type { Role } from '@ketenregie/kernel';
import { toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// The actions case detail reports, held to the commands themselves over real HTTP: what it calls
// open succeeds, and what it refuses the command refuses with the same problem and words.
// Test data only: invented professionals, organisations and families.

type Person = { userId: string; organisationId: string; displayName: string; role: Role };

const people = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', role: 'veilig-thuis-professional' },
  carla: { userId: 'lt-carla', organisationId: 'ts-gorinchem', displayName: 'Carla Bakker', role: 'team-sociaal-consultant' },
} satisfies Record<string, Person>;
type Who = keyof typeof people;

const organisations = {
  'vt-zhz': { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
  'ts-gorinchem': { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const },
};

const ref = (who: Who) => ({
  person: { personId: people[who].userId, name: people[who].displayName },
  organisation: organisations[people[who].organisationId as keyof typeof organisations],
});

let families = 0;
const reportBody = (): RegisterReportBody => {
  const n = families++;
  return {
    newFamily: true,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'intern begeleider',
      contact: { email: 'e@example.org' },
    },
    sourceCategory: 'police',
    formsOfViolence: ['partner-violence'],
    concern: 'Politie meldt huiselijk geweld.',
    household: {
      address: { street: 'Proefweg', houseNumber: String(7 + n), postcode: '4201 PW', municipality: 'Gorinchem' },
      members: [{ role: 'adult', name: { givenNames: `Proef${n}`, familyName: 'Actie' }, dateOfBirth: `1971-02-0${n + 1}` }],
    },
    receivedBy: ref('anna'),
  };
};

describe('case actions in the case detail agree with the commands (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  const sessions = new Map<Who, Record<string, string>>();

  beforeAll(async () => {
    database = await createTestDatabase('cases_actions');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    for (const [key, person] of Object.entries(people) as [Who, Person][]) {
      const password = await accounts.create({
        userId: person.userId,
        organisationId: person.organisationId,
        displayName: person.displayName,
        roles: [person.role],
      });
      sessions.set(key, (await signIn(api.url, person.userId, password)).headers);
    }
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  type Reply = { status: number; body: unknown };

  const request = async (method: 'GET' | 'POST', path: string, as: Who, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = { ...sessions.get(as) };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = randomUUID();
    }
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const post = (path: string, body: unknown, as: Who = 'anna') => request('POST', path, as, body);

  const ok = (reply: Reply, status = 200): CaseCommandResult => {
    if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
    return caseCommandResultSchema.parse(reply.body);
  };
  const detail = async (result: CaseCommandResult, as: Who = 'anna', query = ''): Promise<CaseDetail> => {
    const reply = await request('GET', `/cases/${result.caseId}?after=${encodeURIComponent(result.checkpoint)}${query}`, as);
    if (reply.status !== 200) throw new Error(`case detail answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return caseDetailSchema.parse(reply.body);
  };
  const action = (found: CaseDetail, name: CaseAction['action']): CaseAction => {
    const entry = found.actions.find((candidate) => candidate.action === name);
    if (!entry) throw new Error(`${name} is not listed: ${JSON.stringify(found.actions)}`);
    return entry;
  };
  /** The command's refusal, as the detail's refused entry predicted it: same status class, code and words. */
  const expectRefusedAsPredicted = (reply: Reply, predicted: CaseAction, status: number): void => {
    if (predicted.allowed) throw new Error(`${predicted.action} was reported as allowed`);
    expect(reply.status).toBe(status);
    const problem = problemSchema.parse(reply.body);
    expect(problem.type).toBe(`urn:ketenregie:problem:${predicted.code}`);
    expect(problem.detail).toBe(predicted.reason);
  };

  it('an action reported as open succeeds, one reported as refused is refused by its command with the same reason', async () => {
    const opened = ok(await post('/cases/reports', reportBody()), 201);
    const assessmentId = opened.ids['reportId'];
    const received = await detail(opened);
    expect(action(received, 'start-safety-assessment')).toEqual({
      action: 'start-safety-assessment',
      allowed: true,
      target: { assessmentId },
    });
    const completeTooEarly = action(received, 'complete-safety-assessment');
    expect(completeTooEarly).toMatchObject({ allowed: false, code: 'case.assessment-not-started' });
    const assessment = `/cases/${opened.caseId}/safety-assessments/${assessmentId}`;
    expectRefusedAsPredicted(
      await post(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true }),
      completeTooEarly,
      422,
    );

    ok(await post(`${assessment}/start`, {}));
    const completed = ok(await post(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true }));
    const assessed = await detail(completed);
    expect(action(assessed, 'de-escalate')).toEqual({ action: 'de-escalate', allowed: true });
    const offered = ok(
      await post(`/cases/${opened.caseId}/handovers`, { to: ref('carla'), reason: 'Vrijwillig kader.', phase: 'stable-safety' }),
    );
    const handoverId = offered.ids['handoverId'];

    // The offerer: another hand-over waits for this one; withdrawing is open.
    const byAnna = await detail(offered);
    expect(action(byAnna, 'withdraw-handover')).toEqual({ action: 'withdraw-handover', allowed: true, target: { handoverId } });
    const second = action(byAnna, 'de-escalate');
    expectRefusedAsPredicted(
      await post(`/cases/${opened.caseId}/handovers`, { to: ref('carla'), reason: 'Nog een keer.', phase: 'stable-safety' }),
      second,
      422,
    );
    const acceptByOfferer = action(byAnna, 'accept-handover');
    expectRefusedAsPredicted(await post(`/cases/${opened.caseId}/handovers/${handoverId}/accept`, {}), acceptByOfferer, 403);

    // The receiver: accepting is open and succeeds; withdrawing is the offerer's, refused as reported.
    const byCarla = await detail(offered, 'carla');
    expect(action(byCarla, 'accept-handover')).toEqual({ action: 'accept-handover', allowed: true, target: { handoverId } });
    expect(byCarla.actions.some((entry) => entry.action === 'start-investigation')).toBe(false);
    const withdrawByReceiver = action(byCarla, 'withdraw-handover');
    expectRefusedAsPredicted(
      await post(`/cases/${opened.caseId}/handovers/${handoverId}/withdraw`, { reason: 'Toch niet.' }, 'carla'),
      withdrawByReceiver,
      403,
    );
    const accepted = ok(await post(`/cases/${opened.caseId}/handovers/${handoverId}/accept`, {}, 'carla'));
    const handedOver = await detail(accepted, 'carla');
    expect(handedOver.director.person.personId).toBe('lt-carla');
    expect(action(handedOver, 'escalate-case')).toEqual({ action: 'escalate-case', allowed: true });

    // History is not acted on.
    expect((await detail(accepted, 'carla', `&asOf=${toAmsterdamDate(new Date())}`)).actions).toEqual([]);
  });

  it('registering and ending a chain partner are open to the director only, per active partner', async () => {
    const opened = ok(await post('/cases/reports', reportBody()), 201);
    const received = await detail(opened);
    expect(action(received, 'register-chain-partner')).toEqual({ action: 'register-chain-partner', allowed: true });
    expect(received.actions.some((entry) => entry.action === 'end-chain-partner')).toBe(false);

    const jeugdzorg = { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid', kind: 'other' };
    const registered = ok(
      await post(`/cases/${opened.caseId}/chain-partners`, {
        organisation: jeugdzorg,
        role: 'youth-protection',
        task: 'Gezinsbegeleiding.',
      }),
    );
    const partnerId = registered.ids['partnerId'];
    const involved = await detail(registered);
    expect(action(involved, 'end-chain-partner')).toEqual({ action: 'end-chain-partner', allowed: true, target: { partnerId } });

    // Anyone else with the case in full (here the receiver of an offered hand-over) is refused with the director's name.
    const assessment = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
    ok(await post(`${assessment}/start`, {}));
    ok(await post(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true }));
    const offered = ok(
      await post(`/cases/${opened.caseId}/handovers`, { to: ref('carla'), reason: 'Vrijwillig kader.', phase: 'stable-safety' }),
    );
    const byCarla = await detail(offered, 'carla');
    const registerByCarla = action(byCarla, 'register-chain-partner');
    expect(registerByCarla).toMatchObject({ allowed: false, code: 'case.not-director' });
    expectRefusedAsPredicted(
      await post(`/cases/${opened.caseId}/chain-partners`, { organisation: jeugdzorg, role: 'other', task: 'Nog een.' }, 'carla'),
      registerByCarla,
      403,
    );
    const endByCarla = byCarla.actions.find((entry) => entry.action === 'end-chain-partner' && entry.target?.partnerId === partnerId);
    if (!endByCarla) throw new Error('end-chain-partner is not listed for the receiver');
    expectRefusedAsPredicted(
      await post(`/cases/${opened.caseId}/chain-partners/${partnerId}/end`, { reason: 'Klaar.' }, 'carla'),
      endByCarla,
      403,
    );

    const ended = ok(await post(`/cases/${opened.caseId}/chain-partners/${partnerId}/end`, { reason: 'Hulp afgerond.' }));
    expect((await detail(ended)).actions.some((entry) => entry.action === 'end-chain-partner')).toBe(false);
  });

  it('gives the free texts to whoever sees the whole case, logs the read, and hides the case from anyone else', async () => {
    const opened = ok(await post('/cases/reports', reportBody()), 201);
    const after = `after=${encodeURIComponent(opened.checkpoint)}`;
    const reply = await request('GET', `/cases/${opened.caseId}/texts?${after}`, 'anna');
    expect(reply.status).toBe(200);
    const texts = caseTextsSchema.parse(reply.body);
    expect(texts).toMatchObject({ caseId: opened.caseId, erased: false });
    expect(texts.items).toEqual([
      expect.objectContaining({
        type: 'cases.report-received',
        kind: 'intake',
        field: 'concern',
        about: { reportId: opened.ids['reportId'], assessmentId: opened.ids['reportId'] },
        actor: { userId: 'vt-anna', organisationId: 'vt-zhz' },
        text: 'Politie meldt huiselijk geweld.',
      }),
    ]);
    const logged = (await accounts.dataSource.query(
      `select action, route, actor_role from access_log where actor_user_id = 'vt-anna' and subject_id = $1 and route like '%/texts'`,
      [opened.caseId],
    )) as unknown[];
    expect(logged).toEqual([{ action: 'read', route: 'GET /api/v1/cases/:caseId/texts', actor_role: 'veilig-thuis-professional' }]);

    // A local team without a relation to the case: the same 404 as for a case that does not exist.
    const hidden = await request('GET', `/cases/${opened.caseId}/texts?${after}`, 'carla');
    const unknown = await request('GET', `/cases/no-such-case/texts`, 'carla');
    expect([hidden.status, unknown.status]).toEqual([404, 404]);
    const { instance: _hiddenInstance, ...hiddenProblem } = problemSchema.parse(hidden.body);
    const { instance: _unknownInstance, ...unknownProblem } = problemSchema.parse(unknown.body);
    expect(hiddenProblem).toEqual(unknownProblem);
  });
});
