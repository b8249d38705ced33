import { DataSource } from 'typeorm';
import type { Director, Household } from '@ketenregie/cases-domain';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { Checkpoint, EventToAppend, PostgresEventStore } from '@ketenregie/event-store';
import { toAmsterdamDate } from '@ketenregie/kernel';
import type { Actor } from '@ketenregie/kernel';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import {
  caseFeedbackMessages,
  caseFeedbackMilestones,
  caseFeedbackProjection,
  CASE_FEEDBACK_PROJECTION,
} from '../case-feedback/case-feedback.projection';
import { CASE_REGISTER_PROJECTION, caseRegisterProjection } from '../projections/case-register.projection';
import { physicalTableName } from '@ketenregie/event-store';
import { appendDecidedCaseHistory } from '../projections/testing/decided-case-history';
import type { CaseHistoryStep } from '../projections/testing/decided-case-history';
import { CaseReadModel } from './case-read-model';
import { planOf, recordingDataSource } from './testing/recording-data-source';

// Test data only: invented professionals and households. The read models are filled by the real
// projections from decided case events and the feedback context's message events.

const DAY = 86_400_000;
const vtOrganisation = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const anna: Director = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtOrganisation };
const otto: Director = {
  person: { personId: 'vt-otto', name: 'Otto Kramer' },
  organisation: { organisationId: 'vt-utrecht', name: 'Veilig Thuis Utrecht', kind: 'veilig-thuis' },
};
const actorOf = (director: Director): Actor => ({ userId: director.person.personId, organisationId: director.organisation.organisationId });

const teacher = {
  kind: 'professional',
  name: 'Els Jansen',
  organisation: 'OBS De Linge',
  role: 'intern begeleider',
  contact: { email: 'e.jansen@example.org' },
  feedbackConsent: { kind: 'granted', channel: 'email' },
  namingEndangers: false,
};
// A neighbour who left no address: the rules give them nothing after the assessment.
const neighbour = { kind: 'citizen', name: 'Buurvrouw', relationToFamily: 'buurvrouw', contact: {} };

const household = (familyName: string): Household => ({
  address: { street: 'Lingewal', houseNumber: '12', postcode: '4201 AB', municipality: 'Gorinchem' },
  members: [{ memberId: 'm1', role: 'child', name: { givenNames: 'Sara', familyName }, dateOfBirth: '2016-05-20' }],
});

const daysAgo = (days: number, hour = 9): Date => {
  const day = new Date(Date.now() - days * DAY);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour));
};

/** A report that opens a case, its assessment started the next day and, `completedDaysAgo` given, completed then. */
const reportSteps = (
  caseId: string,
  options: { referrer: unknown; director?: Director; receivedDaysAgo: number; completedDaysAgo?: number; closedDaysAgo?: number },
): CaseHistoryStep[] => {
  const director = options.director ?? anna;
  const actor = actorOf(director);
  return [
    {
      at: daysAgo(options.receivedDaysAgo),
      actor,
      type: 'cases.register-report',
      data: {
        familyId: `family-${caseId}`,
        reportId: `${caseId}-r1`,
        referrer: options.referrer,
        sourceCategory: 'education-childcare',
        formsOfViolence: ['child-abuse'],
        concern: 'Kind vertelt over ruzies thuis.',
        household: household(caseId),
        receivedBy: director,
      },
    },
    { at: daysAgo(options.receivedDaysAgo - 1), actor, type: 'cases.start-safety-assessment', data: { assessmentId: `${caseId}-r1` } },
    ...(options.completedDaysAgo === undefined
      ? []
      : [
          {
            at: daysAgo(options.completedDaysAgo),
            actor,
            type: 'cases.complete-safety-assessment' as const,
            data: { assessmentId: `${caseId}-r1`, acuteUnsafety: false, structuralUnsafety: false },
          },
        ]),
    ...(options.closedDaysAgo === undefined
      ? []
      : [
          {
            at: daysAgo(options.closedDaysAgo, 14),
            actor,
            type: 'cases.close-case' as const,
            data: { outcome: 'no-unsafety-found', notes: 'Geen verdere bemoeienis nodig.' },
          },
        ]),
  ];
};

let messageCount = 0;
/** The feedback context's events for one message of a case's assessment: queued, and how its delivery ended. */
const message = (caseId: string, queuedDaysAgo: number, outcome: 'delivered' | 'refused' | 'failed'): EventToAppend[] => {
  messageCount += 1;
  const messageId = `00000000-0000-4000-8000-${String(messageCount).padStart(12, '0')}`;
  const queuedAt = daysAgo(queuedDaysAgo, 10).toISOString();
  return [
    {
      id: messageId,
      type: 'feedback.message-queued',
      data: {
        messageId,
        caseId,
        reportId: `${caseId}-r1`,
        milestone: 'safety-assessment-done',
        channel: 'email',
        recipientEmail: 'e.jansen@example.org',
        locale: 'nl',
        subject: 'Terugkoppeling',
        text: 'Terugkoppeling',
        dueOn: null,
        queuedAt,
        personal: false,
      },
    },
    {
      type: `feedback.message-${outcome}`,
      data: { messageId, caseId, attempts: 1, at: new Date(Date.parse(queuedAt) + 60_000).toISOString(), smtpCode: 250, reason: null },
    },
  ];
};

