import type { Actor } from '@ketenregie/kernel';
import type { CaseCommand } from '../case.commands';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import type { OpenedCase } from '../case.state';
import type { Director } from '../case.types';
import { actorOf, command, ltCarla, ltDaan, registerReport, vtAnna, vtBram } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import {
  assessed,
  assessedCommands,
  handedOver,
  handedOverCommands,
  handoverOffered,
  monitoring,
  monitoringCommands,
} from '../testing/case-scenarios';

// ADR 0008, who steers a case. Test data only: invented professionals.

/** Carla's colleague in the Gorinchem local team. */
const ltCees: Director = { person: { personId: 'lt-cees', name: 'Cees Kok' }, organisation: ltCarla.organisation };
/** A Veilig Thuis professional of another region (reaching a case only by break-the-glass). */
const vtUgo: Actor = { userId: 'vt-ugo', organisationId: 'vt-utrecht' };

const partner = {
  partnerId: 'p1',
  organisation: { organisationId: 'lev', name: 'Lev Groep', kind: 'other' as const },
  role: 'aid-provider' as const,
  task: 'Gezinscoaching',
};
const condition = (conditionId = 'c1') => ({
  conditionId,
  text: 'Geen geweld in huis.',
  owner: { organisation: partner.organisation },
  dueOn: '2026-12-01',
});

/** The events a command produces, applied to the state as a check that evolve accepts them. */
const decided = (events: CaseEvent[], next: CaseCommand): CaseEvent[] => {
  const state = stateAfter(events);
  const produced = caseDecider.decide(next, state);
  produced.reduce(caseDecider.evolve, state);
  return produced;
};

type SteeringCase = { name: string; given: () => CaseEvent[]; director: Director; when: (actor: Actor) => CaseCommand };

/** Every steering command, on a case where it is allowed for the director. */
const steering: SteeringCase[] = [
  {
    name: 'choosing conditions and follow-up',
    given: assessed,
    director: vtAnna,
    when: (actor) => command('cases.start-conditions-and-follow-up', { reason: 'Voorwaarden nodig.' }, '2026-03-06T09:00:00Z', actor),
  },
  {
    name: 'starting an investigation',
    given: assessed,
    director: vtAnna,
    when: (actor) => command('cases.start-investigation', { investigationId: 'i1' }, '2026-03-06T09:00:00Z', actor),
  },
  {
    name: 'requesting a child protection investigation',
    given: assessed,
    director: vtAnna,
    when: (actor) => command('cases.request-child-protection-investigation', { reason: 'Maatregel nodig.' }, '2026-03-06T09:00:00Z', actor),
  },
  {
    name: 'offering a hand-over',
    given: assessed,
    director: vtAnna,
    when: (actor) =>
      command(
        'cases.offer-handover',
        { handoverId: 'h1', to: ltCarla, reason: 'Vrijwillig kader.', phase: 'stable-safety' },
        '2026-03-06T09:00:00Z',
        actor,
      ),
  },
  {
    name: 'closing',
    given: assessed,
    director: vtAnna,
    when: (actor) =>
      command('cases.close-case', { outcome: 'safety-established', notes: 'Ouders werken mee.' }, '2026-03-06T09:00:00Z', actor),
  },
  {
    name: 'changing the phase',
    given: handedOver,
    director: ltCarla,
    when: (actor) => command('cases.change-phase', { phase: 'recovery', reason: 'Stabiel.' }, '2026-04-01T09:00:00Z', actor),
  },
  {
    name: 'registering a chain partner',
    given: handedOver,
    director: ltCarla,
    when: (actor) => command('cases.register-chain-partner', partner, '2026-04-01T09:00:00Z', actor),
  },
  {
    name: "ending a chain partner's involvement",
    given: () =>
      history([...handedOverCommands(), command('cases.register-chain-partner', partner, '2026-03-20T09:00:00Z', actorOf(ltCarla))]),
    director: ltCarla,
    when: (actor) =>
      command('cases.end-chain-partner-involvement', { partnerId: 'p1', reason: 'Afgerond.' }, '2026-04-01T09:00:00Z', actor),
  },
  {
    name: 'adding a safety condition',
    given: handedOver,
    director: ltCarla,
    when: (actor) => command('cases.add-safety-condition', condition(), '2026-04-01T09:00:00Z', actor),
  },
  {
    name: 'revising a safety condition',
    given: () =>
      history([...handedOverCommands(), command('cases.add-safety-condition', condition(), '2026-03-20T09:00:00Z', actorOf(ltCarla))]),
    director: ltCarla,
    when: (actor) =>
      command(
        'cases.revise-safety-condition',
        { ...condition(), dueOn: '2026-12-15', reason: 'Wachtlijst.' },
        '2026-04-01T09:00:00Z',
        actor,
      ),
  },
  {
    name: 'updating a part of the plan',
    given: handedOver,
    director: ltCarla,
    when: (actor) =>
      command('cases.update-plan-part', { part: 'aid', description: 'Gezinscoach.', agreements: [] }, '2026-04-01T09:00:00Z', actor),
  },
];

