import type { OpenedCase } from '../case.state';
import { command, registerReport } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { assessed, reported, reportedCommands } from '../testing/case-scenarios';

const start = (assessmentId = 'r1', instant = '2026-03-03T09:00:00Z') =>
  command('cases.start-safety-assessment', { assessmentId }, instant);
const complete = (instant: string, acuteUnsafety = false, structuralUnsafety = true) =>
  command('cases.complete-safety-assessment', { assessmentId: 'r1', acuteUnsafety, structuralUnsafety }, instant);

describe('safety assessment (veiligheidsbeoordeling)', () => {
  it('registers acute unsafety at intake, putting the case in acute and the immediate-safety phase', () => {
    const state = given(reported())
      .when(command('cases.register-acute-unsafety', { measures: 'Politie ingeschakeld; kinderen bij oma.' }, '2026-03-02T10:00:00Z'))
      .then([
        {
          type: 'cases.acute-unsafety-registered',
          schemaVersion: 1,
          data: { assessmentId: 'r1', measures: 'Politie ingeschakeld; kinderen bij oma.', registeredAt: '2026-03-02T10:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('acute');
    expect(state.phase).toBe('immediate-safety');
  });

  it('rejects acute unsafety outside intake', () => {
    given(assessed())
      .when(command('cases.register-acute-unsafety', { measures: 'x' }, '2026-03-06T10:00:00Z'))
      .thenError('case.invalid-transition');
  });

  it('starts the assessment from received and from acute', () => {
    const state = given(reported())
      .when(start())
      .then([
        { type: 'cases.safety-assessment-started', schemaVersion: 1, data: { assessmentId: 'r1', startedAt: '2026-03-03T09:00:00.000Z' } },
      ]) as OpenedCase;
    expect(state.status).toBe('in_safety_assessment');
    const acute = history([
      ...reportedCommands(),
      command('cases.register-acute-unsafety', { measures: 'Tijdelijk huisverbod' }, '2026-03-02T10:00:00Z'),
    ]);
    const { state: fromAcute } = given(acute).when(start()).thenTypes(['cases.safety-assessment-started']);
    expect((fromAcute as OpenedCase).status).toBe('in_safety_assessment');
  });

  it('completes the assessment on time (on the due date itself)', () => {
    const started = history([...reportedCommands(), start()]);
    given(started)
      .when(complete('2026-03-09T16:00:00Z', false, true))
      .then([
        {
          type: 'cases.safety-assessment-completed',
          schemaVersion: 1,
          data: {
            assessmentId: 'r1',
            acuteUnsafety: false,
            structuralUnsafety: true,
            completedAt: '2026-03-09T16:00:00.000Z',
            completedOn: '2026-03-09',
            dueOn: '2026-03-09',
            onTime: true,
          },
        },
      ]);
  });

  it('records a late completion as not on time', () => {
    const { events } = given(history([...reportedCommands(), start()]))
      .when(complete('2026-03-10T08:00:00Z'))
      .thenTypes(['cases.safety-assessment-completed']);
    expect(events[0].data).toMatchObject({ onTime: false, dueOn: '2026-03-09', completedOn: '2026-03-10' });
  });

  it('rejects completing before starting, starting twice, and unknown assessments', () => {
    given(reported()).when(complete('2026-03-04T09:00:00Z')).thenError('case.assessment-not-started');
    given(history([...reportedCommands(), start()]))
      .when(start())
      .thenError('case.assessment-already-started');
    given(assessed()).when(start()).thenError('case.assessment-already-completed');
    given(assessed()).when(complete('2026-03-06T09:00:00Z')).thenError('case.assessment-already-completed');
    given(reported()).when(start('r9')).thenError('case.assessment-not-found', { category: 'not-found' });
  });

  it('requires both findings to be answered', () => {
    given(history([...reportedCommands(), start()]))
      .when(
        command(
          'cases.complete-safety-assessment',
          { assessmentId: 'r1', acuteUnsafety: undefined as never, structuralUnsafety: true },
          '2026-03-04T09:00:00Z',
        ),
      )
      .thenError('case.required', { path: 'acuteUnsafety' });
  });

  it('assesses a follow-up report that arrived during the assessment within the same assessment', () => {
    const events = history([
      ...reportedCommands(),
      start(),
      registerReport('r2', '2026-03-04T09:00:00Z'),
      complete('2026-03-05T09:00:00Z'),
    ]);
    const state = stateAfter(events) as OpenedCase;
    expect(state.reports.map((report) => report.assessmentId)).toEqual(['r1', 'r1']);
    expect(state.assessments).toHaveLength(1);
    given(events).when(start('r2')).thenError('case.assessment-not-found');
  });
});
