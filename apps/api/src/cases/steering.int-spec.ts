import { randomUUID } from 'node:crypto';
import {
  caseCommandResultSchema,
  caseDetailSchema,
  caseTimelinePageSchema,
  handoverTargetsSchema,
  organisationPeopleSchema,
  problemSchema,
  worklistPageSchema,
} from '@ketenregie/contracts';
import type { CaseCommandResult, CaseDetail, Problem, RegisterReportBody } from '@ketenregie/contracts';
import { addWorkingDays, defaultDutchWorkingDayCalendar, toAmsterdamDate } from '@ketenregie/kernel';
import type { Role } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { TestAccounts } from '../test-support/accounts';
import { signIn, testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// ADR 0008 (who steers a case) and receipt moments of intakes, over real HTTP with real sign-in.
// Test data only: invented professionals, organisations and families.

type Person = { userId: string; organisationId: string; displayName: string; role: Role };

const people = {
  anna: { userId: 'vt-anna', organisationId: 'vt-zhz', displayName: 'Anna de Vries', role: 'veilig-thuis-professional' },
  bram: { userId: 'vt-bram', organisationId: 'vt-zhz', displayName: 'Bram Visser', role: 'veilig-thuis-professional' },
  ugo: { userId: 'vt-ugo', organisationId: 'vt-utrecht', displayName: 'Ugo Smit', role: 'veilig-thuis-professional' },
  carla: { userId: 'lt-carla', organisationId: 'ts-gorinchem', displayName: 'Carla Bakker', role: 'team-sociaal-consultant' },
  cees: { userId: 'lt-cees', organisationId: 'ts-gorinchem', displayName: 'Cees Kok', role: 'team-sociaal-consultant' },
  daan: { userId: 'lt-daan', organisationId: 'ts-molenlanden', displayName: 'Daan Wit', role: 'team-sociaal-consultant' },
  jet: { userId: 'jz-jet', organisationId: 'jeugdzorg', displayName: 'Jet Jansen', role: 'chain-partner' },
  gone: { userId: 'lt-gone', organisationId: 'ts-gorinchem', displayName: 'Gert Weg', role: 'team-sociaal-consultant' },
} satisfies Record<string, Person>;
type Who = keyof typeof people;

const organisations = {
  'vt-zhz': { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const },
  'vt-utrecht': { organisationId: 'vt-utrecht', name: 'Veilig Thuis Utrecht', kind: 'veilig-thuis' as const },
  'ts-gorinchem': { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const },
  'ts-molenlanden': { organisationId: 'ts-molenlanden', name: 'Team Sociaal Molenlanden', kind: 'local-team' as const },
};

/** A director as a client sends it: the name is the client's word, and the server does not take it. */
const ref = (who: Who, name = people[who].displayName) => ({
  person: { personId: people[who].userId, name },
  organisation: organisations[people[who].organisationId as keyof typeof organisations],
});

let families = 0;
const reportBody = (by: Who = 'anna', extra: Partial<RegisterReportBody> = {}): RegisterReportBody => {
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
    sourceCategory: 'police',
    formsOfViolence: ['partner-violence'],
    concern: 'Politie meldt huiselijk geweld.',
    household: {
      address: { street: 'Stuurweg', houseNumber: String(100 + n), postcode: '4201 ST', municipality: 'Gorinchem' },
      members: [
        {
          role: 'adult',
          name: { givenNames: `Stuur${n}`, familyName: 'Regie' },
          dateOfBirth: `1970-01-${String((n % 28) + 1).padStart(2, '0')}`,
        },
      ],
    },
    receivedBy: ref(by),
    ...extra,
  };
};

