import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, ltDaan, vtAnna, vtBram } from '../testing/case-fixtures';
import { given, history } from '../testing/case-spec';
import { assessed, handedOver, handedOverCommands, monitoring } from '../testing/case-scenarios';

const escalate = (actor = actorOf(ltCarla), to = vtBram, handoverId = 'h2') =>
  command(
    'cases.escalate-case',
    { handoverId, to, reason: 'Afspraken worden niet nagekomen; opnieuw geweld.', phase: 'immediate-safety' },
    '2026-05-04T09:00:00Z',
    actor,
  );

describe('cases.escalate-case (opschalen)', () => {
  it('offers the case to Veilig Thuis when the local team escalates; direction stays until VT accepts', () => {
    const state = given(handedOver())
      .when(escalate())
      .then([
        {
          type: 'cases.handover-offered',
          schemaVersion: 1,
          data: {
            handoverId: 'h2',
            kind: 'escalation',
            from: ltCarla,
            to: vtBram,
            reason: 'Afspraken worden niet nagekomen; opnieuw geweld.',
            phase: 'immediate-safety',
            offeredAt: '2026-05-04T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.director).toEqual(ltCarla);
  });

  it('escalates on acceptance by Veilig Thuis (both events)', () => {
    const offered = history([...handedOverCommands(), escalate()]);
    const state = given(offered)
      .when(command('cases.accept-handover', { handoverId: 'h2' }, '2026-05-04T11:00:00Z', actorOf(vtBram)))
      .then([
        {
          type: 'cases.handover-accepted',
          schemaVersion: 1,
          data: {
            handoverId: 'h2',
            kind: 'escalation',
            from: ltCarla,
            to: vtBram,
            phase: 'immediate-safety',
            acceptedAt: '2026-05-04T11:00:00.000Z',
            acceptedOn: '2026-05-04',
          },
        },
        {
          type: 'cases.case-escalated',
          schemaVersion: 1,
          data: {
            reason: 'Afspraken worden niet nagekomen; opnieuw geweld.',
            phase: 'immediate-safety',
            from: ltCarla,
            to: vtBram,
            trigger: 'handover-accepted',
            handoverId: 'h2',
            escalatedAt: '2026-05-04T11:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('escalated');
    expect(state.director).toEqual(vtBram);
  });

  it('moves direction at once when Veilig Thuis itself takes the case back', () => {
    const state = given(monitoring())
      .when(escalate(actorOf(vtAnna), vtAnna))
      .then([
        {
          type: 'cases.case-escalated',
          schemaVersion: 1,
          data: {
            reason: 'Afspraken worden niet nagekomen; opnieuw geweld.',
            phase: 'immediate-safety',
            from: ltCarla,
            to: vtAnna,
            trigger: 'taken-over',
            escalatedAt: '2026-05-04T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('escalated');
    expect(state.director).toEqual(vtAnna);
  });

  it('offers the case to a Veilig Thuis colleague another professional names; direction moves only when that colleague accepts', () => {
    const { events, state } = given(monitoring())
      .when(escalate(actorOf(vtAnna), vtBram))
      .thenTypes(['cases.handover-offered']);
    expect(events[0].data).toMatchObject({ handoverId: 'h2', kind: 'escalation', from: ltCarla, to: vtBram });
    expect((state as OpenedCase).director).toEqual(ltCarla);
    const accepted = given([...monitoring(), ...events])
      .when(command('cases.accept-handover', { handoverId: 'h2' }, '2026-05-04T10:00:00Z', actorOf(vtBram)))
      .thenTypes(['cases.handover-accepted', 'cases.case-escalated']);
    expect((accepted.state as OpenedCase).director).toEqual(vtBram);
  });

  it('de-escalates again through an accepted hand-over, landing in de_escalated', () => {
    const events = history([
      ...handedOverCommands(),
      escalate(actorOf(vtAnna), vtAnna),
      command(
        'cases.offer-handover',
        { handoverId: 'h3', to: ltCarla, reason: 'Veiligheid stabiel; herstel via Team Sociaal.', phase: 'recovery' },
        '2026-06-01T09:00:00Z',
      ),
    ]);
    const { state } = given(events)
      .when(command('cases.accept-handover', { handoverId: 'h3' }, '2026-06-02T09:00:00Z', actorOf(ltCarla)))
      .thenTypes(['cases.handover-accepted']);
    const opened = state as OpenedCase;
    expect(opened.status).toBe('de_escalated');
    expect(opened.phase).toBe('recovery');
    expect(opened.director).toEqual(ltCarla);
  });

  it('only escalates to Veilig Thuis', () => {
    given(handedOver())
      .when(escalate(actorOf(ltCarla), ltDaan))
      .thenError('case.escalation-target-not-veilig-thuis', {
        path: 'to.organisation.kind',
      });
  });

  it('is pointless while Veilig Thuis directs', () => {
    given(assessed())
      .when(escalate(actorOf(vtAnna), vtBram))
      .thenError('case.already-with-veilig-thuis');
  });

  it('refuses a local team that does not direct the case', () => {
    given(handedOver())
      .when(escalate(actorOf(ltDaan)))
      .thenError('case.not-director');
  });

  it('refuses escalation while another hand-over is pending', () => {
    const pending = history([
      ...handedOverCommands(),
      command(
        'cases.offer-handover',
        { handoverId: 'h2', to: ltDaan, reason: 'Verhuisd', phase: 'stable-safety' },
        '2026-04-01T09:00:00Z',
        actorOf(ltCarla),
      ),
    ]);
    given(pending)
      .when(escalate(actorOf(ltCarla), vtBram, 'h3'))
      .thenError('case.handover-pending');
  });

  it('requires a reason', () => {
    given(handedOver())
      .when(
        command(
          'cases.escalate-case',
          { handoverId: 'h2', to: vtBram, reason: '', phase: 'immediate-safety' },
          '2026-05-04T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .thenError('case.required', { path: 'reason' });
  });
});