let db: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;
let model: CaseReadModel;
const today = toAmsterdamDate(new Date());

const viewer = { userId: 'vt-anna', organisationId: 'vt-zhz', mine: false, today, visible: () => 'true', filters: {} };
const listed = async (): Promise<string[]> =>
  (await model.worklist('feedback-due', { ...viewer, limit: 50, offset: 0, sort: { key: 'deadline', order: 'asc' } })).items
    .map((item) => item.caseId)
    .sort();

beforeAll(async () => {
  db = await createTestDatabase('feedback_worklist');
  store = await createPostgresEventStore({ connectionString: db.url, idlePollMs: 100 });
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
  model = new CaseReadModel(dataSource);

  // Owed and overdue: the assessment ran past its deadline and the teacher has heard nothing.
  await appendDecidedCaseHistory(store, 'c-overdue', reportSteps('c-overdue', { referrer: teacher, receivedDaysAgo: 20 }));
  // Just as late, but the neighbour is owed nothing.
  await appendDecidedCaseHistory(store, 'c-neighbour', reportSteps('c-neighbour', { referrer: neighbour, receivedDaysAgo: 20 }));
  // Late, but in another region's team.
  await appendDecidedCaseHistory(
    store,
    'c-elsewhere',
    reportSteps('c-elsewhere', { referrer: teacher, director: otto, receivedDaysAgo: 20 }),
  );
  // Late, and handed over since to the other region's team: theirs to answer now.
  await appendDecidedCaseHistory(store, 'c-handed', [
    ...reportSteps('c-handed', { referrer: teacher, receivedDaysAgo: 20 }),
    {
      at: daysAgo(3),
      actor: actorOf(anna),
      type: 'cases.offer-handover',
      data: { handoverId: 'h1', to: otto, reason: 'Het gezin is verhuisd naar Utrecht.', phase: 'immediate-safety' },
    },
    { at: daysAgo(2), actor: actorOf(otto), type: 'cases.accept-handover', data: { handoverId: 'h1', acceptedBy: otto.person } },
  ]);
  // Told the day the assessment ended.
  await appendDecidedCaseHistory(store, 'c-told', reportSteps('c-told', { referrer: teacher, receivedDaysAgo: 20, completedDaysAgo: 16 }));
  await store.appendToStream('feedback-c-told', message('c-told', 16, 'delivered'));
  // Refused, and the case closed since: still on the list, until someone answers it.
  await appendDecidedCaseHistory(
    store,
    'c-refused',
    reportSteps('c-refused', { referrer: teacher, receivedDaysAgo: 20, completedDaysAgo: 16, closedDaysAgo: 15 }),
  );
  await store.appendToStream('feedback-c-refused', message('c-refused', 16, 'refused'));
  // Failed, then sent again and delivered.
  await appendDecidedCaseHistory(
    store,
    'c-retried',
    reportSteps('c-retried', { referrer: teacher, receivedDaysAgo: 20, completedDaysAgo: 16 }),
  );
  await store.appendToStream('feedback-c-retried', message('c-retried', 16, 'failed'));
  await store.appendToStream('feedback-c-retried', message('c-retried', 14, 'delivered'));
  // The same, with the second message in the log before the first one's.
  await appendDecidedCaseHistory(
    store,
    'c-reversed',
    reportSteps('c-reversed', { referrer: teacher, receivedDaysAgo: 20, completedDaysAgo: 16 }),
  );
  const [laterQueued, laterDelivered] = message('c-reversed', 14, 'delivered');
  await store.appendToStream('feedback-c-reversed', [laterQueued, laterDelivered]);
  await store.appendToStream('feedback-c-reversed', message('c-reversed', 16, 'refused'));

  const { events } = await store.readAll({ from: 'start', maxCount: 10_000 });
  const last = events.at(-1)?.checkpoint as Checkpoint;
  // Batches of three cut the cases and their messages apart, as a live log does.
  const runner = createProjectionRunner({ store, dataSource, projections: [caseRegisterProjection, caseFeedbackProjection], batchSize: 3 });
  await runner.start();
  try {
    await runner.waitFor(CASE_REGISTER_PROJECTION, last, 60_000);
    await runner.waitFor(CASE_FEEDBACK_PROJECTION, last, 60_000);
  } finally {
    await runner.stop();
  }
}, 120_000);

afterAll(async () => {
  await dataSource?.destroy();
  await store?.close();
  await db?.drop();
});

