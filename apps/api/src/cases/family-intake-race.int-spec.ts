import { randomUUID } from 'node:crypto';
import { CasesFamilyDataEraser } from '@ketenregie/cases-server';
import { caseCommandResultSchema, problemSchema } from '@ketenregie/contracts';
import type { RegisterReportBody } from '@ketenregie/contracts';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { Checkpoint, PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// Test data only: an invented professional and invented households.
const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const anna = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };

const concurrentIntakes = 8;
const claimsTable = 'cases_family_claims';

/** A new household per test: the dates of birth make it one no other test knows. */
const reportBody = (year: number): RegisterReportBody => ({
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
  concern: 'Sara vertelt over harde klappen thuis.',
  household: {
    address: { street: 'Lingewal', houseNumber: '12', postcode: '4201 ab', municipality: 'Gorinchem' },
    members: [
      { role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: `${year}-04-17` },
      { role: 'child', name: { givenNames: 'Sara', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: `${year + 30}-09-03` },
    ],
  },
  receivedBy: anna,
});

type Reply = { status: number; body: unknown };

describe('intake of one new family, many times at once (search-before-create under concurrency)', () => {
  let database: TestDatabase;
  let first: RunningApiProcess;
  let second: RunningApiProcess;
  let store: PostgresEventStore;
  let accounts: TestAccounts;
  const sessions = new Map<string, SignedIn>();
  const created = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase('cases_family_intake_race');
    // Started one after the other: both create the schema on first start.
    first = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    second = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    store = await createPostgresEventStore({ connectionString: database.url });
    accounts = await testAccounts(database.url);
    for (const api of [first, second]) {
      sessions.set(
        api.url,
        await accounts.signInAs(api.url, {
          userId: anna.person.personId,
          displayName: anna.person.name,
          organisationId: vtOrganisation.organisationId,
          roles: ['veilig-thuis-professional'],
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await store?.close();
    await accounts?.close();
    await database?.drop();
  });

  const intake = async (api: RunningApiProcess, body: RegisterReportBody, key: string = randomUUID()): Promise<Reply> => {
    const session = sessions.get(api.url);
    if (!session) throw new Error('not signed in');
    const response = await fetch(`${api.url}/api/v1/cases/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...session.headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  /** Streams of every case-opened event in the store. */
  const openedCases = async (): Promise<string[]> => {
    const streams: string[] = [];
    let from: Checkpoint | 'start' = 'start';
    for (;;) {
      const page = await store.readAll({ from, maxCount: 500 });
      streams.push(...page.events.filter((event) => event.type === 'cases.case-opened').map((event) => event.streamId));
      if (page.events.length === 0) return streams;
      from = page.checkpoint;
    }
  };

  /** Fires the intakes together, then checks that exactly one opened a case and the rest were told so. */
  const raceIntakes = async (apis: RunningApiProcess[], body: RegisterReportBody): Promise<{ caseId: string; key: string }> => {
    const keys = Array.from({ length: concurrentIntakes }, () => randomUUID());
    const replies = await Promise.all(keys.map((key, index) => intake(apis[index % apis.length], body, key)));
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, ...Array<number>(concurrentIntakes - 1).fill(409)]);
    const winner = replies.findIndex((reply) => reply.status === 201);
    const { caseId } = caseCommandResultSchema.parse(replies[winner].body);
    created.add(caseId);
    for (const reply of replies.filter((other) => other.status === 409)) {
      const refused = problemSchema.parse(reply.body);
      // The answer the search gives once the family index has the case: the case, named.
      expect(refused.type).toBe('urn:ketenregie:problem:case.family-already-known');
      expect(refused.errors).toEqual([
        expect.objectContaining({ path: 'caseId', code: 'family-already-known', message: expect.stringContaining(caseId) }),
      ]);
    }
    expect((await openedCases()).sort()).toEqual([...created].map((id) => `case-${id}`).sort());
    return { caseId, key: keys[winner] };
  };

  it(`opens one case for ${concurrentIntakes} simultaneous intakes in one process; a retry of the winner replays its 201`, async () => {
    const body = reportBody(1961);
    const { caseId, key } = await raceIntakes([first], body);
    const retry = await intake(first, body, key);
    expect(retry.status).toBe(201);
    expect(caseCommandResultSchema.parse(retry.body).caseId).toBe(caseId);
    // And later, with the family index caught up, the same answer as during the race.
    const later = problemSchema.parse((await intake(first, body)).body);
    expect(later.type).toBe('urn:ketenregie:problem:case.family-already-known');
    expect(await openedCases()).toHaveLength(1);
  });

  it('keeps no claim of an erased family: its hashed names and dates of birth go with the rest', async () => {
    const body = reportBody(1994);
    const { caseId } = caseCommandResultSchema.parse((await intake(first, body)).body);
    created.add(caseId);
    const claims = async (): Promise<{ family_id: string }[]> =>
      (await accounts.dataSource.query(`select family_id from ${claimsTable} where case_id = $1`, [caseId])) as { family_id: string }[];
    const held = await claims();
    // One claim per member with a date of birth, and nothing readable in them.
    expect(held).toHaveLength(2);
    const rows = JSON.stringify(await accounts.dataSource.query(`select * from ${claimsTable} where case_id = $1`, [caseId]));
    expect(rows).not.toMatch(/berg|jan|sara|1994-04-17/i);

    await new CasesFamilyDataEraser(accounts.dataSource).eraseFamily({
      familyId: held[0].family_id,
      erasedAt: new Date(),
      reason: 'retention-expired',
    });
    expect(await claims()).toEqual([]);
  });

  it(`opens one case for ${concurrentIntakes} simultaneous intakes spread over two API processes`, async () => {
    await raceIntakes([first, second], reportBody(1972));
    await raceIntakes([second, first], reportBody(1983));
  });
});
