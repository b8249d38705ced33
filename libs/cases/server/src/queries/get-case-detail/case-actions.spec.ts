import type { CaseAccessDecision, Principal, Role } from '@ketenregie/access-domain';
import { FAMILY_ERASED_DETAIL } from '@ketenregie/access-contracts';
import type { CaseAction } from '@ketenregie/contracts';
import { caseDecider, isOpened } from '@ketenregie/cases-domain';
import type { CaseCommand, CaseState, Director, OpenedCase } from '@ketenregie/cases-domain';
import { caseActionProbes, caseActions, emergencyOnlyReason } from './case-actions';

// Invented professionals and an invented family.
const vtZhz = { organisationId: 'vt-zhz', name: 'Veilig Thuis Zuid-Holland Zuid', kind: 'veilig-thuis' as const };
const tsGorinchem = { organisationId: 'ts-gorinchem', name: 'Team Sociaal Gorinchem', kind: 'local-team' as const };
const anna: Director = { person: { personId: 'vt-anna', name: 'Anna de Vries' }, organisation: vtZhz };
const bram: Director = { person: { personId: 'vt-bram', name: 'Bram Visser' }, organisation: vtZhz };
const carla: Director = { person: { personId: 'lt-carla', name: 'Carla Bakker' }, organisation: tsGorinchem };

const now = new Date('2026-03-20T10:00:00Z');

const principalOf = (who: Director, role: Role): Principal => ({
  userId: who.person.personId,
  displayName: who.person.name,
  organisationId: who.organisation.organisationId,
  roles: [role],
  authenticatedBy: 'local',
});

type Relation = 'director' | 'director-team' | 'handover-receiver' | 'veilig-thuis-region' | 'emergency';

const accessOf = (relation: Relation, role: Role): CaseAccessDecision =>
  relation === 'emergency'
    ? {
        scope: 'full',
        relation,
        actingRole: role,
        legalBasis: 'wmo-2015-4.1.1',
        emergency: { grantId: 'g1', reason: 'Crisisdienst', expiresAt: new Date('2026-03-20T18:00:00Z') },
      }
    : { scope: 'full', relation, actingRole: role, legalBasis: role === 'veilig-thuis-professional' ? 'wmo-2015-4.1.1' : 'wmo-2015' };

const meta = (instant: string, who: Director = anna) => ({
  now: new Date(instant),
  actor: { userId: who.person.personId, organisationId: who.organisation.organisationId },
  correlationId: `corr-${instant}`,
});

const report = (reportId: string, instant: string): CaseCommand => ({
  type: 'cases.register-report',
  data: {
    caseId: 'case-1',
    familyId: 'family-1',
    reportId,
    referrer: {
      kind: 'professional',
      name: 'Els Jansen',
      organisation: 'OBS De Linge',
      role: 'intern begeleider',
      contact: { email: 'e@example.org' },
    },
    sourceCategory: 'education-childcare',
    formsOfViolence: ['child-abuse'],
    concern: 'Kind vertelt over ruzies thuis.',
    household: {
      address: { houseNumber: '12', postcode: '4201 AB', municipality: 'Gorinchem' },
      members: [{ memberId: 'm1', role: 'child', name: { givenNames: 'Sara', familyName: 'Berg' }, dateOfBirth: '2016-05-20' }],
    },
    receivedBy: anna,
  },
  metadata: meta(instant),
});