describe('the Terugkoppeling worklist (real PostgreSQL)', () => {
  it('lists the team’s cases owing a referrer feedback, or whose last message did not arrive; nothing that was answered', async () => {
    expect(await listed()).toEqual(['c-overdue', 'c-refused']);
    const counts = await model.worklistCounts(viewer);
    expect(counts['feedback-due']).toBe(2);
  });

  it('lists a case for the team that directs it now: a hand-over takes its outstanding feedback along', async () => {
    const utrecht = { ...viewer, userId: 'vt-otto', organisationId: 'vt-utrecht' };
    const page = await model.worklist('feedback-due', { ...utrecht, limit: 50, offset: 0, sort: { key: 'deadline', order: 'asc' } });
    expect(page.items.map((item) => item.caseId).sort()).toEqual(['c-elsewhere', 'c-handed']);
    expect((await model.worklistCounts(utrecht))['feedback-due']).toBe(2);
    const rows = (await dataSource.query(
      `select distinct director_organisation_id from ${caseFeedbackMilestones.name} where case_id = 'c-handed'`,
    )) as { director_organisation_id: string }[];
    expect(rows).toEqual([{ director_organisation_id: 'vt-utrecht' }]);
  });

  it('keeps in the read model which milestones are owed a message and which messages a later one answered', async () => {
    const owed = (await dataSource.query(
      `select case_id, feedback_owed from ${caseFeedbackMilestones.name} where milestone = 'safety-assessment-done' order by case_id`,
    )) as { case_id: string; feedback_owed: boolean }[];
    expect(owed.filter((row) => !row.feedback_owed).map((row) => row.case_id)).toEqual(['c-neighbour']);
    const messages = (await dataSource.query(
      `select case_id, delivery_status, superseded from ${caseFeedbackMessages.name} order by case_id, queued_at`,
    )) as { case_id: string; delivery_status: string; superseded: boolean }[];
    expect(messages.map((row) => [row.case_id, row.delivery_status, row.superseded])).toEqual([
      ['c-refused', 'refused', false],
      ['c-retried', 'failed', true],
      ['c-retried', 'delivered', false],
      ['c-reversed', 'refused', true],
      ['c-reversed', 'delivered', false],
      ['c-told', 'delivered', false],
    ]);
  });

  it('orders the page by each case’s earliest due feedback read once for the list, not looked up per listed case', async () => {
    const { recording, statements } = recordingDataSource(dataSource);
    const page = await new CaseReadModel(recording).worklist('feedback-due', {
      ...viewer,
      limit: 50,
      offset: 0,
      sort: { key: 'deadline', order: 'asc' },
    });
    expect(page.items.map((item) => item.caseId)).toEqual(['c-overdue', 'c-refused']);
    const list = statements.find((statement) => statement.sql.includes(' order by '));
    if (!list) throw new Error('no statement read the page');
    const plan = await planOf(dataSource, list);
    // A lookup per listed case would be a subplan keyed on the case of the outer row.
    expect(plan).not.toMatch(/case_id = case_summaries\w*\.case_id/);
  });

  it('reads the outstanding rows through the partial indexes that hold only them', async () => {
    const { recording, statements } = recordingDataSource(dataSource);
    await new CaseReadModel(recording).worklistCounts(viewer);
    const count = statements.find((statement) => statement.sql.includes(caseFeedbackMessages.name));
    if (!count) throw new Error('no statement read the feedback read model');
    // The outstanding milestones by team (not the country's, by case) and the unanswered messages.
    const partial = (await dataSource.query(
      `select indexname from pg_indexes
        where tablename = any($1::text[]) and indexdef like '%WHERE%' and indexdef not like '%(case_id, due_on)%'`,
      [[physicalTableName(caseFeedbackMilestones.name, 1), physicalTableName(caseFeedbackMessages.name, 1)]],
    )) as { indexname: string }[];
    expect(partial.map((index) => index.indexname).sort()).toEqual([
      expect.stringContaining('case_id'),
      expect.stringContaining('director_organisation_id'),
    ]);
    // Without sequential scans the planner must use an index: the partial ones only if the query implies their predicates.
    // The milestones' index by case alone would do too, on a table this small: it goes for this plan only.
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    let plan: string;
    try {
      await runner.query('set local enable_seqscan = off');
      const [byCase] = (await runner.query(
        `select indexname from pg_indexes where tablename = $1 and indexdef like '%WHERE%' and indexdef like '%(case_id, due_on)%'`,
        [physicalTableName(caseFeedbackMilestones.name, 1)],
      )) as { indexname: string }[];
      if (!byCase) throw new Error('the milestones lack their index by case');
      await runner.query(`drop index ${byCase.indexname}`);
      plan = await planOf(runner, count);
    } finally {
      // The index comes back: the drop was only for this plan.
      await runner.rollbackTransaction();
      await runner.release();
    }
    for (const { indexname } of partial) expect(plan).toContain(indexname);
    // By the team, not by scanning everyone's outstanding milestones.
    expect(plan).toMatch(/Index Cond: \(\(director_organisation_id = /);
  });
});
