import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, registerAdviceRequest, registerReport, vtAnna } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { assessed, assessedCommands, handedOverCommands, monitoring, reported, reportedCommands } from '../testing/case-scenarios';

// ADR 0008, closing. The assessed scenario found structural unsafety (no acute unsafety).

const close = (
  outcome: 'no-unsafety-found' | 'safety-established' | 'advice-given' | 'other',
  notes: string,
  instant = '2026-03-06T09:00:00Z',
) => command('cases.close-case', { outcome, notes }, instant);

const assessedSafe = () =>
  history([
    ...reportedCommands(),
    command('cases.start-safety-assessment', { assessmentId: 'r1' }, '2026-03-03T09:00:00Z'),
    command(
      'cases.complete-safety-assessment',
      { assessmentId: 'r1', acuteUnsafety: false, structuralUnsafety: false },
      '2026-03-05T09:00:00Z',
    ),
  ]);

describe('closing a case (einde bemoeienis)', () => {
  it('moves the status out of in_safety_assessment when the assessment is recorded, and back to received on a new report', () => {
    expect(
      (
        stateAfter(
          history([...reportedCommands(), command('cases.start-safety-assessment', { assessmentId: 'r1' }, '2026-03-03T09:00:00Z')]),
        ) as OpenedCase
      ).status,
    ).toBe('in_safety_assessment');
    expect((stateAfter(assessed()) as OpenedCase).status).toBe('assessed');
    const again = stateAfter(history([...assessedCommands(), registerReport('r2', '2026-03-06T09:00:00Z')])) as OpenedCase;
    expect(again.status).toBe('received');
    expect(again.assessments.map((assessment) => assessment.status)).toEqual(['completed', 'pending']);
  });

  it('closes only after a safety assessment', () => {
    given(reported()).when(close('safety-established', 'x')).thenError('case.assessment-not-completed');
    given(history([...reportedCommands(), command('cases.start-safety-assessment', { assessmentId: 'r1' }, '2026-03-03T09:00:00Z')]))
      .when(close('safety-established', 'x'))
      .thenError('case.assessment-not-completed');
  });

  it('closes a case assessed as unsafe without a route only with a recorded reason', () => {
    given(assessed())
      .when(close('safety-established', '  '))
      .thenError('case.closing-reason-required', { path: 'notes', category: 'validation' });
    const { events } = given(assessed())
      .when(close('safety-established', 'Vader is verhuisd; ouders werken mee met huisarts.'))
      .thenTypes(['cases.case-closed']);
    expect(events[0].data).toMatchObject({ notes: 'Vader is verhuisd; ouders werken mee met huisarts.' });
  });

  it('refuses "no unsafety found" after an assessment that found unsafety, whatever the reason', () => {
    given(assessed())
      .when(close('no-unsafety-found', 'Toch geen zorgen.'))
      .thenError('case.closure-outcome-not-fitting', { path: 'outcome' });
  });

  it('closes a case assessed as safe without a reason, and one with a route taken without one', () => {
    given(assessedSafe()).when(close('no-unsafety-found', '')).thenTypes(['cases.case-closed']);
    given(monitoring())
      .when(command('cases.close-case', { outcome: 'safety-established', notes: '' }, '2026-07-01T09:00:00Z', actorOf(ltCarla)))
      .thenTypes(['cases.case-closed']);
    const conditions = history([
      ...assessedCommands(),
      command('cases.start-conditions-and-follow-up', { reason: 'Voorwaarden.' }, '2026-03-06T09:00:00Z'),
    ]);
    given(conditions)
      .when(close('safety-established', '', '2026-04-01T09:00:00Z'))
      .thenTypes(['cases.case-closed']);
  });

  it('asks for a reason again when Veilig Thuis took direction back and chose no new route', () => {
    const escalated = history([
      ...handedOverCommands(),
      command(
        'cases.escalate-case',
        { handoverId: 'x', to: vtAnna, reason: 'Onveilig.', phase: 'immediate-safety' },
        '2026-04-01T09:00:00Z',
      ),
    ]);
    expect((stateAfter(escalated) as OpenedCase).status).toBe('escalated');
    given(escalated)
      .when(close('safety-established', '', '2026-04-02T09:00:00Z'))
      .thenError('case.closing-reason-required');
    given(escalated)
      .when(close('safety-established', 'Gezin verhuisd naar het buitenland.', '2026-04-02T09:00:00Z'))
      .thenTypes(['cases.case-closed']);
  });

  describe('a case with advice requests only', () => {
    const advice = () => history([registerAdviceRequest('a1', '2026-02-02T09:00:00Z')]);

    it('closes with "advice given" (or "other"): it ends the consultation, not an involvement', () => {
      const state = given(advice())
        .when(close('advice-given', '', '2026-02-03T09:00:00Z'))
        .thenTypes(['cases.case-closed']).state as OpenedCase;
      expect(state.vtInvolvement).toBe('none');
      given(advice())
        .when(close('other', 'Adviesvraag ging over een ander gezin.', '2026-02-03T09:00:00Z'))
        .thenTypes(['cases.case-closed']);
      // Nothing was assessed, so a later report is a first report.
      const later = history([
        registerAdviceRequest('a1', '2026-02-02T09:00:00Z'),
        close('advice-given', '', '2026-02-03T09:00:00Z'),
        registerReport('r1', '2026-03-02T09:00:00Z'),
      ]);
      expect((stateAfter(later) as OpenedCase).reports[0].classification).toBe('first');
    });

    it('refuses outcomes of an assessment on an advice-only case, and "advice given" on a case with a report', () => {
      given(advice())
        .when(close('safety-established', '', '2026-02-03T09:00:00Z'))
        .thenError('case.closure-outcome-not-fitting', { path: 'outcome' });
      given(assessed()).when(close('advice-given', 'Advies gegeven.')).thenError('case.closure-outcome-not-fitting', { path: 'outcome' });
    });

    it('is closed by the professional who took the advice request or their team only', () => {
      given(advice())
        .when(command('cases.close-case', { outcome: 'advice-given', notes: '' }, '2026-02-03T09:00:00Z', actorOf(ltCarla)))
        .thenError('case.not-director', { category: 'forbidden' });
    });
  });
});