const reported = (): CaseCommand[] => [report('r1', '2026-03-02T09:00:00Z')];
const assessed = (): CaseCommand[] => [
  ...reported(),
  { type: 'cases.start-safety-assessment', data: { caseId: 'case-1', assessmentId: 'r1' }, metadata: meta('2026-03-03T09:00:00Z') },
  {
    type: 'cases.complete-safety-assessment',
    data: { caseId: 'case-1', assessmentId: 'r1', acuteUnsafety: false, structuralUnsafety: true },
    metadata: meta('2026-03-05T09:00:00Z'),
  },
];
const offered = (): CaseCommand[] => [
  ...assessed(),
  {
    type: 'cases.offer-handover',
    data: { caseId: 'case-1', handoverId: 'h1', to: carla, reason: 'Hulp via Team Sociaal.', phase: 'stable-safety' },
    metadata: meta('2026-03-06T09:00:00Z'),
  },
];
const monitoring = (): CaseCommand[] => [
  ...offered(),
  { type: 'cases.accept-handover', data: { caseId: 'case-1', handoverId: 'h1' }, metadata: meta('2026-03-09T09:00:00Z', carla) },
  { type: 'cases.schedule-rappels', data: { caseId: 'case-1', scheduleId: 's1', owner: anna }, metadata: meta('2026-03-09T10:00:00Z') },
];

const stateAfter = (commands: readonly CaseCommand[]): OpenedCase => {
  let state: CaseState = caseDecider.initialState();
  for (const command of commands) state = caseDecider.decide(command, state).reduce(caseDecider.evolve, state);
  if (!isOpened(state)) throw new Error('no case');
  return state;
};

const actionsFor = (commands: readonly CaseCommand[], who: Director, role: Role, relation: Relation): CaseAction[] =>
  caseActions(stateAfter(commands), principalOf(who, role), accessOf(relation, role), now);

const find = (actions: CaseAction[], name: CaseAction['action']): CaseAction | undefined =>
  actions.find((candidate) => candidate.action === name);

const refusal = (actions: CaseAction[], name: CaseAction['action']): { code: string; reason: string } => {
  const found = find(actions, name);
  if (!found || found.allowed) throw new Error(`${name} is not refused: ${JSON.stringify(found)}`);
  return { code: found.code, reason: found.reason };
};

