import { randomUUID } from 'node:crypto';
import { caseCommandResultSchema, mailboxPageSchema } from '@ketenregie/contracts';
import type { CaseCommandResult, MailboxPage, RegisterReportBody } from '@ketenregie/contracts';
import { createMilestoneProcessor, feedbackStreamId } from '@ketenregie/feedback-server';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { DataSource } from 'typeorm';
import { startApi } from '../bootstrap';
import type { RunningApi } from '../bootstrap';
import type { SignedIn, TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import { testApiConfig } from '../test-support/test-config';

// Test data only: invented professionals and an invented household.
const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const ltOrganisation = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const };
const anna = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };
const carla = { person: { personId: 'lt-carla', name: 'Carla Bakker' }, organisation: ltOrganisation };

const teacherEmail = `juf.${randomUUID().slice(0, 8)}@delinde.example`;

const reportBody = (referrer: RegisterReportBody['referrer'], caseId?: string, familyName = 'Wolters'): RegisterReportBody => ({
  ...(caseId ? { caseId } : { newFamily: true }),
  referrer,
  sourceCategory: 'education-childcare',
  formsOfViolence: ['child-abuse'],
  concern: 'Sara vertelt over harde klappen thuis.',
  household: {
    address: { street: 'Lingewal', houseNumber: '14', postcode: '4201 AB', municipality: 'Gorinchem' },
    members: [{ role: 'child', name: { givenNames: 'Sara', familyName }, dateOfBirth: '2016-05-04' }],
  },
  receivedBy: anna,
});

