import type { Checkpoint, RecordedEvent } from '@ketenregie/event-store';
import { planDeadlineChanges } from './case-deadlines.projection';

let revision = 0;
const event = (caseId: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e-${revision}`,
  streamId: `case-${caseId}`,
  revision: revision++,
  checkpoint: `0:${revision}` as Checkpoint,
  type,
  schemaVersion: 1,
  data,
  metadata: {},
  recordedAt: new Date(0),
});

describe('case deadlines read model', () => {
  it('opens an assessment deadline on a report, firing the day after the last allowed day', () => {
    const plan = planDeadlineChanges([event('c1', 'cases.report-received', { assessmentId: 'a1', assessmentDueOn: '2025-04-25' })]);
    expect(plan.upserts).toEqual([{ caseId: 'c1', kind: 'assessment-overdue', itemId: 'a1', firesOn: '2025-04-26' }]);
  });

  it('closes it when the assessment completes, even within the same batch', () => {
    const plan = planDeadlineChanges([
      event('c1', 'cases.report-received', { assessmentId: 'a1', assessmentDueOn: '2025-04-25' }),
      event('c1', 'cases.safety-assessment-completed', { assessmentId: 'a1' }),
    ]);
    expect(plan.upserts).toEqual([]);
    expect(plan.removals).toEqual([{ caseId: 'c1', kind: 'assessment-overdue', itemId: 'a1' }]);
  });

  it('tracks each scheduled rappel as due on its date and overdue after its deadline', () => {
    const plan = planDeadlineChanges([
      event('c2', 'cases.rappels-scheduled', {
        rappels: [
          { rappelId: 'r1', dueOn: '2025-03-01', deadlineOn: '2025-03-14' },
          { rappelId: 'r2', dueOn: '2025-06-01', deadlineOn: '2025-06-13' },
        ],
      }),
      event('c2', 'cases.rappel-completed', { rappelId: 'r1' }),
    ]);
    expect(plan.upserts).toEqual([
      { caseId: 'c2', kind: 'rappel-due', itemId: 'r2', firesOn: '2025-06-01' },
      { caseId: 'c2', kind: 'rappel-overdue', itemId: 'r2', firesOn: '2025-06-14' },
    ]);
    expect(plan.removals).toEqual([
      { caseId: 'c2', kind: 'rappel-due', itemId: 'r1' },
      { caseId: 'c2', kind: 'rappel-overdue', itemId: 'r1' },
    ]);
  });

  it('plans a moved rappel again on its new days, also after it became due or overdue', () => {
    const plan = planDeadlineChanges([
      event('c3', 'cases.rappels-scheduled', { rappels: [{ rappelId: 'r1', dueOn: '2025-03-03', deadlineOn: '2025-03-17' }] }),
      event('c3', 'cases.rappel-became-due', { rappelId: 'r1' }),
      event('c3', 'cases.rappel-became-overdue', { rappelId: 'r1' }),
      event('c3', 'cases.rappel-rescheduled', { rappelId: 'r1', dueOn: '2025-03-24', deadlineOn: '2025-04-07' }),
    ]);
    expect(plan.upserts).toEqual([
      { caseId: 'c3', kind: 'rappel-due', itemId: 'r1', firesOn: '2025-03-24' },
      { caseId: 'c3', kind: 'rappel-overdue', itemId: 'r1', firesOn: '2025-04-08' },
    ]);
    expect(plan.removals).toEqual([]);
  });

  it('drops a closed case’s deadlines but keeps those of a report that reopened it later in the batch', () => {
    const plan = planDeadlineChanges([
      event('c3', 'cases.investigation-started', { investigationId: 'i1', dueOn: '2025-05-01' }),
      event('c3', 'cases.case-closed', {}),
      event('c3', 'cases.report-received', { assessmentId: 'a9', assessmentDueOn: '2025-07-07' }),
    ]);
    expect(plan.closedCases).toEqual(['c3']);
    expect(plan.upserts).toEqual([{ caseId: 'c3', kind: 'assessment-overdue', itemId: 'a9', firesOn: '2025-07-08' }]);
  });
});