describe('case actions: each action as its command would be decided, nothing appended', () => {
  it('a report just received: its director may start the assessment, and hears why the rest waits', () => {
    const actions = actionsFor(reported(), anna, 'veilig-thuis-professional', 'director');
    expect(find(actions, 'start-safety-assessment')).toEqual({
      action: 'start-safety-assessment',
      allowed: true,
      target: { assessmentId: 'r1' },
    });
    expect(refusal(actions, 'complete-safety-assessment')).toEqual({
      code: 'case.assessment-not-started',
      reason: 'Start eerst de veiligheidsbeoordeling.',
    });
    expect(refusal(actions, 'start-conditions-and-follow-up').code).toBe('case.assessment-not-completed');
    expect(refusal(actions, 'de-escalate').code).toBe('case.assessment-not-completed');
    expect(refusal(actions, 'close-case').code).toBe('case.assessment-not-completed');
    expect(refusal(actions, 'escalate-case')).toEqual({
      code: 'case.already-with-veilig-thuis',
      reason: 'Veilig Thuis heeft de regie al; opschalen is niet nodig.',
    });
    expect(refusal(actions, 'schedule-rappels').code).toBe('case.invalid-transition');
    expect(find(actions, 'add-safety-condition')).toMatchObject({ allowed: true });
    // Nothing to act on: no hand-over, rappel, flag, investigation or condition yet.
    for (const absent of [
      'offer-handover',
      'accept-handover',
      'decline-handover',
      'withdraw-handover',
      'record-rappel-outcome',
      'acknowledge-recidivism-flag',
      'complete-investigation',
      'record-safety-condition-status',
    ] as const)
      expect(find(actions, absent)).toBeUndefined();
  });

  it('once assessed, the director and a colleague of the team may choose a route or hand over', () => {
    for (const who of [anna, bram]) {
      const actions = actionsFor(assessed(), who, 'veilig-thuis-professional', who === anna ? 'director' : 'director-team');
      for (const open of ['de-escalate', 'start-conditions-and-follow-up', 'start-investigation', 'close-case'] as const)
        expect(find(actions, open)).toEqual({ action: open, allowed: true });
      expect(find(actions, 'start-safety-assessment')).toBeUndefined();
    }
  });

  it('while a hand-over is pending: the offerer may withdraw it, the receiver accept or decline, and both hear why not the rest', () => {
    const offerer = actionsFor(offered(), anna, 'veilig-thuis-professional', 'director');
    expect(find(offerer, 'withdraw-handover')).toEqual({ action: 'withdraw-handover', allowed: true, target: { handoverId: 'h1' } });
    expect(refusal(offerer, 'de-escalate')).toEqual({
      code: 'case.handover-pending',
      reason: 'Er staat een overdracht open; die moet eerst worden geaccepteerd, geweigerd of ingetrokken.',
    });
    expect(refusal(offerer, 'accept-handover')).toEqual({
      code: 'case.not-handover-receiver',
      reason: 'Alleen de ontvanger van de overdracht, Carla Bakker (Team Sociaal Gorinchem), kan deze accepteren of weigeren.',
    });

    const receiver = actionsFor(offered(), carla, 'team-sociaal-consultant', 'handover-receiver');
    expect(find(receiver, 'accept-handover')).toEqual({ action: 'accept-handover', allowed: true, target: { handoverId: 'h1' } });
    expect(find(receiver, 'decline-handover')).toEqual({ action: 'decline-handover', allowed: true, target: { handoverId: 'h1' } });
    expect(refusal(receiver, 'withdraw-handover').code).toBe('case.not-handover-offerer');
    expect(refusal(receiver, 'de-escalate')).toEqual({
      code: 'case.not-director',
      reason:
        'De regie over deze casus ligt bij Anna de Vries (Veilig Thuis Zuid-Holland Zuid). Alleen de regisseur of een collega uit diens team kan dit doen.',
    });
    // Veilig Thuis' statutory work is not the local team's: hidden, not refused.
    for (const hidden of [
      'start-investigation',
      'start-conditions-and-follow-up',
      'schedule-rappels',
      'complete-safety-assessment',
    ] as const)
      expect(find(receiver, hidden)).toBeUndefined();
  });

  it('after the hand-over: the local team steers and may escalate; Veilig Thuis records the rappels and may take the case back', () => {
    const director = actionsFor(monitoring(), carla, 'team-sociaal-consultant', 'director');
    expect(find(director, 'escalate-case')).toEqual({ action: 'escalate-case', allowed: true });
    expect(find(director, 'offer-handover')).toEqual({ action: 'offer-handover', allowed: true });
    expect(find(director, 'close-case')).toEqual({ action: 'close-case', allowed: true });
    expect(find(director, 'record-rappel-outcome')).toBeUndefined();

    const region = actionsFor(monitoring(), anna, 'veilig-thuis-professional', 'veilig-thuis-region');
    const rappels = region.filter((action) => action.action === 'record-rappel-outcome');
    expect(rappels.map((action) => [action.allowed, action.target?.rappelId])).toEqual([
      [true, 's1-1'],
      [true, 's1-2'],
      [true, 's1-3'],
      [true, 's1-4'],
    ]);
    expect(find(region, 'escalate-case')).toEqual({ action: 'escalate-case', allowed: true });
    expect(refusal(region, 'close-case').code).toBe('case.not-director');
    expect(find(region, 'schedule-rappels')).toEqual({ action: 'schedule-rappels', allowed: true });

    const colleague = actionsFor(monitoring(), bram, 'veilig-thuis-professional', 'veilig-thuis-region');
    expect(colleague.filter((action) => action.action === 'record-rappel-outcome').every((action) => action.allowed)).toBe(true);
  });

  it('a follow-up report raises a flag only its director acknowledges in person', () => {
    const commands = [...assessed(), report('r2', '2026-03-10T09:00:00Z')];
    const director = actionsFor(commands, anna, 'veilig-thuis-professional', 'director');
    const flag = find(director, 'acknowledge-recidivism-flag');
    expect(flag).toMatchObject({ allowed: true, target: { flagId: expect.any(String) } });
    const team = actionsFor(commands, bram, 'veilig-thuis-professional', 'director-team');
    expect(refusal(team, 'acknowledge-recidivism-flag')).toEqual({
      code: 'case.not-director',
      reason: 'Alleen de regisseur zelf, Anna de Vries (Veilig Thuis Zuid-Holland Zuid), kan dit doen.',
    });
  });

  it('under break-the-glass every listed action is refused, naming who can', () => {
    const ugo: Director = { person: { personId: 'vt-ugo', name: 'Ugo Kok' }, organisation: { ...vtZhz, organisationId: 'vt-rr' } };
    const actions = actionsFor(assessed(), ugo, 'veilig-thuis-professional', 'emergency');
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions)
      expect(action).toMatchObject({ allowed: false, code: 'case.action-forbidden', reason: emergencyOnlyReason });
  });

  it('says nothing of a case the user does not see whole, nor of a closed case beyond why', () => {
    expect(
      caseActions(
        stateAfter(assessed()),
        principalOf(carla, 'chain-partner'),
        {
          scope: 'own-tasks',
          relation: 'partner-task',
          tasks: { safetyConditionIds: [], planAgreements: [], chainPartnerIds: [] },
          actingRole: 'chain-partner',
          legalBasis: 'jeugdwet',
        },
        now,
      ),
    ).toEqual([]);
    const closed = [
      ...assessed(),
      {
        type: 'cases.close-case',
        data: { caseId: 'case-1', outcome: 'safety-established', notes: 'Afgerond.' },
        metadata: meta('2026-03-12T09:00:00Z'),
      } as CaseCommand,
    ];
    const actions = actionsFor(closed, anna, 'veilig-thuis-professional', 'director');
    // Telling the referrer stays open: the closing is itself a moment they hear of.
    expect(actions.filter((action) => action.allowed)).toEqual([{ action: 'send-feedback', allowed: true }]);
    expect(refusal(actions, 'close-case').code).toBe('case.closed');
  });

  it('an action open to the user yields events when decided with the same command', () => {
    // The sample input is complete: "allowed" never rests on a field check that stopped the decider early.
    const cases: [CaseCommand[], Director, Role, Relation][] = [
      [reported(), anna, 'veilig-thuis-professional', 'director'],
      [assessed(), bram, 'veilig-thuis-professional', 'director-team'],
      [offered(), carla, 'team-sociaal-consultant', 'handover-receiver'],
      [monitoring(), carla, 'team-sociaal-consultant', 'director'],
      [monitoring(), anna, 'veilig-thuis-professional', 'veilig-thuis-region'],
    ];
    let checked = 0;
    for (const [commands, who, role, relation] of cases) {
      const state = stateAfter(commands);
      const principal = principalOf(who, role);
      const probes = caseActionProbes(state, principal, role, now);
      for (const action of caseActions(state, principal, accessOf(relation, role), now)) {
        if (!action.allowed) continue;
        const probe = probes.find(
          (candidate) => candidate.action === action.action && candidate.target?.rappelId === action.target?.rappelId,
        );
        expect(probe && caseDecider.decide(probe.command, state).length).toBeGreaterThan(action.action === 'change-phase' ? -1 : 0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("after the family's erasure only what records no personal data stays open", () => {
    const state = stateAfter(offered());
    const erased = caseActions(
      state,
      principalOf(carla, 'team-sociaal-consultant'),
      accessOf('handover-receiver', 'team-sociaal-consultant'),
      now,
      {
        familyErased: true,
      },
    );
    // Accepting records names of professionals only; declining records a reason, which is personal.
    expect(find(erased, 'accept-handover')).toMatchObject({ allowed: true });
    expect(find(erased, 'decline-handover')).toEqual({
      action: 'decline-handover',
      target: { handoverId: 'h1' },
      allowed: false,
      reason: FAMILY_ERASED_DETAIL,
      code: 'family.erased',
    });
    const director = caseActions(
      stateAfter(reported()),
      principalOf(anna, 'veilig-thuis-professional'),
      accessOf('director', 'veilig-thuis-professional'),
      now,
      { familyErased: true },
    );
    expect(find(director, 'start-safety-assessment')).toMatchObject({ allowed: true });
    expect(find(director, 'add-safety-condition')).toMatchObject({ allowed: false, code: 'family.erased' });
  });
});
