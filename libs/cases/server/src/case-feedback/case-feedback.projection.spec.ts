import type { RecordedEvent } from '@ketenregie/event-store';
import { composeFeedback, decideFeedback, fillPortalLink, PORTAL_LINK_PREVIEW, caseMilestoneFor } from '@ketenregie/feedback-domain';
import { composeFeedbackPreview } from '../preview-feedback/feedback-preview';
import { planCaseFeedbackChanges } from './case-feedback.projection';
import { reportFeedbackOf } from './report-feedback';

let revision = 0;
const recorded = (streamId: string, type: string, data: Record<string, unknown>, at = '2026-03-02T09:00:00Z'): RecordedEvent =>
  ({
    id: `e${revision}`,
    streamId,
    revision: revision++,
    checkpoint: `${revision}`,
    type,
    schemaVersion: 1,
    data,
    metadata: { timestamp: at },
    recordedAt: new Date(at),
  }) as RecordedEvent;

const teacher = {
  kind: 'professional',
  name: 'J. de Vries',
  organisation: 'Basisschool De Regenboog',
  role: 'leerkracht',
  contact: { email: 'j.devries@regenboog.example' },
  feedbackConsent: { kind: 'granted', channel: 'email' },
  namingEndangers: false,
};

const anna = {
  person: { personId: 'vt-anna', name: 'Anna de Vries' },
  organisation: { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' },
};
const iris = {
  person: { personId: 'ts-iris', name: 'Iris Bakker' },
  organisation: { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' },
};

const history = (): RecordedEvent[] => {
  revision = 0;
  return [
    recorded('case-c1', 'cases.case-opened', { caseId: 'c1', familyId: 'f1', director: anna }),
    recorded('case-c1', 'cases.report-received', {
      reportId: 'r1',
      referrer: teacher,
      assessmentId: 'a1',
      assessmentDueOn: '2026-03-09',
      receivedAt: '2026-03-02T09:00:00Z',
    }),
    recorded('case-c1', 'cases.report-received', {
      reportId: 'r2',
      referrer: { kind: 'informant' },
      assessmentId: 'a1',
      assessmentDueOn: '2026-03-09',
      receivedAt: '2026-03-03T09:00:00Z',
    }),
  ];
};

describe('case feedback read model', () => {
  it('lists the assessment milestone with its deadline from the report on, for referrers who get feedback only', () => {
    const { reports, milestones } = planCaseFeedbackChanges(history());
    expect(reports.map((row) => [row.report_id, row.referrer_kind, row.referrer_label, row.channel, row.feedback_milestones])).toEqual([
      [
        'r1',
        'outside-professional',
        'Basisschool De Regenboog',
        'email',
        ['report-received', 'safety-assessment-done', 'handed-over', 'investigation-finished', 'case-closed'],
      ],
      ['r2', 'informant', 'informant', null, []],
    ]);
    expect(milestones.filter((change) => change.milestone === 'safety-assessment-done').map((change) => change.due_on)).toEqual([
      '2026-03-09',
      '2026-03-09',
    ]);
  });

  it('keeps per case the organisation that directs it at the end of the batch', () => {
    const events = [
      ...history(),
      recorded('case-c1', 'cases.handover-accepted', { handoverId: 'h1', to: iris, acceptedAt: '2026-03-04T09:00:00Z' }),
      recorded('case-c2', 'cases.case-opened', { caseId: 'c2', familyId: 'f2', director: iris }),
      recorded('case-c2', 'cases.case-escalated', { handoverId: 'h2', to: anna, phase: 'immediate-safety' }),
    ];
    expect(planCaseFeedbackChanges(events).directors).toEqual([
      { case_id: 'c1', director_organisation_id: 'ts-gorinchem' },
      { case_id: 'c2', director_organisation_id: 'vt-zhz' },
    ]);
    expect(planCaseFeedbackChanges(history().slice(1)).directors).toEqual([]);
  });

  it('moves the deadline to the day the assessment ended, and keeps delivery facts of messages, never their text', () => {
    const events = [
      ...history(),
      recorded('case-c1', 'cases.safety-assessment-completed', {
        assessmentId: 'a1',
        completedAt: '2026-03-05T23:30:00Z',
        acuteUnsafety: true,
        structuralUnsafety: false,
      }),
      recorded('feedback-c1', 'feedback.message-queued', {
        messageId: 'm1',
        caseId: 'c1',
        reportId: 'r1',
        milestone: 'safety-assessment-done',
        channel: 'email',
        recipientEmail: 'j.devries@regenboog.example',
        subject: 'geheim',
        text: 'geheim',
        queuedAt: '2026-03-09T10:00:00Z',
        personal: true,
      }),
      recorded('feedback-c1', 'feedback.message-refused', { messageId: 'm1', caseId: 'c1', attempts: 2, at: '2026-03-09T10:05:00Z' }),
    ];
    const { milestones, messages } = planCaseFeedbackChanges(events);
    // 23:30 UTC on 5 March is 6 March in Amsterdam.
    expect(milestones.at(-1)).toMatchObject({
      milestone: 'safety-assessment-done',
      due_on: '2026-03-06',
      reached_at: '2026-03-05T23:30:00Z',
    });
    expect(messages).toEqual([
      expect.objectContaining({ message_id: 'm1', delivery_status: 'refused', attempts: 2, personal: true, superseded: false }),
    ]);
    expect(JSON.stringify(messages)).not.toContain('geheim');
  });

  it('tells late from overdue per milestone', () => {
    const report = {
      case_id: 'c1',
      report_id: 'r1',
      assessment_id: 'a1',
      received_at: '2026-03-02T09:00:00.000Z',
      referrer_kind: 'outside-professional' as const,
      referrer_label: 'School',
      channel: 'email' as const,
      feedback_milestones: ['safety-assessment-done' as const],
    };
    const milestone = {
      case_id: 'c1',
      report_id: 'r1',
      milestone: 'safety-assessment-done' as const,
      reached_at: '2026-03-05T10:00:00.000Z',
      due_on: '2026-03-05',
      first_sent_at: null,
      feedback_owed: true,
      director_organisation_id: 'vt-zhz',
    };
    const now = new Date('2026-03-07T10:00:00Z');
    expect(reportFeedbackOf({ reports: [report], milestones: [milestone], messages: [] }, now)[0].milestones[0]).toMatchObject({
      dueOn: '2026-03-05',
      timeliness: 'overdue',
    });
    expect(
      reportFeedbackOf(
        { reports: [report], milestones: [{ ...milestone, first_sent_at: '2026-03-06T08:00:00.000Z' }], messages: [] },
        now,
      )[0].milestones[0],
    ).toMatchObject({ timeliness: 'late' });
    // No deadline and no timeliness where the rules give this referrer nothing.
    expect(
      reportFeedbackOf({ reports: [{ ...report, feedback_milestones: [] }], milestones: [milestone], messages: [] }, now)[0],
    ).toMatchObject({ receivesFeedback: false, milestones: [{ dueOn: null, timeliness: null }] });
  });

  it('previews exactly the text the feedback context composes, with the note', () => {
    const events = [
      ...history(),
      recorded('case-c1', 'cases.safety-assessment-completed', {
        assessmentId: 'a1',
        completedAt: '2026-03-05T10:00:00Z',
        acuteUnsafety: true,
        structuralUnsafety: false,
      }),
    ];
    const note = 'Bel gerust als u vragen hebt.';
    const preview = composeFeedbackPreview('c1', events, { reportId: 'r1', milestone: 'safety-assessment-done', note, locale: 'nl' });
    const planned = caseMilestoneFor('c1', events, 'r1', 'safety-assessment-done');
    const decision = decideFeedback({ referrer: planned!.referrer, milestone: planned!.milestone, hasPlanRole: planned!.hasPlanRole });
    if (decision.kind !== 'send') throw new Error('expected a message');
    const sent = composeFeedback({ decision, locale: 'nl', note });
    expect(fillPortalLink(sent.text, PORTAL_LINK_PREVIEW)).toBe(preview.text);
    expect(preview).toMatchObject({ subject: sent.subject, channel: 'email' });
    expect(preview.text).toContain(note);
    expect(preview.withheld).toContain('dat er andere meldingen over dit gezin zijn');
    expect(() => composeFeedbackPreview('c1', events, { reportId: 'r2', milestone: 'safety-assessment-done', locale: 'nl' })).toThrow(
      /informant/,
    );
    expect(() => composeFeedbackPreview('c1', history(), { reportId: 'r1', milestone: 'investigation-finished', locale: 'nl' })).toThrow(
      /nog niet bij dit moment/,
    );
  });
});
