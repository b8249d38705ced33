import type { CaseAction, CaseSignal, ReportFeedback } from '@ketenregie/contracts';
import { setLocaleForTests } from '@ketenregie/platform-web';
import {
  acknowledgeActionOf,
  acknowledgedSignals,
  feedbackBody,
  feedbackRecipients,
  messageLine,
  milestoneDueLine,
  milestonesOf,
  needsAttention,
  openSignals,
  previewIsCurrent,
  receivesLine,
  signalSourceLabel,
} from './feedback-words';

type Message = ReportFeedback['milestones'][number]['messages'][number];

const message = (overrides: Partial<Message> = {}): Message => ({
  messageId: 'm-1',
  milestone: 'safety-assessment-done',
  channel: 'email',
  queuedAt: '2026-03-12T13:05:00Z',
  deliveryStatus: 'delivered',
  attempts: 1,
  settledAt: '2026-03-12T13:06:00Z',
  personal: false,
  ...overrides,
});

const report = (overrides: Partial<ReportFeedback> = {}): ReportFeedback => ({
  reportId: 'r-1',
  referrerKind: 'directory-professional',
  referrerLabel: 'Basisschool De Regenboog',
  receivesFeedback: true,
  channel: 'email',
  milestones: [],
  ...overrides,
});

const signal = (signalId: string, raisedAt: string, acknowledged: CaseSignal['acknowledged'] = null): CaseSignal => ({
  signalId,
  kind: 'task-stalls',
  source: { kind: 'chain-partner', organisation: { organisationId: 'jeugdzorg', name: 'Jeugdzorg Zuid' } },
  reason: 'Gezin zegt afspraken af.',
  raisedAt,
  acknowledged,
});

