import type { OpenedCase } from '../case.state';
import { actorOf, command, ltCarla, ltDaan, outsider, vtAnna, vtBram } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { assessed, handedOver, handedOverCommands, handoverOffered, reported, reportedCommands } from '../testing/case-scenarios';

const offer = (to = ltCarla, actor = actorOf(vtAnna), handoverId = 'h1') =>
  command(
    'cases.offer-handover',
    { handoverId, to, reason: 'Structurele onveiligheid; hulp via Team Sociaal.', phase: 'stable-safety' },
    '2026-03-06T09:00:00Z',
    actor,
  );
const accept = (actor = actorOf(ltCarla), handoverId = 'h1') =>
  command('cases.accept-handover', { handoverId }, '2026-03-09T09:00:00Z', actor);

describe('hand-over of direction (warme overdracht)', () => {
  it('offers direction to the local team after the assessment, leaving the current director accountable', () => {
    const state = given(assessed())
      .when(offer())
      .then([
        {
          type: 'cases.handover-offered',
          schemaVersion: 1,
          data: {
            handoverId: 'h1',
            kind: 'de-escalation',
            from: vtAnna,
            to: ltCarla,
            reason: 'Structurele onveiligheid; hulp via Team Sociaal.',
            phase: 'stable-safety',
            offeredAt: '2026-03-06T09:00:00.000Z',
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('handover_offered');
    expect(state.director).toEqual(vtAnna);
  });

  it('moves direction only when the receiver accepts', () => {
    const state = given(handoverOffered())
      .when(accept())
      .then([
        {
          type: 'cases.handover-accepted',
          schemaVersion: 1,
          data: {
            handoverId: 'h1',
            kind: 'de-escalation',
            from: vtAnna,
            to: ltCarla,
            phase: 'stable-safety',
            acceptedAt: '2026-03-09T09:00:00.000Z',
            acceptedOn: '2026-03-09',
          },
        },
      ]) as OpenedCase;
    expect(state.director).toEqual(ltCarla);
    expect(state.status).toBe('handed_over');
    expect(state.phase).toBe('stable-safety');
    expect(state.handedOverOn).toBe('2026-03-09');
  });

  it('keeps the old director while a hand-over is not accepted, whatever else happens', () => {
    const events = history([
      ...handedOverCommands().slice(0, -1),
      command(
        'cases.register-chain-partner',
        { partnerId: 'p1', organisation: ltDaan.organisation, role: 'aid-provider', task: 'Gezinscoaching' },
        '2026-03-07T09:00:00Z',
      ),
    ]);
    const state = stateAfter(events) as OpenedCase;
    expect(state.director).toEqual(vtAnna);
    expect(state.pendingHandover?.to).toEqual(ltCarla);
  });

  it('lets only the receiver accept; anyone else (even the offering director) is refused and nothing changes', () => {
    for (const actor of [actorOf(vtAnna), actorOf(vtBram), actorOf(ltDaan), outsider]) {
      given(handoverOffered()).when(accept(actor)).thenError('case.not-handover-receiver', { category: 'forbidden' });
    }
    expect((stateAfter(handoverOffered()) as OpenedCase).director).toEqual(vtAnna);
  });

  it('keeps the director and records the reason when the receiver declines', () => {
    const state = given(handoverOffered())
      .when(
        command(
          'cases.decline-handover',
          { handoverId: 'h1', reason: 'Geen capaciteit deze maand.' },
          '2026-03-09T09:00:00Z',
          actorOf(ltCarla),
        ),
      )
      .then([
        {
          type: 'cases.handover-declined',
          schemaVersion: 1,
          data: { handoverId: 'h1', reason: 'Geen capaciteit deze maand.', declinedAt: '2026-03-09T09:00:00.000Z' },
        },
      ]) as OpenedCase;
    expect(state.director).toEqual(vtAnna);
    expect(state.status).toBe('assessed');
    expect(state.pendingHandover).toBeNull();
  });

  it('requires a reason to decline and only the receiver may decline', () => {
    given(handoverOffered())
      .when(command('cases.decline-handover', { handoverId: 'h1', reason: ' ' }, '2026-03-09T09:00:00Z', actorOf(ltCarla)))
      .thenError('case.required', { path: 'reason' });
    given(handoverOffered())
      .when(command('cases.decline-handover', { handoverId: 'h1', reason: 'Nee' }, '2026-03-09T09:00:00Z', actorOf(vtBram)))
      .thenError('case.not-handover-receiver');
  });

  it('rejects accepting or declining a hand-over that is not pending', () => {
    given(assessed()).when(accept()).thenError('case.handover-not-pending', { category: 'rule' });
    given(handoverOffered())
      .when(accept(actorOf(ltCarla), 'h2'))
      .thenError('case.handover-not-pending');
    given(handedOver()).when(accept()).thenError('case.handover-not-pending');
  });

  it('lets the offering side withdraw the offer (a colleague for the director), restoring the previous status', () => {
    const state = given(handoverOffered())
      .when(
        command(
          'cases.withdraw-handover',
          { handoverId: 'h1', reason: 'Nieuwe zorgen; eerst onderzoek.' },
          '2026-03-07T09:00:00Z',
          actorOf(vtBram),
        ),
      )
      .then([
        {
          type: 'cases.handover-withdrawn',
          schemaVersion: 1,
          data: {
            handoverId: 'h1',
            reason: 'Nieuwe zorgen; eerst onderzoek.',
            withdrawnAt: '2026-03-07T09:00:00.000Z',
            onBehalfOf: vtAnna,
          },
        },
      ]) as OpenedCase;
    expect(state.status).toBe('assessed');
    expect(state.director).toEqual(vtAnna);
    given(handoverOffered())
      .when(command('cases.withdraw-handover', { handoverId: 'h1', reason: 'x' }, '2026-03-07T09:00:00Z', actorOf(ltCarla)))
      .thenError('case.not-handover-offerer', { category: 'forbidden' });
  });

  it('allows one pending hand-over at a time and never reuses a hand-over id', () => {
    given(handoverOffered())
      .when(offer(ltDaan, actorOf(vtAnna), 'h2'))
      .thenError('case.handover-pending');
    const declined = history([
      ...handedOverCommands().slice(0, -1),
      command('cases.decline-handover', { handoverId: 'h1', reason: 'Nee' }, '2026-03-09T09:00:00Z', actorOf(ltCarla)),
    ]);
    given(declined).when(offer(ltDaan)).thenError('case.handover-id-used', { path: 'handoverId' });
    given(declined)
      .when(offer(ltDaan, actorOf(vtAnna), 'h2'))
      .thenTypes(['cases.handover-offered']);
  });

  it('lets only the director (or a colleague of the same organisation) offer direction', () => {
    given(assessed())
      .when(offer(ltCarla, actorOf(ltCarla)))
      .thenError('case.not-director', { category: 'forbidden' });
    given(assessed())
      .when(offer(ltCarla, actorOf(vtBram)))
      .thenTypes(['cases.handover-offered']);
  });

  it('refuses to hand over to the current director', () => {
    given(assessed()).when(offer(vtAnna)).thenError('case.handover-to-current-director', { path: 'to.person.personId' });
  });

  it('refuses de-escalation to the local team before the safety assessment is completed', () => {
    given(reported()).when(offer()).thenError('case.assessment-not-completed');
  });

  it('allows a transfer within Veilig Thuis at any time, returning to the same status', () => {
    const { state } = given(reported()).when(offer(vtBram)).thenTypes(['cases.handover-offered']);
    expect((state as OpenedCase).pendingHandover?.kind).toBe('transfer');
    const accepted = given(history([...reportedCommands(), offer(vtBram)]))
      .when(accept(actorOf(vtBram)))
      .thenTypes(['cases.handover-accepted']).state as OpenedCase;
    expect(accepted.status).toBe('received');
    expect(accepted.director).toEqual(vtBram);
  });

  it('allows a local team to transfer direction to another local team during monitoring', () => {
    const { state } = given(handedOver())
      .when(offer(ltDaan, actorOf(ltCarla), 'h2'))
      .thenTypes(['cases.handover-offered']);
    expect((state as OpenedCase).pendingHandover?.kind).toBe('transfer');
  });

  it('rejects hand-over commands on a closed case', () => {
    const closed = history([
      ...handedOverCommands(),
      command('cases.close-case', { outcome: 'safety-established', notes: '' }, '2026-06-01T09:00:00Z', actorOf(ltCarla)),
    ]);
    given(closed)
      .when(offer(ltDaan, actorOf(ltCarla), 'h2'))
      .thenError('case.closed');
  });
});
