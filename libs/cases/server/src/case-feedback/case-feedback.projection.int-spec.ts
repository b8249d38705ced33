import { DataSource } from 'typeorm';
import type { RecordedEvent } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import {
  caseFeedbackDirectors,
  caseFeedbackMessages,
  caseFeedbackMilestones,
  caseFeedbackProjection,
  caseFeedbackReports,
} from './case-feedback.projection';

// A batch's milestones go out as one statement; the rows must be those of applying the events one
// by one, whatever way the log happens to be cut into batches.

let db: TestDatabase;
let dataSource: DataSource;

const teacher = {
  kind: 'professional',
  name: 'J. de Vries',
  organisation: 'Basisschool De Regenboog',
  role: 'leerkracht',
  contact: { email: 'j.devries@regenboog.example' },
  feedbackConsent: { kind: 'granted', channel: 'email' },
  namingEndangers: false,
};

const director = (organisationId: string) => ({
  person: { personId: `${organisationId}-professional`, name: 'Sam Visser' },
  organisation: { organisationId, name: organisationId, kind: organisationId.startsWith('vt') ? 'veilig-thuis' : 'local-team' },
});

const history = (): RecordedEvent[] => {
  let revision = 0;
  const recorded = (type: string, data: Record<string, unknown>): RecordedEvent =>
    ({
      id: `e${revision}`,
      streamId: 'case-c1',
      revision: revision++,
      checkpoint: `${revision}`,
      type,
      schemaVersion: 1,
      data,
      metadata: {},
      recordedAt: new Date('2026-03-02T09:00:00Z'),
    }) as RecordedEvent;
  const report = (reportId: string, assessmentId: string, receivedAt: string, assessmentDueOn: string) =>
    recorded('cases.report-received', { reportId, referrer: teacher, assessmentId, assessmentDueOn, receivedAt });
  const completed = (assessmentId: string, completedAt: string) =>
    recorded('cases.safety-assessment-completed', { assessmentId, completedAt, acuteUnsafety: true, structuralUnsafety: false });
  return [
    recorded('cases.case-opened', { caseId: 'c1', familyId: 'f1', director: director('vt-zhz') }),
    report('r1', 'a1', '2026-03-02T09:00:00Z', '2026-03-09'),
    report('r2', 'a1', '2026-03-03T09:00:00Z', '2026-03-09'),
    completed('a1', '2026-03-05T10:00:00Z'),
    // The local team takes over: every milestone so far, and every later one, is theirs.
    recorded('cases.handover-accepted', { handoverId: 'h1', to: director('ts-gorinchem'), acceptedAt: '2026-03-06T09:00:00Z' }),
    // A later report opens a new assessment: its pending deadline must not touch a1's reports.
    report('r3', 'a2', '2026-03-10T09:00:00Z', '2026-03-17'),
    recorded('cases.investigation-started', { investigationId: 'i1', startedAt: '2026-03-11T09:00:00Z', dueOn: '2026-05-06' }),
    recorded('cases.investigation-completed', { investigationId: 'i1', completedAt: '2026-04-20T09:00:00Z' }),
  ];
};

/** Projects `events` cut into batches of `size` into fresh tables named after `prefix`; returns the milestone rows. */
const milestonesAfter = async (prefix: string, events: RecordedEvent[], size: number): Promise<unknown[]> => {
  const tables = {
    [caseFeedbackReports.name]: `${prefix}_reports`,
    [caseFeedbackMilestones.name]: `${prefix}_milestones`,
    [caseFeedbackMessages.name]: `${prefix}_messages`,
    [caseFeedbackDirectors.name]: `${prefix}_directors`,
  };
  for (const statement of caseFeedbackProjection.createTables(tables)) await dataSource.query(statement);
  for (let start = 0; start < events.length; start += size) {
    const batch = events.slice(start, start + size);
    await dataSource.transaction((manager) => caseFeedbackProjection.apply(batch, { manager, tables }));
  }
  return dataSource.query(
    `select report_id, milestone, reached_at::text as reached_at, due_on::text as due_on, first_sent_at, feedback_owed, director_organisation_id
       from ${prefix}_milestones order by report_id, milestone`,
  );
};

beforeAll(async () => {
  db = await createTestDatabase('case_feedback_projection');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

describe('case feedback projection', () => {
  it('records the same milestones from one batch as from one event at a time', async () => {
    const events = history();
    const oneByOne = await milestonesAfter('one_by_one', events, 1);
    expect(await milestonesAfter('whole_log', events, events.length)).toEqual(oneByOne);
    expect(await milestonesAfter('pairs', events, 2)).toEqual(oneByOne);
    expect(new Set((oneByOne as { director_organisation_id: string }[]).map((row) => row.director_organisation_id))).toEqual(
      new Set(['ts-gorinchem']),
    );
  });

  it('keeps the last deadline a batch set: the completion replaces the pending assessment deadline', async () => {
    const rows = (await milestonesAfter('deadlines', history(), 100)) as { report_id: string; milestone: string; due_on: string | null }[];
    const assessment = (reportId: string) => rows.find((row) => row.report_id === reportId && row.milestone === 'safety-assessment-done');
    expect(assessment('r1')?.due_on).not.toBe('2026-03-09');
    expect(assessment('r1')?.due_on).toBe(assessment('r2')?.due_on);
    expect(assessment('r3')?.due_on).toBe('2026-03-17');
    expect(rows.filter((row) => row.milestone === 'investigation-finished')).toHaveLength(3);
  });

  it('owes a message only where the rules give the referrer one', async () => {
    const events = history().map((event) =>
      event.type === 'cases.report-received' && event.data['reportId'] === 'r2'
        ? { ...event, data: { ...event.data, referrer: { kind: 'informant' } } }
        : event,
    );
    const rows = (await milestonesAfter('owed', events, 2)) as { report_id: string; feedback_owed: boolean }[];
    expect(new Set(rows.filter((row) => row.report_id === 'r2').map((row) => row.feedback_owed))).toEqual(new Set([false]));
    expect(new Set(rows.filter((row) => row.report_id !== 'r2').map((row) => row.feedback_owed))).toEqual(new Set([true]));
  });
});