describe('feedback and signal words', () => {
  beforeEach(() => setLocaleForTests('nl'));

  it('says whether and how a referrer hears back', () => {
    expect(receivesLine(report())).toBe('Krijgt terugkoppeling per e-mail.');
    expect(receivesLine(report({ channel: 'portal' }))).toBe('Krijgt terugkoppeling in het meldersportaal.');
    expect(receivesLine(report({ receivesFeedback: false, channel: null }))).toBe('Krijgt geen terugkoppeling.');
  });

  it('words a milestone still to send like a deadline, and a sent one by its due day only', () => {
    expect(milestoneDueLine({ dueOn: '2026-03-14', timeliness: 'due' }, '2026-03-12')).toBe('nog 2 dagen (uiterlijk za 14 maart 2026)');
    expect(milestoneDueLine({ dueOn: '2026-03-10', timeliness: 'overdue' }, '2026-03-12')).toBe(
      '2 dagen te laat (uiterlijk di 10 maart 2026)',
    );
    expect(milestoneDueLine({ dueOn: '2026-03-10', timeliness: 'on-time' }, '2026-03-12')).toBe('uiterlijk di 10 maart 2026');
    expect(milestoneDueLine({ dueOn: null, timeliness: null })).toBe('Geen termijn');
  });

  it('gives each message its channel, moment, delivery in words and attempts, and says when staff added a note', () => {
    expect(messageLine(message())).toBe('per e-mail, 12 maart 2026, 14.05 uur: afgeleverd (1 poging)');
    expect(messageLine(message({ deliveryStatus: 'failed', attempts: 5, personal: true }))).toBe(
      'per e-mail, 12 maart 2026, 14.05 uur: mislukt na herhaalde pogingen (5 pogingen) Met persoonlijke toelichting.',
    );
    expect(messageLine(message({ deliveryStatus: 'refused', attempts: 2 }))).toContain('geweigerd door de mailserver (2 pogingen)');
    expect(messageLine(message({ channel: 'portal', deliveryStatus: 'portal-only', attempts: 0 }))).toBe(
      'in het meldersportaal, 12 maart 2026, 14.05 uur: alleen in het portaal',
    );
    expect(messageLine(message({ deliveryStatus: 'queued', attempts: 0 }))).toContain('in de wachtrij (0 pogingen)');
  });

  it('names a referrer only by their report and a partner by its organisation', () => {
    const reports = [{ reportId: 'r-1', classification: 'first' as const, receivedOn: '2026-03-03', assessmentId: 'a-1' }];
    expect(signalSourceLabel({ source: { kind: 'referrer', reportId: 'r-1' } }, reports)).toBe('de melder (melding van 3 maart 2026)');
    expect(signalSourceLabel({ source: { kind: 'referrer', reportId: 'r-9' } }, reports)).toBe('de melder');
    expect(signalSourceLabel(signal('s-1', '2026-03-01T10:00:00Z'), reports)).toBe('Jeugdzorg Zuid');
  });

  it('puts unacknowledged signals up front, newest first, and keeps acknowledged ones as history', () => {
    const seen = { at: '2026-03-05T10:00:00Z', by: { personId: 'p', name: 'Anna Jansen' }, note: '' };
    const signals = [
      signal('old', '2026-03-01T10:00:00Z'),
      signal('seen', '2026-03-02T10:00:00Z', seen),
      signal('new', '2026-03-04T10:00:00Z'),
    ];
    expect(openSignals(signals).map((s) => s.signalId)).toEqual(['new', 'old']);
    expect(acknowledgedSignals(signals).map((s) => s.signalId)).toEqual(['seen']);
  });

  it('finds the acknowledge action of exactly that signal', () => {
    const actions: CaseAction[] = [
      { action: 'acknowledge-signal', allowed: true, target: { signalId: 's-1' } },
      {
        action: 'acknowledge-signal',
        allowed: false,
        target: { signalId: 's-2' },
        reason: 'Alleen de regisseur kan dit.',
        code: 'case.not-director',
      },
    ];
    expect(acknowledgeActionOf(actions, 's-1')?.allowed).toBe(true);
    expect(acknowledgeActionOf(actions, 's-2')?.allowed).toBe(false);
    expect(acknowledgeActionOf(actions, 's-3')).toBeUndefined();
  });

  it('offers only referrers who receive feedback, about their own milestones', () => {
    const informant = report({ reportId: 'r-2', referrerKind: 'informant', receivesFeedback: false, channel: null });
    const teacher = report({ milestones: [{ milestone: 'report-received', dueOn: null, timeliness: null, messages: [] }] });
    expect(feedbackRecipients([informant, teacher]).map((r) => r.reportId)).toEqual(['r-1']);
    expect(milestonesOf(teacher)).toEqual(['report-received']);
    expect(milestonesOf(undefined)).toHaveLength(5);
  });

  it('sends what was previewed: an empty note is left out, and any change makes the preview stale', () => {
    const draft = { reportId: 'r-1', milestone: 'safety-assessment-done', note: '' };
    expect(feedbackBody(draft)).toEqual({ reportId: 'r-1', milestone: 'safety-assessment-done', locale: 'nl' });
    expect(feedbackBody({ ...draft, note: 'Bel gerust.' })).toEqual({ ...feedbackBody(draft), note: 'Bel gerust.' });
    expect(previewIsCurrent(draft, { ...draft })).toBe(true);
    expect(previewIsCurrent(draft, { ...draft, note: 'Bel gerust.' })).toBe(false);
    expect(previewIsCurrent(draft, { ...draft, milestone: 'handed-over' })).toBe(false);
    expect(previewIsCurrent(undefined, draft)).toBe(false);
  });

  it('counts the moments overdue or whose delivery was refused or failed', () => {
    const feedback = [
      report({
        milestones: [
          { milestone: 'report-received', dueOn: null, timeliness: null, messages: [message({ deliveryStatus: 'refused' })] },
          { milestone: 'safety-assessment-done', dueOn: '2026-03-10', timeliness: 'overdue', messages: [] },
          { milestone: 'handed-over', dueOn: '2026-03-20', timeliness: 'due', messages: [] },
          { milestone: 'case-closed', dueOn: null, timeliness: 'on-time', messages: [message()] },
        ],
      }),
    ];
    expect(needsAttention(feedback)).toBe(2);
  });
});