describe('who steers a case, and intakes with their receipt moment (real HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  const sessions = new Map<Who, Record<string, string>>();

  beforeAll(async () => {
    database = await createTestDatabase('cases_steering');
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
    await accounts.store.disable(people.gone.userId);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  type Reply = { status: number; body: unknown };

  const request = async (method: 'GET' | 'POST', path: string, as: Who | null, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = { ...(as ? sessions.get(as) : {}) };
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
  const get = (path: string, as: Who | null = 'anna') => request('GET', path, as);

  const ok = (reply: Reply, status = 200): CaseCommandResult => {
    if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
    return caseCommandResultSchema.parse(reply.body);
  };
  const problemOf = (reply: Reply, status: number): Problem => {
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { status } });
    return problemSchema.parse(reply.body);
  };
  const detail = async (result: CaseCommandResult, as: Who = 'anna'): Promise<CaseDetail> => {
    const reply = await get(`/cases/${result.caseId}?after=${encodeURIComponent(result.checkpoint)}`, as);
    if (reply.status !== 200) throw new Error(`case detail answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return caseDetailSchema.parse(reply.body);
  };

  /** A case of Anna's, assessed as structurally unsafe. */
  const assessedCase = async (): Promise<CaseCommandResult> => {
    const opened = ok(await post('/cases/reports', reportBody()), 201);
    const assessment = `/cases/${opened.caseId}/safety-assessments/${opened.ids['reportId']}`;
    ok(await post(`${assessment}/start`, {}));
    return ok(await post(`${assessment}/complete`, { acuteUnsafety: false, structuralUnsafety: true }));
  };

  /** Anna's case, handed over to Carla, with Anna's rappels. */
  const handedOverCase = async (): Promise<CaseCommandResult> => {
    const { caseId } = await assessedCase();
    const offer = ok(await post(`/cases/${caseId}/handovers`, { to: ref('carla'), reason: 'Vrijwillig kader.', phase: 'stable-safety' }));
    ok(await post(`/cases/${caseId}/handovers/${offer.ids['handoverId']}/accept`, {}, 'carla'));
    return ok(await post(`/cases/${caseId}/rappel-schedules`, { owner: ref('anna'), offsetsInMonths: [3] }));
  };

  describe('names of professionals', () => {
    it('takes display names from the account directory, whatever the body says, and accepts a body without them', async () => {
      const opened = ok(
        await post(
          '/cases/reports',
          reportBody('anna', {
            receivedBy: { ...ref('anna', 'Iemand Anders'), organisation: { ...organisations['vt-zhz'], name: 'Verkeerd' } },
          }),
        ),
        201,
      );
      expect((await detail(opened)).director).toEqual({
        person: { personId: 'vt-anna', name: 'Anna de Vries' },
        organisation: organisations['vt-zhz'],
      });
      const { caseId } = await assessedCase();
      const offered = ok(
        await post(`/cases/${caseId}/handovers`, { to: ref('carla', 'Mevrouw X'), reason: 'Vrijwillig kader.', phase: 'stable-safety' }),
      );
      expect((await detail(offered)).pendingHandover?.to).toEqual({
        person: { personId: 'lt-carla', name: 'Carla Bakker' },
        organisation: organisations['ts-gorinchem'],
      });
      const withoutName = ok(
        await post(
          '/cases/reports',
          reportBody('anna', { receivedBy: { person: { personId: 'vt-anna' }, organisation: organisations['vt-zhz'] } }),
        ),
        201,
      );
      expect((await detail(withoutName)).director.person.name).toBe('Anna de Vries');
    });

    it('answers 422 naming the field for a person unknown at the named organisation, a disabled account, or an organisation one may not hand over to', async () => {
      const { caseId } = await assessedCase();
      const offer = (to: unknown) => post(`/cases/${caseId}/handovers`, { to, reason: 'Vrijwillig kader.', phase: 'stable-safety' });
      for (const to of [
        { person: { personId: 'nobody' }, organisation: organisations['ts-gorinchem'] },
        { person: { personId: 'lt-daan', name: 'Daan Wit' }, organisation: organisations['ts-gorinchem'] },
        ref('gone'),
        // A chain partner's professional cannot direct a case.
        { person: { personId: 'jz-jet' }, organisation: organisations['ts-gorinchem'] },
      ]) {
        const refused = problemOf(await offer(to), 422);
        expect(refused.type).toBe('urn:ketenregie:problem:case.unknown-person');
        expect(refused.errors).toEqual([
          {
            path: 'to.person.personId',
            message: 'Deze persoon is niet bekend als professional van Team Sociaal Gorinchem.',
            code: 'unknown-person',
          },
        ]);
      }
      const owner = problemOf(
        await post(`/cases/${caseId}/rappel-schedules`, {
          owner: { person: { personId: 'vt-nobody' }, organisation: organisations['vt-zhz'] },
        }),
        422,
      );
      expect(owner.errors?.map((error) => error.path)).toEqual(['owner.person.personId']);
      const elsewhere = problemOf(
        await offer({ organisation: { organisationId: 'ts-merwestad', name: 'Team Sociaal Merwestad', kind: 'local-team' } }),
        422,
      );
      expect(elsewhere.errors?.map((error) => error.path)).toEqual(['to.organisation.organisationId']);
      // Nothing was offered.
      expect(
        (await detail(ok(await post(`/cases/${caseId}/phase`, { phase: 'stable-safety', reason: 'Kind veilig.' })))).pendingHandover,
      ).toBeNull();
    });
  });

  describe('steering', () => {
    it('refuses a Veilig Thuis professional of the region who tries to close a case a local team directs (403, naming the director)', async () => {
      const { caseId } = await handedOverCase();
      const refused = problemOf(await post(`/cases/${caseId}/close`, { outcome: 'safety-established', notes: 'Veilig.' }, 'bram'), 403);
      expect(refused).toMatchObject({
        type: 'urn:ketenregie:problem:case.not-director',
        detail:
          'De regie over deze casus ligt bij Carla Bakker (Team Sociaal Gorinchem). Alleen de regisseur of een collega uit diens team kan dit doen.',
      });
      problemOf(await post(`/cases/${caseId}/investigations`, {}, 'anna'), 403);
    });

    it("lets a colleague of the director's team steer for them, and the timeline says for whom", async () => {
      const { caseId } = await handedOverCase();
      const changed = ok(await post(`/cases/${caseId}/phase`, { phase: 'recovery', reason: 'Herstel.' }, 'cees'));
      const timeline = await get(`/cases/${caseId}/timeline?kind=direction&after=${encodeURIComponent(changed.checkpoint)}`, 'carla');
      const [latest] = caseTimelinePageSchema.parse(timeline.body).items;
      expect(latest).toMatchObject({
        type: 'cases.phase-changed',
        actor: { userId: 'lt-cees', organisationId: 'ts-gorinchem', onBehalfOf: 'lt-carla' },
        summary: 'Fase gewijzigd naar herstel. Namens Carla Bakker (Team Sociaal Gorinchem).',
      });
    });

    it('lets Veilig Thuis of the region take direction back at once', async () => {
      const { caseId } = await handedOverCase();
      const taken = ok(
        await post(
          `/cases/${caseId}/escalations`,
          { to: ref('bram'), reason: 'Nieuwe melding van geweld.', phase: 'immediate-safety' },
          'bram',
        ),
      );
      expect(taken.events).toEqual(['cases.case-escalated']);
      expect((await detail(taken, 'bram')).director.person).toEqual({ personId: 'vt-bram', name: 'Bram Visser' });
    });

    it("returns direction to the rappel's owner when a colleague records an unsafe outcome", async () => {
      const scheduled = await handedOverCase();
      const unsafe = ok(
        await post(
          `/cases/${scheduled.caseId}/rappels/${scheduled.ids['scheduleId']}-1/outcome`,
          { outcome: 'unsafe', notes: 'Opnieuw geweld.' },
          'bram',
        ),
      );
      expect(unsafe.events).toEqual(['cases.rappel-completed', 'cases.case-escalated']);
      expect((await detail(unsafe)).director.person.personId).toBe('vt-anna');
    });

    it('offers a hand-over to a team; any of its professionals accepts and becomes director under their own name', async () => {
      const { caseId } = await assessedCase();
      const offered = ok(
        await post(`/cases/${caseId}/handovers`, {
          to: { organisation: organisations['ts-gorinchem'] },
          reason: 'Vrijwillig kader.',
          phase: 'stable-safety',
        }),
      );
      expect((await detail(offered)).pendingHandover?.to).toEqual({ organisation: organisations['ts-gorinchem'] });
      problemOf(await post(`/cases/${caseId}/handovers/${offered.ids['handoverId']}/accept`, {}, 'daan'), 404);
      const accepted = ok(await post(`/cases/${caseId}/handovers/${offered.ids['handoverId']}/accept`, {}, 'cees'));
      expect((await detail(accepted, 'cees')).director).toEqual({
        person: { personId: 'lt-cees', name: 'Cees Kok' },
        organisation: organisations['ts-gorinchem'],
      });
    });

    it('refuses closing a case assessed as unsafe without a route or a reason (422 naming notes)', async () => {
      const { caseId } = await assessedCase();
      const refused = problemOf(await post(`/cases/${caseId}/close`, { outcome: 'safety-established' }), 422);
      expect(refused.errors).toEqual([expect.objectContaining({ path: 'notes', code: 'case.closing-reason-required' })]);
      ok(await post(`/cases/${caseId}/close`, { outcome: 'safety-established', notes: 'Gezin verhuisd; Veilig Thuis daar geïnformeerd.' }));
    });
  });

  describe('GET /api/v1/organisations/:organisationId/people', () => {
    const listed = async (organisationId: string, as: Who) => {
      const reply = await get(`/organisations/${organisationId}/people`, as);
      return reply.status === 200 ? organisationPeopleSchema.parse(reply.body) : reply.status;
    };

    it('lists the own organisation and those one may hand over to, with ids, names and roles, never a username', async () => {
      expect(await listed('ts-gorinchem', 'anna')).toEqual({
        organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
        people: [
          { personId: 'lt-carla', displayName: 'Carla Bakker', roles: ['team-sociaal-consultant'] },
          { personId: 'lt-cees', displayName: 'Cees Kok', roles: ['team-sociaal-consultant'] },
        ],
      });
      const reply = await get('/organisations/vt-zhz/people', 'carla');
      expect(JSON.stringify(reply.body)).not.toMatch(/username|email|@/);
      expect(await listed('vt-utrecht', 'anna')).toMatchObject({ people: [{ personId: 'vt-ugo', displayName: 'Ugo Smit' }] });
      expect(await listed('ts-molenlanden', 'carla')).toMatchObject({ people: [{ personId: 'lt-daan' }] });
      expect(await listed('jeugdzorg', 'jet')).toMatchObject({ people: [{ personId: 'jz-jet', roles: ['chain-partner'] }] });
    });

    it('answers 404 for any other organisation, as for one that does not exist, and 401 without a session', async () => {
      expect(await listed('vt-utrecht', 'carla')).toBe(404);
      expect(await listed('jeugdzorg', 'anna')).toBe(404);
      expect(await listed('vt-zhz', 'jet')).toBe(404);
      expect(await listed('does-not-exist', 'anna')).toBe(404);
      expect((await get('/organisations/vt-zhz/people', null)).status).toBe(401);
    });
  });

  describe('GET /api/v1/cases/:caseId/handover-targets', () => {
    const targetsOf = async (caseId: string, as: Who | null, checkpoint?: string) => {
      const reply = await get(`/cases/${caseId}/handover-targets${checkpoint ? `?after=${encodeURIComponent(checkpoint)}` : ''}`, as);
      return reply.status === 200 ? handoverTargetsSchema.parse(reply.body).targets : reply.status;
    };
    const target = (organisationId: keyof typeof organisations, kindOfHandover: string) => ({
      ...organisations[organisationId],
      kindOfHandover,
    });

    it("lists by name where the director may offer the case now: the local teams of the region after a route choice, the family's first", async () => {
      const opened = ok(await post('/cases/reports', reportBody()), 201);
      // Before the assessment no route is chosen: no afschalen yet, only another Veilig Thuis team.
      expect(await targetsOf(opened.caseId, 'anna', opened.checkpoint)).toEqual([
        target('vt-zhz', 'transfer'),
        target('vt-utrecht', 'transfer'),
      ]);
      const assessed = await assessedCase();
      const expected = [
        target('ts-gorinchem', 'de-escalation'),
        target('ts-molenlanden', 'de-escalation'),
        target('vt-zhz', 'transfer'),
        target('vt-utrecht', 'transfer'),
      ];
      expect(await targetsOf(assessed.caseId, 'anna', assessed.checkpoint)).toEqual(expected);
      // A colleague of the director's team steers for them, so sees the same list.
      expect(await targetsOf(assessed.caseId, 'bram', assessed.checkpoint)).toEqual(expected);
      // Every target is one the offer itself takes.
      ok(
        await post(`/cases/${assessed.caseId}/handovers`, {
          to: { organisation: organisations['ts-molenlanden'] },
          reason: 'Vrijwillig kader.',
          phase: 'stable-safety',
        }),
      );
    });

    it('lists for a local team that directs its own team, the other local teams of the region, and Veilig Thuis as opschalen', async () => {
      const handedOver = await handedOverCase();
      expect(await targetsOf(handedOver.caseId, 'carla', handedOver.checkpoint)).toEqual([
        target('ts-gorinchem', 'transfer'),
        target('ts-molenlanden', 'transfer'),
        target('vt-zhz', 'escalation'),
      ]);
      // Veilig Thuis of the region sees the case but does not steer it: nothing to offer.
      expect(await targetsOf(handedOver.caseId, 'anna', handedOver.checkpoint)).toEqual([]);
    });

    it('answers as the case itself: 404 without a relation or for an unknown case, 401 without a session', async () => {
      const { caseId, checkpoint } = await assessedCase();
      expect(await targetsOf(caseId, 'ugo', checkpoint)).toBe(404);
      expect(await targetsOf(caseId, 'daan', checkpoint)).toBe(404);
      expect(await targetsOf(randomUUID(), 'anna')).toBe(404);
      // A chain partner without a task in the plan has no relation to the case either.
      expect(await targetsOf(caseId, 'jet', checkpoint)).toBe(404);
      expect(await targetsOf(caseId, null)).toBe(401);
    });
  });

  describe('receivedAt', () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

    it('runs the assessment deadline on the worklist, and the timeline, from the receipt moment', async () => {
      const receivedAt = daysAgo(3);
      const opened = ok(await post('/cases/reports', reportBody('anna', { receivedAt })), 201);
      const due = addWorkingDays(toAmsterdamDate(new Date(receivedAt)), 5, defaultDutchWorkingDayCalendar);
      const page = worklistPageSchema.parse(
        (await get(`/worklists/my-cases?pageSize=100&after=${encodeURIComponent(opened.checkpoint)}`)).body,
      );
      expect(page.items.find((item) => item.caseId === opened.caseId)?.deadlines.assessmentDueOn).toBe(due);
      const timeline = caseTimelinePageSchema.parse(
        (await get(`/cases/${opened.caseId}/timeline?kind=intake&after=${encodeURIComponent(opened.checkpoint)}`)).body,
      );
      expect(timeline.items.find((item) => item.type === 'cases.report-received')?.occurredAt).toBe(receivedAt);
    });

    it('refuses a moment in the future or 31 days back (422 naming receivedAt), and a malformed one (400)', async () => {
      const future = problemOf(
        await post('/cases/reports', reportBody('anna', { receivedAt: new Date(Date.now() + 10 * 60_000).toISOString() })),
        422,
      );
      expect(future.errors).toEqual([
        { path: 'receivedAt', message: 'Het moment van ontvangst mag niet in de toekomst liggen.', code: 'case.received-at-in-future' },
      ]);
      const old = problemOf(await post('/cases/reports', reportBody('anna', { receivedAt: daysAgo(31) })), 422);
      expect(old.errors?.map((error) => [error.path, error.code])).toEqual([['receivedAt', 'case.received-at-too-old']]);
      expect(old.detail).toContain('30 dagen');
      const advice = problemOf(
        await post('/cases/advice-requests', { ...reportBody('anna', { receivedAt: daysAgo(31) }), referrer: { kind: 'anonymous' } }),
        422,
      );
      expect(advice.errors?.map((error) => error.path)).toEqual(['receivedAt']);
      const malformed = problemOf(await post('/cases/reports', reportBody('anna', { receivedAt: '2026-03-06 14:30' })), 400);
      expect(malformed.errors?.map((error) => error.path)).toEqual(['receivedAt']);
    });
  });
});
