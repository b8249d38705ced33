import type { Checkpoint, RecordedEvent } from '@ketenregie/event-store';
import { milestoneMessageId, planCaseMilestones } from './case-milestones';

let revision = 0;
const event = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${revision}`,
  streamId: 'case-c1',
  revision: revision,
  checkpoint: String(revision++) as Checkpoint,
  type,
  schemaVersion: 1,
  data,
  metadata: { timestamp: '2026-03-02T09:00:00.000Z' },
  recordedAt: new Date('2026-03-02T09:00:00.000Z'),
});

const teacher = {
  kind: 'directory-professional',
  organisationId: 'obs-de-linge',
  contact: { email: 'juf@example.org' },
  feedbackConsent: { kind: 'granted', channel: 'email' },
  namingEndangers: false,
};
// As stored before referrers had terms: read with the stated defaults.
const olderProfessional = { kind: 'professional', name: 'Els', organisation: 'OBS', role: 'ib', contact: { email: 'els@example.org' } };
const informant = { kind: 'informant', namingEndangers: false };

const report = (reportId: string, referrer: unknown, assessmentId = reportId) =>
  event('cases.report-received', { reportId, referrer, assessmentId, receivedAt: '2026-03-02T09:00:00.000Z' });

describe('milestones from case events', () => {
  const r1 = report('r1', teacher);
  const r2 = report('r2', informant, 'r1');
  const r3 = report('r3', olderProfessional, 'r1');
  const condition = event('cases.safety-condition-added', {
    conditionId: 'v1',
    text: 'School meldt verzuim dezelfde dag.',
    owner: { organisation: { organisationId: 'obs-de-linge', name: 'OBS De Linge' } },
  });
  const completed = event('cases.safety-assessment-completed', {
    assessmentId: 'r1',
    acuteUnsafety: false,
    structuralUnsafety: true,
    completedAt: '2026-03-05T10:00:00.000Z',
  });
  const accepted = event('cases.handover-accepted', { to: { organisation: { name: 'Team Sociaal Gorinchem' } } });
  const history = [r1, r2, r3, condition, completed, accepted];

  it('tells a report received only to that report, under an id fixed by case, report and milestone', () => {
    const planned = planCaseMilestones('c1', history, r1);
    expect(planned.map((p) => [p.reportId, p.milestone.kind, p.messageId])).toEqual([
      ['r1', 'report-received', milestoneMessageId('c1', 'r1', 'report-received')],
    ]);
    expect(planned[0].referrer).toMatchObject({ kind: 'directory-professional', account: { kind: 'invite', email: 'juf@example.org' } });
  });

  it('reads only the history up to the event, so a later report is not told an earlier milestone on replay', () => {
    expect(planCaseMilestones('c1', history, r1)[0].milestone.context.otherReportCount).toBe(0);
  });

  it('tells the assessment to the referrers of its reports, follow-up started on structural unsafety, plan parts to the owner', () => {
    const planned = planCaseMilestones('c1', history, completed);
    expect(planned.map((p) => p.reportId)).toEqual(['r1', 'r2', 'r3']);
    expect(planned[0]).toMatchObject({
      hasPlanRole: true,
      milestone: {
        kind: 'safety-assessment-done',
        followUpStarted: true,
        plan: { safetyConditions: ['School meldt verzuim dezelfde dag.'] },
      },
    });
    expect(planned[2]).toMatchObject({
      hasPlanRole: false,
      referrer: {
        kind: 'outside-professional',
        email: 'els@example.org',
        feedback: { kind: 'granted', channel: 'email' },
        namingEndangers: true,
      },
    });
    expect(planned[1].referrer).toMatchObject({ kind: 'informant', feedback: { kind: 'declined' } });
  });

  it('names the receiving organisation of a hand-over', () => {
    const planned = planCaseMilestones('c1', history, accepted);
    expect(planned[0].milestone).toMatchObject({ kind: 'handed-over', organisations: ['Team Sociaal Gorinchem'] });
  });

  it('tells of a second hand-over in the same involvement under an id of its own, and keeps the first one its old id', () => {
    const escalated = event('cases.case-escalated', {});
    const second = event('cases.handover-accepted', { to: { organisation: { name: 'Jeugdbescherming West' } } });
    const twice = [...history, escalated, second];
    const [first] = planCaseMilestones('c1', twice, accepted);
    const [again] = planCaseMilestones('c1', twice, second);
    expect(first).toMatchObject({ occurrence: 1, messageId: milestoneMessageId('c1', 'r1', 'handed-over') });
    expect(again).toMatchObject({ occurrence: 2, milestone: { kind: 'handed-over', organisations: ['Jeugdbescherming West'] } });
    expect(again.messageId).not.toBe(first.messageId);
    // A report received after the first hand-over hears of the second as its first.
    const r5 = report('r5', { ...teacher, organisationId: 'hap-lingedal', contact: { email: 'huisarts@example.org' } }, 'r1');
    const third = event('cases.handover-accepted', { to: { organisation: { name: 'Team Sociaal Gorinchem' } } });
    const joined = [...twice, r5, third];
    expect(planCaseMilestones('c1', joined, third).map((planned) => [planned.reportId, planned.occurrence])).toEqual([
      ['r1', 3],
      ['r2', 3],
      ['r3', 3],
      ['r5', 1],
    ]);
  });

  it('plans the same ids every time', () => {
    expect(planCaseMilestones('c1', history, completed)).toEqual(planCaseMilestones('c1', history, completed));
    expect(new Set(history.flatMap((e) => planCaseMilestones('c1', history, e).map((p) => p.messageId))).size).toBe(3 + 3 + 3);
  });

  it('ignores anonymous referrers and events that are no milestone', () => {
    const anonymous = report('r9', { kind: 'anonymous' });
    expect(planCaseMilestones('c1', [anonymous], anonymous)).toEqual([]);
    expect(planCaseMilestones('c1', history, condition)).toEqual([]);
  });
  it('tells a later involvement only to its own referrers: a referrer of a closed involvement hears nothing of a new report', () => {
    const closed = event('cases.case-closed', { closedAt: '2026-03-20T10:00:00.000Z' });
    const later = report('r4', { ...teacher, organisationId: 'hap-lingedal', contact: { email: 'huisarts@example.org' } }, 'r4');
    const handedOverAgain = event('cases.handover-accepted', { to: { organisation: { name: 'Team Sociaal Gorinchem' } } });
    const closedAgain = event('cases.case-closed', { closedAt: '2026-09-01T10:00:00.000Z' });
    const twoInvolvements = [...history, closed, later, handedOverAgain, closedAgain];
    expect(planCaseMilestones('c1', twoInvolvements, closed).map((p) => p.reportId)).toEqual(['r1', 'r2', 'r3']);
    expect(planCaseMilestones('c1', twoInvolvements, handedOverAgain).map((p) => p.reportId)).toEqual(['r4']);
    expect(planCaseMilestones('c1', twoInvolvements, closedAgain).map((p) => p.reportId)).toEqual(['r4']);
  });
});
