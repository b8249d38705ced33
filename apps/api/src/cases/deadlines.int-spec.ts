import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEMO_REGION_LOCK, caseStreamId, appendDecidedCaseHistory } from '@ketenregie/cases-server';
import type { CaseHistoryStep } from '@ketenregie/cases-server';
import { createPostgresEventStore } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { addDays, toAmsterdamDate } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';

// Test data only: an invented professional and invented families.
const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
};
const actor = { userId: 'vt-anna', organisationId: 'vt-zhz' };
const today = toAmsterdamDate(new Date());
const noon = (daysAgo: number): Date => new Date(`${addDays(today, -daysAgo)}T12:00:00Z`);

const report = (daysAgo: number, familyName: string): CaseHistoryStep => ({
  at: noon(daysAgo),
  actor,
  type: 'cases.register-report',
  data: {
    familyId: `fam-${randomUUID()}`,
    reportId: 'r1',
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'ib',
      contact: { email: 'e.jansen@example.org' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Vertrouwelijke zorg over het gezin.',
    household: {
      address: { street: 'Lingewal', houseNumber: '7', postcode: '4201AC', municipality: 'Gorinchem' },
      members: [{ memberId: 'a0', role: 'adult', name: { givenNames: 'Piet', familyName }, dateOfBirth: '1980-01-01' }],
    },
    receivedBy: anna,
  },
});

const eventTypes = async (store: PostgresEventStore, caseId: string) =>
  (await store.readStream(caseStreamId(caseId))).map((event) => event.type);

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('deadline scheduler (two API processes, real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let accounts: TestAccounts;
  const apis: RunningApiProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cases_deadlines');
    store = await createPostgresEventStore({ connectionString: database.url });
    accounts = await testAccounts(database.url);
  });

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await store?.close();
    await accounts?.close();
    await database?.drop();
  });

  const start = async () => {
    const api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0', DEADLINE_SCAN_INTERVAL_MS: '100' });
    apis.push(api);
    return api;
  };

  it('turns a passed assessment deadline into exactly one event, shown on the overdue worklist', async () => {
    const late = `case-late-${randomUUID().slice(0, 8)}`;
    const inTime = `case-in-time-${randomUUID().slice(0, 8)}`;
    await appendDecidedCaseHistory(store, late, [report(20, 'Kok')]);
    await appendDecidedCaseHistory(store, inTime, [
      report(20, 'Smit'),
      { at: noon(19), actor, type: 'cases.start-safety-assessment', data: { assessmentId: 'r1' } },
      {
        at: noon(18),
        actor,
        type: 'cases.complete-safety-assessment',
        data: { assessmentId: 'r1', acuteUnsafety: false, structuralUnsafety: false },
      },
    ]);

    // Two processes scan the same deadlines at the same time.
    const [first] = await Promise.all([start(), start()]);
    await waitFor(async () => (await eventTypes(store, late)).includes('cases.safety-assessment-overdue'));
    // Many more scans by both processes must not add a second mark.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const overdue = (await eventTypes(store, late)).filter((type) => type === 'cases.safety-assessment-overdue');
    expect(overdue).toHaveLength(1);
    expect(await eventTypes(store, inTime)).not.toContain('cases.safety-assessment-overdue');

    const { headers } = await accounts.signInAs(first.url, { userId: 'vt-anna', displayName: 'Anna de Vries', organisationId: 'vt-zhz' });
    const response = await fetch(`${first.url}/api/v1/worklists/assessments-overdue?scope=all`, { headers });
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain(late);

    // After a restart the scan starts over and still records nothing twice.
    await Promise.all(apis.splice(0).map((api) => api.stop()));
    await start();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await eventTypes(store, late)).filter((type) => type === 'cases.safety-assessment-overdue')).toHaveLength(1);
  });

  it('settles a deadline that comes back after its mark, when a later report joins the overdue assessment', async () => {
    const joined = `case-joined-${randomUUID().slice(0, 8)}`;
    const first = report(20, 'Bos');
    await appendDecidedCaseHistory(store, joined, [first]);
    const [api] = apis.length > 0 ? apis : [await start()];
    await waitFor(async () => (await eventTypes(store, joined)).includes('cases.safety-assessment-overdue'));
    // The school reports again; the report joins the assessment that is still open, and late.
    const later = { ...first, at: noon(1), data: { ...first.data, reportId: 'r2' } };
    expect((await appendDecidedCaseHistory(store, joined, [later])).eventTypes).toContain('cases.report-received');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      // Settled under the day it fires, instead of being replayed at every scan from now on.
      await waitFor(async () => {
        const { rows } = await client.query(`select command_id from case_deadline_settled where command_id like $1`, [
          `deadline:assessment-overdue:${joined}:r1:%`,
        ]);
        return rows.length === 1;
      });
    } finally {
      await client.end();
    }
    expect((await eventTypes(store, joined)).filter((type) => type === 'cases.safety-assessment-overdue')).toHaveLength(1);
    expect(api).toBeDefined();
  });

  it('settles a deadline of a case that is gone, and still marks the ones after it', async () => {
    const gone = `case-gone-${randomUUID().slice(0, 8)}`;
    const late = `case-after-gone-${randomUUID().slice(0, 8)}`;
    await appendDecidedCaseHistory(store, late, [report(20, 'Visser')]);
    await start();
    await waitFor(async () => (await eventTypes(store, late)).includes('cases.safety-assessment-overdue'));
    // A deadline older than every other one, of a case without a stream: it is scanned first.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(
        `insert into case_deadlines (case_id, kind, item_id, fires_on) values ($1, 'assessment-overdue', 'r1', $2::date)`,
        [gone, addDays(today, -400)],
      );
      const later = `case-later-${randomUUID().slice(0, 8)}`;
      await appendDecidedCaseHistory(store, later, [report(20, 'Mulder')]);
      await waitFor(async () => (await eventTypes(store, later)).includes('cases.safety-assessment-overdue'));
      await waitFor(async () => {
        const { rows } = await client.query('select 1 from case_deadline_settled where command_id = $1', [
          `deadline:assessment-overdue:${gone}:r1:${addDays(today, -400)}`,
        ]);
        return rows.length === 1;
      });
    } finally {
      await client.end();
    }
  });

  it('stays idle while the demo region is being loaded, and catches up afterwards', async () => {
    const late = `case-during-demo-${randomUUID().slice(0, 8)}`;
    await appendDecidedCaseHistory(store, late, [report(20, 'Bos')]);
    // The lock the demo loader holds for as long as it writes simulated histories.
    const loader = new Client({ connectionString: database.url });
    await loader.connect();
    await loader.query('select pg_advisory_lock(hashtext($1))', [DEMO_REGION_LOCK]);
    try {
      await start();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await eventTypes(store, late)).not.toContain('cases.safety-assessment-overdue');
    } finally {
      await loader.query('select pg_advisory_unlock(hashtext($1))', [DEMO_REGION_LOCK]);
      await loader.end();
    }
    await waitFor(async () => (await eventTypes(store, late)).includes('cases.safety-assessment-overdue'));
  });
});