describe('who steers a case (ADR 0008)', () => {
  describe.each(steering)('$name', ({ given: history_, director, when }) => {
    const colleague: Actor = { userId: `${director.person.personId}-colleague`, organisationId: director.organisation.organisationId };

    it('is taken by the director, the event naming no one else', () => {
      const events = decided(history_(), when(actorOf(director)));
      expect(events).toHaveLength(1);
      expect(events[0].data).not.toHaveProperty('onBehalfOf');
    });

    it("is taken by a colleague of the director's team acting for them, the event naming the director", () => {
      const events = decided(history_(), when(colleague));
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ onBehalfOf: director });
    });

    it('is refused (403) to any other professional, naming who directs', () => {
      const other = director.organisation.kind === 'veilig-thuis' ? actorOf(ltCarla) : actorOf(vtAnna);
      for (const actor of [other, vtUgo]) {
        const error = given(history_()).when(when(actor)).thenError('case.not-director', { category: 'forbidden' });
        expect(error.message).toBe(
          `De regie over deze casus ligt bij ${director.person.name} (${director.organisation.name}). Alleen de regisseur of een collega uit diens team kan dit doen.`,
        );
      }
    });
  });

  it("refuses Veilig Thuis of the region to close a case the local team directs, and names the local team's director", () => {
    const error = given(monitoring())
      .when(command('cases.close-case', { outcome: 'safety-established', notes: 'Veilig.' }, '2026-07-01T09:00:00Z', actorOf(vtBram)))
      .thenError('case.not-director', { category: 'forbidden' });
    expect(error.message).toContain('Carla Bakker (Team Sociaal Gorinchem)');
    given(monitoring())
      .when(command('cases.close-case', { outcome: 'safety-established', notes: 'Veilig.' }, '2026-07-01T09:00:00Z', actorOf(ltCees)))
      .thenTypes(['cases.case-closed']);
  });

  describe('rappel scheduling, the steering of the monitoring', () => {
    const schedule = (actor: Actor) =>
      command('cases.schedule-rappels', { scheduleId: 's1', owner: vtAnna }, '2026-03-09T10:00:00Z', actor);

    it('is planned by the Veilig Thuis director who handed the case over, or a colleague of theirs for them', () => {
      given(handedOver())
        .when(schedule(actorOf(vtAnna)))
        .thenTypes(['cases.rappels-scheduled']);
      const { events } = given(handedOver())
        .when(schedule(actorOf(vtBram)))
        .thenTypes(['cases.rappels-scheduled']);
      expect(events[0].data).toMatchObject({ onBehalfOf: vtAnna });
    });

    it('is refused to a Veilig Thuis outside the team that handed over, naming that team', () => {
      const error = given(handedOver()).when(schedule(vtUgo)).thenError('case.not-rappel-scheduler', { category: 'forbidden' });
      expect(error.message).toContain('Anna de Vries (Veilig Thuis Zuid-Holland Zuid)');
    });
  });

  describe('escalation: Veilig Thuis may always take direction back', () => {
    const takeBack = (actor: Director = vtBram) =>
      command(
        'cases.escalate-case',
        { handoverId: 'x1', to: actor, reason: 'Nieuwe melding: kinderen niet veilig.', phase: 'immediate-safety' },
        '2026-05-04T09:00:00Z',
        actorOf(actor),
      );

    it('takes direction of a handed-over case at once, from any Veilig Thuis professional naming themselves', () => {
      const state = given(handedOver()).when(takeBack()).thenTypes(['cases.case-escalated']).state as OpenedCase;
      expect(state.director).toEqual(vtBram);
      expect(state.status).toBe('escalated');
    });

    it('takes it back while the local team has a hand-over pending, withdrawing that first', () => {
      const pending = history([
        ...handedOverCommands(),
        command(
          'cases.offer-handover',
          { handoverId: 'h2', to: ltDaan, reason: 'Verhuisd.', phase: 'stable-safety' },
          '2026-04-01T09:00:00Z',
          actorOf(ltCarla),
        ),
      ]);
      const state = given(pending).when(takeBack()).thenTypes(['cases.handover-withdrawn', 'cases.case-escalated']).state as OpenedCase;
      expect(state.pendingHandover).toBeNull();
      expect(state.director).toEqual(vtBram);
    });

    it('takes it back from a case a local team opened itself, before any assessment', () => {
      const opened = history([registerReport('r1', '2026-03-02T09:00:00Z', { receivedBy: ltCarla }, actorOf(ltCarla))]);
      const state = given(opened).when(takeBack(vtAnna)).thenTypes(['cases.case-escalated']).state as OpenedCase;
      expect(state.director).toEqual(vtAnna);
      // The report is still to be assessed, now under Veilig Thuis' direction.
      expect(state.assessments.map((assessment) => assessment.status)).toEqual(['pending']);
    });

    it('leaves offering an escalation to the local team that directs: another local team is refused', () => {
      const offer = (actor: Director) =>
        command(
          'cases.escalate-case',
          { handoverId: 'x1', to: vtAnna, reason: 'Onveilig.', phase: 'immediate-safety' },
          '2026-05-04T09:00:00Z',
          actorOf(actor),
        );
      given(handedOver()).when(offer(ltCees)).thenTypes(['cases.handover-offered']);
      given(handedOver()).when(offer(ltDaan)).thenError('case.not-director', { category: 'forbidden' });
    });
  });

  it('returns direction to the rappel owner when a colleague records an unsafe outcome, not to the colleague', () => {
    const state = given(monitoring())
      .when(
        command(
          'cases.record-rappel-outcome',
          { rappelId: 's1-1', outcome: 'unsafe', notes: 'Nieuw incident.' },
          '2026-06-10T09:00:00Z',
          actorOf(vtBram),
        ),
      )
      .thenTypes(['cases.rappel-completed', 'cases.case-escalated']).state as OpenedCase;
    expect(state.director).toEqual(vtAnna);
    const events = history([
      ...monitoringCommands(),
      command(
        'cases.record-rappel-outcome',
        { rappelId: 's1-1', outcome: 'unsafe', notes: 'Nieuw incident.' },
        '2026-06-10T09:00:00Z',
        actorOf(vtBram),
      ),
    ]);
    expect(events.at(-1)?.data).toMatchObject({ from: ltCarla, to: vtAnna, trigger: 'rappel-unsafe' });
  });

  describe('a hand-over to a team', () => {
    const toTeam = command(
      'cases.offer-handover',
      { handoverId: 'h1', to: { organisation: ltCarla.organisation }, reason: 'Vrijwillig kader.', phase: 'stable-safety' },
      '2026-03-06T09:00:00Z',
    );
    const offered = () => history([...assessedCommands(), toTeam]);
    const accept = (actor: Director, acceptedBy = actor.person) =>
      command('cases.accept-handover', { handoverId: 'h1', acceptedBy }, '2026-03-09T09:00:00Z', actorOf(actor));

    it('names only the organisation, and leaves direction where it is until someone of the team accepts', () => {
      const state = stateAfter(offered()) as OpenedCase;
      expect(state.pendingHandover?.to).toEqual({ organisation: ltCarla.organisation });
      expect(state.director).toEqual(vtAnna);
    });

    it('is accepted by any professional of the receiving team, who becomes director', () => {
      for (const member of [ltCarla, ltCees]) {
        const { events, state } = given(offered()).when(accept(member)).thenTypes(['cases.handover-accepted']);
        expect(events[0].data).toMatchObject({ to: member });
        expect((state as OpenedCase).director).toEqual(member);
      }
    });

    it('is declined by any professional of the team, and by no one else', () => {
      given(offered())
        .when(command('cases.decline-handover', { handoverId: 'h1', reason: 'Geen capaciteit.' }, '2026-03-09T09:00:00Z', actorOf(ltCees)))
        .thenTypes(['cases.handover-declined']);
      const error = given(offered())
        .when(command('cases.decline-handover', { handoverId: 'h1', reason: 'Nee.' }, '2026-03-09T09:00:00Z', actorOf(ltDaan)))
        .thenError('case.not-handover-receiver', { category: 'forbidden' });
      expect(error.message).toContain('Team Sociaal Gorinchem');
    });

    it('refuses someone of another organisation, and an acceptance that does not name the one accepting', () => {
      given(offered()).when(accept(ltDaan)).thenError('case.not-handover-receiver', { category: 'forbidden' });
      given(offered()).when(accept(ltCees, ltCarla.person)).thenError('case.required', { path: 'acceptedBy.personId' });
    });

    it('keeps an offer to a named professional for that professional alone', () => {
      const named = history([
        ...assessedCommands(),
        command(
          'cases.offer-handover',
          { handoverId: 'h1', to: ltCarla, reason: 'Vrijwillig kader.', phase: 'stable-safety' },
          '2026-03-06T09:00:00Z',
        ),
      ]);
      given(named).when(accept(ltCees)).thenError('case.not-handover-receiver', { category: 'forbidden' });
      given(named).when(accept(ltCarla)).thenTypes(['cases.handover-accepted']);
    });
  });

  it('leaves acknowledging a recidivism flag to the director in person, naming them', () => {
    const flagged = history([...assessedCommands(), registerReport('r2', '2026-03-10T09:00:00Z')]);
    const error = given(flagged)
      .when(command('cases.acknowledge-recidivism-flag', { flagId: 'r2' }, '2026-03-11T09:00:00Z', actorOf(vtBram)))
      .thenError('case.not-director', { category: 'forbidden' });
    expect(error.message).toBe('Alleen de regisseur zelf, Anna de Vries (Veilig Thuis Zuid-Holland Zuid), kan dit doen.');
  });

  it("lets a condition's owner report on it, and otherwise only the director's team", () => {
    const withCondition = history([
      ...handedOverCommands(),
      command('cases.add-safety-condition', condition(), '2026-03-20T09:00:00Z', actorOf(ltCarla)),
    ]);
    const record = (actor: Actor) =>
      command('cases.record-safety-condition-status', { conditionId: 'c1', status: 'met', notes: '' }, '2026-04-01T09:00:00Z', actor);
    const { events } = given(withCondition)
      .when(record({ userId: 'lev-eva', organisationId: 'lev' }))
      .thenTypes(['cases.safety-condition-status-recorded']);
    expect(events[0].data).not.toHaveProperty('onBehalfOf');
    const byTeam = given(withCondition)
      .when(record(actorOf(ltCees)))
      .thenTypes(['cases.safety-condition-status-recorded']);
    expect(byTeam.events[0].data).toMatchObject({ onBehalfOf: ltCarla });
    given(withCondition)
      .when(record(actorOf(vtAnna)))
      .thenError('case.not-condition-owner', { category: 'forbidden' });
  });

  it('leaves assessment work to Veilig Thuis whoever directs (the access policy decides who reaches it)', () => {
    const followUp = history([...handedOverCommands(), registerReport('r2', '2026-04-01T09:00:00Z', {}, actorOf(vtBram))]);
    given(followUp)
      .when(command('cases.start-safety-assessment', { assessmentId: 'r2' }, '2026-04-02T09:00:00Z', actorOf(vtBram)))
      .thenTypes(['cases.safety-assessment-started']);
    given(handoverOffered())
      .when(command('cases.register-acute-unsafety', { measures: 'x' }, '2026-03-07T09:00:00Z', actorOf(vtBram)))
      .thenError('case.invalid-transition');
  });
});
