import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, registerReport, vtAnna } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import {
  assessed,
  assessedCommands,
  handedOver,
  handedOverCommands,
  handoverOffered,
  monitoring,
  reported,
} from '../testing/case-scenarios';

const startInvestigation = (instant = '2026-03-06T09:00:00Z') => command('cases.start-investigation', { investigationId: 'i1' }, instant);
const completeInvestigation = (instant: string) =>
  command('cases.complete-investigation', { investigationId: 'i1', conclusion: 'Vermoeden bevestigd.' }, instant);
// The assessed scenario found structural unsafety: closing it needs a fitting outcome and a reason.
const close = (instant = '2026-03-06T09:00:00Z', actor = actorOf(vtAnna)) =>
  command(
    'cases.close-case',
    { outcome: 'safety-established', notes: 'Ouders werken mee; geen verdere bemoeienis nodig.' },
    instant,
    actor,
  );

describe('routes after the safety assessment', () => {
  it('starts conditions and follow-up', () => {
    const state = given(assessed())
      .when(command('cases.start-conditions-and-follow-up', { reason: 'Structurele onveiligheid' }, '2026-03-06T09:00:00Z'))
      .then([
        {
          type: 'cases.conditions-and-follow-up-started',
          schemaVersion: 1,
          data: { reason: 'Structurele onveiligheid', startedAt: '2026-03-06T09:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('conditions_and_follow_up');
  });

  it('starts an investigation due 10 weeks later', () => {
    const state = given(assessed())
      .when(startInvestigation())
      .then([
        {
          type: 'cases.investigation-started',
          schemaVersion: 1,
          data: { investigationId: 'i1', startedAt: '2026-03-06T09:00:00.000Z', startedOn: '2026-03-06', dueOn: '2026-05-15' },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('under_investigation');
  });

  it('completes an investigation and then allows hand-over, referral or closing, but not while it runs', () => {
    const running = history([...assessedCommands(), startInvestigation()]);
    given(running).when(close()).thenError('case.investigation-not-completed');
    given(running)
      .when(command('cases.offer-handover', { handoverId: 'h1', to: ltCarla, reason: 'x', phase: 'stable-safety' }, '2026-03-07T09:00:00Z'))
      .thenError('case.investigation-not-completed');
    const { events } = given(running).when(completeInvestigation('2026-05-15T15:00:00Z')).thenTypes(['cases.investigation-completed']);
    expect(events[0].data).toMatchObject({ onTime: true, completedOn: '2026-05-15' });
    const completed = history([...assessedCommands(), startInvestigation(), completeInvestigation('2026-05-18T09:00:00Z')]);
    expect(completed.at(-1)?.data).toMatchObject({ onTime: false });
    given(completed)
      .when(command('cases.request-child-protection-investigation', { reason: 'Zorgen blijven' }, '2026-05-19T09:00:00Z'))
      .thenTypes(['cases.child-protection-investigation-requested']);
    given(completed).when(close('2026-05-19T09:00:00Z')).thenTypes(['cases.case-closed']);
    given(completed).when(completeInvestigation('2026-05-19T09:00:00Z')).thenError('case.investigation-already-completed');
    given(completed).when(startInvestigation('2026-05-19T09:00:00Z')).thenError('case.invalid-transition');
  });

  it('requests an investigation by the child protection board', () => {
    const state = given(assessed())
      .when(
        command('cases.request-child-protection-investigation', { reason: 'Ernstige zorgen over de ontwikkeling' }, '2026-03-06T09:00:00Z'),
      )
      .then([
        {
          type: 'cases.child-protection-investigation-requested',
          schemaVersion: 1,
          data: { reason: 'Ernstige zorgen over de ontwikkeling', requestedAt: '2026-03-06T09:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('referred_to_child_protection');
  });

  it('closes the case with an outcome (einde bemoeienis), ending Veilig Thuis involvement', () => {
    const state = given(assessed())
      .when(close())
      .then([
        {
          type: 'cases.case-closed',
          schemaVersion: 1,
          data: {
            outcome: 'safety-established',
            notes: 'Ouders werken mee; geen verdere bemoeienis nodig.',
            director: vtAnna,
            closedAt: '2026-03-06T09:00:00.000Z',
            closedOn: '2026-03-06',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('closed');
    expect(state.vtInvolvement).toBe('ended');
    expect(state.director).toEqual(vtAnna);
  });

  it('cancels open rappels when a monitored case closes', () => {
    const { state } = given(monitoring())
      .when(close('2026-07-01T09:00:00Z', actorOf(ltCarla)))
      .thenTypes(['cases.case-closed']);
    expect((state as OpenedCase).rappels.map((rappel) => rappel.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('never skips the assessment: no route and no closing before it is completed', () => {
    given(reported()).when(close()).thenError('case.assessment-not-completed');
    given(reported()).when(startInvestigation()).thenError('case.assessment-not-completed');
    given(reported())
      .when(command('cases.start-conditions-and-follow-up', { reason: 'x' }, '2026-03-03T09:00:00Z'))
      .thenError('case.assessment-not-completed');
    given(reported())
      .when(command('cases.request-child-protection-investigation', { reason: 'x' }, '2026-03-03T09:00:00Z'))
      .thenError('case.assessment-not-completed');
    const followUp = history([...handedOverCommands(), registerReport('r2', '2026-04-01T09:00:00Z')]);
    given(followUp)
      .when(close('2026-04-02T09:00:00Z', actorOf(ltCarla)))
      .thenError('case.assessment-not-completed');
  });

  it('rejects routes from statuses where Veilig Thuis does not direct, and closing with a pending hand-over', () => {
    // Veilig Thuis of the region does not steer a case the local team directs (it may escalate);
    // the local team that directs has no route to choose from there.
    given(handedOver()).when(startInvestigation('2026-04-01T09:00:00Z')).thenError('case.not-director', { category: 'forbidden' });
    given(handedOver())
      .when(command('cases.start-investigation', { investigationId: 'i1' }, '2026-04-01T09:00:00Z', actorOf(ltCarla)))
      .thenError('case.invalid-transition');
    given(handoverOffered()).when(close()).thenError('case.handover-pending');
    given(handoverOffered()).when(startInvestigation()).thenError('case.handover-pending');
  });

  it('rejects commands on a closed case', () => {
    const closed = history([...assessedCommands(), close()]);
    given(closed).when(close('2026-03-07T09:00:00Z')).thenError('case.closed');
    given(closed).when(startInvestigation('2026-03-07T09:00:00Z')).thenError('case.closed');
    expect((stateAfter(closed) as OpenedCase).lastClosure).toEqual({
      outcome: 'safety-established',
      closedOn: '2026-03-06',
      closedAt: '2026-03-06T09:00:00.000Z',
      director: vtAnna,
    });
  });

  it('rejects an unknown closure outcome and an unknown case', () => {
    given(assessed())
      .when(command('cases.close-case', { outcome: 'whatever' as never, notes: '' }, '2026-03-06T09:00:00Z'))
      .thenError('case.required', { path: 'outcome' });
    given([]).when(close()).thenError('case.not-found', { category: 'not-found' });
  });
});
