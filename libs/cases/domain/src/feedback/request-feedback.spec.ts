import { actorOf, command, outsider, vtBram } from '../testing/case-fixtures';
import { given } from '../testing/case-spec';
import { assessed, reported } from '../testing/case-scenarios';

const request = (milestone: 'report-received' | 'safety-assessment-done' | 'case-closed', reportId = 'r1') => ({
  messageId: 'm-1',
  reportId,
  milestone,
  note: 'Bel gerust als u vragen hebt.',
  locale: 'nl' as const,
});

describe('cases.request-feedback', () => {
  it('records what the director asked to tell the referrer, note and all', () => {
    given(assessed())
      .when(command('cases.request-feedback', request('safety-assessment-done'), '2026-03-06T10:00:00Z'))
      .then([
        {
          type: 'cases.feedback-requested',
          schemaVersion: 1,
          data: {
            ...request('safety-assessment-done'),
            requestedBy: 'vt-anna',
            requestedAt: '2026-03-06T10:00:00.000Z',
          },
        },
      ]);
  });

  it('lets a colleague of the director send it, nobody outside the team', () => {
    given(assessed())
      .when(command('cases.request-feedback', request('safety-assessment-done'), '2026-03-06T10:00:00Z', actorOf(vtBram)))
      .thenTypes(['cases.feedback-requested']);
    given(assessed())
      .when(command('cases.request-feedback', request('safety-assessment-done'), '2026-03-06T10:00:00Z', outsider))
      .thenError('case.not-director', { category: 'forbidden' });
  });

  it('refuses a moment the case has not reached, and a report of another case', () => {
    given(reported())
      .when(command('cases.request-feedback', request('safety-assessment-done'), '2026-03-03T10:00:00Z'))
      .thenError('case.feedback-milestone-not-reached', { category: 'rule' });
    given(reported())
      .when(command('cases.request-feedback', request('case-closed'), '2026-03-03T10:00:00Z'))
      .thenError('case.feedback-milestone-not-reached', { category: 'rule' });
    given(reported())
      .when(command('cases.request-feedback', request('report-received', 'r9'), '2026-03-03T10:00:00Z'))
      .thenError('case.report-not-found', { path: 'reportId' });
  });

  it('refuses at the field a note no message can carry as typed, and keeps a note as the referrer will read it', () => {
    for (const note of ['Zie {{bijlage}}.', 'Regel 1\u000bRegel 2', '\u0007', 'x'.repeat(1001)]) {
      given(assessed())
        .when(command('cases.request-feedback', { ...request('safety-assessment-done'), note }, '2026-03-06T10:00:00Z'))
        .thenError('case.feedback-note-not-sendable', { path: 'note', category: 'validation' });
    }
    const { events } = given(assessed())
      .when(
        command(
          'cases.request-feedback',
          { ...request('safety-assessment-done'), note: '  Bel gerust.\r\nGroet, Anna  ' },
          '2026-03-06T10:00:00Z',
        ),
      )
      .thenTypes(['cases.feedback-requested']);
    expect(events[0].data).toMatchObject({ note: 'Bel gerust.\nGroet, Anna' });
    const { events: without } = given(assessed())
      .when(command('cases.request-feedback', { ...request('safety-assessment-done'), note: '   ' }, '2026-03-06T10:00:00Z'))
      .thenTypes(['cases.feedback-requested']);
    expect(without[0].data).not.toHaveProperty('note');
  });
});
