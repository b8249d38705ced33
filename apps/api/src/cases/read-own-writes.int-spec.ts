import { randomUUID } from 'node:crypto';
import { caseCommandResultSchema, caseDetailSchema } from '@ketenregie/contracts';
import type { RegisterReportBody } from '@ketenregie/contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// A director reads the case they just opened, at once and without `?after=`: never the 404 that
// says the case does not exist. Two API processes on one database, as in a deployment with more
// than one instance: the read may reach the process that did not write. Test data only.
const tries = 40;

describe('reading a case right after opening it (real HTTP, two API processes)', () => {
  let database: TestDatabase;
  let first: RunningApiProcess;
  let second: RunningApiProcess;
  let accounts: TestAccounts;
  let anna: SignedIn;
  let ugo: SignedIn;
  let families = 0;

  beforeAll(async () => {
    database = await createTestDatabase('read_own_writes');
    first = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    second = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    accounts = await testAccounts(database.url);
    anna = await accounts.signInAs(first.url, { userId: 'vt-anna', displayName: 'Anna de Vries', organisationId: 'vt-zhz' });
    ugo = await accounts.signInAs(first.url, { userId: 'vt-ugo', organisationId: 'vt-utrecht' });
  }, 120_000);

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await accounts?.close();
    await database?.drop();
  });

  const reportBody = (): RegisterReportBody => {
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
        address: { street: 'Schrijfweg', houseNumber: String(n + 1), postcode: '4201 SW', municipality: 'Gorinchem' },
        members: [
          {
            role: 'child',
            name: { givenNames: 'Sara', familyName: `Leesma${n}` },
            dateOfBirth: `2014-02-${String((n % 28) + 1).padStart(2, '0')}`,
          },
        ],
      },
      receivedBy: {
        person: { personId: 'vt-anna', name: 'Anna de Vries' },
        organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
      },
    };
  };

  const open = async (url: string): Promise<string> => {
    const response = await fetch(`${url}/api/v1/cases/reports`, {
      method: 'POST',
      headers: { ...anna.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(reportBody()),
    });
    if (response.status !== 201) throw new Error(`intake answered ${response.status}: ${await response.text()}`);
    return caseCommandResultSchema.parse(await response.json()).caseId;
  };

  const read = async (url: string, path: string, who: SignedIn = anna): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${url}/api/v1/cases/${path}`, { headers: { Cookie: who.cookie } });
    return { status: response.status, body: await response.json() };
  };

  it(`answers the director's read at once, ${tries} times in the writing process and ${tries} times in the other`, async () => {
    const failures: string[] = [];
    for (let index = 0; index < tries; index++) {
      for (const [writer, reader] of [
        [first, first],
        [first, second],
      ] as const) {
        const caseId = await open(writer.url);
        const detail = await read(reader.url, caseId);
        if (detail.status !== 200)
          failures.push(`${reader === first ? 'same' : 'other'} process: ${detail.status} ${JSON.stringify(detail.body)}`);
        else expect(caseDetailSchema.parse(detail.body).caseId).toBe(caseId);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('answers the timeline at once too, and still the unknown-case 404 to someone without a relation', async () => {
    for (let index = 0; index < 10; index++) {
      const caseId = await open(first.url);
      const timeline = await read(second.url, `${caseId}/timeline`);
      expect(timeline.status).toBe(200);
      const outsider = await read(second.url, caseId, ugo);
      expect(outsider).toMatchObject({ status: 404, body: { type: 'urn:ketenregie:problem:case.not-found' } });
    }
  }, 120_000);
});