describe('feedback milestones are queued from the case events and reach the referrer once', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let accounts: TestAccounts;
  let vt: SignedIn;
  let lt: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    database = await createTestDatabase('feedback_milestones');
    api = await startApi({ config: testApiConfig(database.url) });
    accounts = await testAccounts(database.url);
    vt = await accounts.signInAs(api.url, {
      userId: anna.person.personId,
      displayName: anna.person.name,
      organisationId: vtOrganisation.organisationId,
      roles: ['veilig-thuis-professional'],
    });
    lt = await accounts.signInAs(api.url, {
      userId: carla.person.personId,
      displayName: carla.person.name,
      organisationId: ltOrganisation.organisationId,
      roles: ['team-sociaal-consultant'],
    });
    admin = await accounts.signInAs(api.url, { userId: 'adm-beheer', organisationId: 'beheer', roles: ['administrator'] });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await accounts?.close();
    await database?.drop();
  });

  const post = async (as: SignedIn, path: string, body: unknown, status = 200): Promise<CaseCommandResult> => {
    const response = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { ...as.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
    return caseCommandResultSchema.parse(JSON.parse(text));
  };

  const mailbox = async (): Promise<MailboxPage> => {
    const response = await fetch(`${api.url}/api/v1/admin/mailbox?pageSize=100`, { headers: admin.headers });
    expect(response.status).toBe(200);
    return mailboxPageSchema.parse(await response.json());
  };

  const mailsTo = async (to: string, count: number): Promise<MailboxPage['items']> => {
    let items: MailboxPage['items'] = [];
    for (let tries = 0; tries < 150; tries++) {
      items = (await mailbox()).items.filter((mail) => mail.to === to);
      if (items.length >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return items;
  };

  it('mails a consenting directory professional each milestone with its template, tells an informant nothing, and a replay queues nothing twice', async () => {
    const opened = await post(
      vt,
      '/cases/reports',
      reportBody({
        kind: 'directory-professional',
        organisationId: 'obs-de-linge',
        contact: { email: teacherEmail },
        feedbackConsent: { kind: 'granted', channel: 'email' },
        namingEndangers: true,
      }),
      201,
    );
    const { caseId } = opened;
    const reportId = opened.ids['reportId'];
    const c = `/cases/${caseId}`;
    await post(vt, '/cases/reports', reportBody({ kind: 'informant', name: 'Oom van Sara', namingEndangers: false }, caseId));

    await post(vt, `${c}/safety-assessments/${reportId}/start`, {});
    await post(vt, `${c}/safety-assessments/${reportId}/complete`, { acuteUnsafety: false, structuralUnsafety: true });
    const offered = await post(vt, `${c}/handovers`, { to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' });
    await post(lt, `${c}/handovers/${offered.ids['handoverId']}/accept`, {});

    const mails = await mailsTo(teacherEmail, 3);
    const bySubject = new Map(mails.map((mail) => [mail.subject, mail]));
    expect([...bySubject.keys()].sort()).toEqual(
      [
        `Uw melding ${reportId}: melding ontvangen`,
        `Uw melding ${reportId}: veiligheidsbeoordeling klaar`,
        `Uw melding ${reportId}: zorg overgedragen`,
      ].sort(),
    );
    const assessed = bySubject.get(`Uw melding ${reportId}: veiligheidsbeoordeling klaar`)?.body ?? '';
    expect(assessed).toContain('Wij hebben besloten dat er vervolg komt.');
    expect(assessed).toContain('Wij vertellen het gezin niet dat u de melding heeft gedaan.');
    const handedOver = bySubject.get(`Uw melding ${reportId}: zorg overgedragen`)?.body ?? '';
    expect(handedOver).toContain('De zorg voor het gezin is overgedragen aan:\n- Team Sociaal Gorinchem');
    // Nothing the rules exclude: no family, no concern, no assessment findings, no other report.
    for (const mail of mails) {
      expect(mail.body).not.toMatch(/Sara|Wolters|klappen|structural|Oom/);
      expect(mail.subject).not.toMatch(/Sara|Wolters/);
    }

    // The informant's report is on the case, yet its feedback stream holds only the teacher's messages.
    const stream = await api.infrastructure.eventStore.readStream(feedbackStreamId(caseId));
    const queued = stream.filter((event) => event.type === 'feedback.message-queued');
    expect(queued.map((event) => event.data['reportId'])).toEqual([reportId, reportId, reportId]);

    // A replay: a second processor with its own checkpoint reads the whole log again.
    const dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const replay = createMilestoneProcessor({ store: api.infrastructure.eventStore, db: dataSource, name: 'feedback.milestones.replay' });
    try {
      await replay.start();
      const [last] = await api.infrastructure.eventStore.readStream(`case-${caseId}`, { direction: 'backwards', maxCount: 1 });
      await replay.waitFor(last.checkpoint, 20_000);
    } finally {
      await replay.stop();
      await dataSource.destroy();
    }
    const afterReplay = await api.infrastructure.eventStore.readStream(feedbackStreamId(caseId));
    expect(afterReplay.filter((event) => event.type === 'feedback.message-queued')).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo(teacherEmail, 4)).toHaveLength(3);
  }, 60_000);

  it('takes a directory professional by account only for an account of role referrer at that organisation, and shows their feedback in the portal', async () => {
    const rawPost = (body: unknown) =>
      fetch(`${api.url}/api/v1/cases/reports`, {
        method: 'POST',
        headers: { ...vt.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify(body),
      });
    const byAccount = (personId: string) =>
      reportBody(
        {
          kind: 'directory-professional',
          organisationId: 'obs-de-linge',
          personId,
          feedbackConsent: { kind: 'granted', channel: 'portal' },
        },
        undefined,
        'Verbeek',
      );
    // Anna is a Veilig Thuis professional, not a referrer of the school.
    const refused = await rawPost(byAccount(anna.person.personId));
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ path: 'referrer.personId' }] });

    await accounts.signInAs(api.url, { userId: 'ref-linge', organisationId: 'obs-de-linge', roles: ['referrer'] });
    const accepted = await rawPost(byAccount('ref-linge'));
    expect(accepted.status).toBe(201);
    const { caseId } = caseCommandResultSchema.parse(await accepted.json());
    let queued: Awaited<ReturnType<typeof api.infrastructure.eventStore.readStream>> = [];
    for (let tries = 0; tries < 100 && queued.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      queued = await api.infrastructure.eventStore.readStream(feedbackStreamId(caseId));
    }
    expect(queued.map((event) => [event.type, event.data['channel'], event.data['recipientEmail']])).toEqual([
      ['feedback.message-queued', 'portal', null],
    ]);
  }, 60_000);
});
