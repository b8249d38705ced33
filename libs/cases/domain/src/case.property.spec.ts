import fc from 'fast-check';
import { DomainError, foldEvents, systemActor } from '@ketenregie/kernel';
import type { Actor } from '@ketenregie/kernel';
import type { CaseCommand, CaseCommandType } from './case.commands';
import { caseDecider } from './case.decider';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';
import { isOpened } from './case.state';
import type { ClosureOutcome, Director, HandoverReceiver, Phase } from './case.types';
import { actorOf, caseId, familyId, household, ltCarla, ltDaan, outsider, teacher, vtAnna, vtBram } from './testing/case-fixtures';

const directors: readonly Director[] = [vtAnna, vtBram, ltCarla, ltDaan];
/** Who accepts an offer to a team that has no other known professional. */
const teamMemberOf = (organisation: Director['organisation']): Director => ({
  person: { personId: 'team-member', name: 'Teamlid' },
  organisation,
});
const commandTypes: readonly CaseCommandType[] = [
  'cases.register-report',
  'cases.register-advice-request',
  'cases.acknowledge-recidivism-flag',
  'cases.merge-members',
  'cases.remove-member',
  'cases.offer-handover',
  'cases.accept-handover',
  'cases.decline-handover',
  'cases.withdraw-handover',
  'cases.escalate-case',
  'cases.change-phase',
  'cases.register-chain-partner',
  'cases.end-chain-partner-involvement',
  'cases.register-acute-unsafety',
  'cases.start-safety-assessment',
  'cases.complete-safety-assessment',
  'cases.start-conditions-and-follow-up',
  'cases.start-investigation',
  'cases.complete-investigation',
  'cases.request-child-protection-investigation',
  'cases.close-case',
  'cases.add-safety-condition',
  'cases.revise-safety-condition',
  'cases.record-safety-condition-status',
  'cases.update-plan-part',
  'cases.schedule-rappels',
  'cases.record-rappel-outcome',
  'cases.reschedule-rappel',
  'cases.mark-assessment-overdue',
  'cases.mark-investigation-overdue',
  'cases.mark-rappel-due',
  'cases.mark-rappel-overdue',
  'cases.raise-signal',
  'cases.acknowledge-signal',
  'cases.request-feedback',
];

/** Who acts: the role is resolved against the current state, so valid commands are common. */
type ActorRole = 'natural' | 'director' | 'receiver' | 'offerer' | 'colleague' | 'vt' | 'local-team' | 'outsider';

const stepArbitrary = fc.record({
  type: fc.constantFrom(...commandTypes),
  /** Half of the steps follow the case's natural flow (see `flowType`), so deep states are reached. */
  followFlow: fc.boolean(),
  actor: fc.oneof(
    { weight: 8, arbitrary: fc.constant<ActorRole>('natural') },
    { weight: 4, arbitrary: fc.constantFrom<ActorRole>('director', 'receiver', 'offerer', 'colleague', 'vt', 'local-team', 'outsider') },
  ),
  target: fc.nat({ max: directors.length - 1 }),
  /** Small id pools make collisions (duplicates, unknown ids) as likely as fresh ids. */
  id: fc.constantFrom('1', '2', '3'),
  fresh: fc.boolean(),
  yes: fc.boolean(),
  no: fc.boolean(),
  text: fc.oneof({ weight: 8, arbitrary: fc.constant('Reden om te handelen') }, { weight: 2, arbitrary: fc.constantFrom('', '  ') }),
  phase: fc.constantFrom<Phase>('immediate-safety', 'stable-safety', 'recovery'),
  rappelOutcome: fc.constantFrom('safe', 'concerns', 'unsafe' as const),
  outcome: fc.constantFrom<ClosureOutcome>('no-unsafety-found', 'safety-established', 'advice-given'),
  hoursLater: fc.integer({ min: 1, max: 24 * 45 }),
  dueInDays: fc.integer({ min: -5, max: 60 }),
  /** How long before its registration a report was received (beyond 30 days: refused). */
  receivedHoursEarlier: fc.option(fc.integer({ min: 0, max: 24 * 32 }), { nil: undefined }),
});

type Step = typeof stepArbitrary extends fc.Arbitrary<infer T> ? T : never;

/**
 * Who answers an offer: the named receiver, or for an offer to a team one of its professionals
 * other than the current director (as a team lead would assign it).
 */
const receiverOf = (to: HandoverReceiver, director: Director): Director =>
  to.person
    ? { person: to.person, organisation: to.organisation }
    : (directors.find(
        (candidate) =>
          candidate.organisation.organisationId === to.organisation.organisationId &&
          candidate.person.personId !== director.person.personId,
      ) ?? teamMemberOf(to.organisation));

/** The actor a real user interface would send for this command. */
const naturalActor = (type: CaseCommandType, state: CaseState, target: Director): Actor => {
  if (!isOpened(state)) return actorOf(target);
  switch (type) {
    case 'cases.accept-handover':
    case 'cases.decline-handover':
      return actorOf(state.pendingHandover ? receiverOf(state.pendingHandover.to, state.director) : target);
    case 'cases.withdraw-handover':
      return actorOf(state.pendingHandover?.from ?? state.director);
    case 'cases.record-rappel-outcome':
      return actorOf(state.rappels.find((rappel) => rappel.status !== 'completed')?.owner ?? vtAnna);
    case 'cases.escalate-case':
      return actorOf(target.organisation.kind === 'veilig-thuis' && target === vtAnna ? vtAnna : state.director);
    default:
      return actorOf(state.director);
  }
};

const resolveActor = (role: ActorRole, type: CaseCommandType, state: CaseState, target: Director): Actor => {
  if (!isOpened(state)) return actorOf(target);
  switch (role) {
    case 'natural':
      return naturalActor(type, state, target);
    case 'director':
      return actorOf(state.director);
    case 'receiver':
      return actorOf(state.pendingHandover ? receiverOf(state.pendingHandover.to, state.director) : target);
    case 'offerer':
      return actorOf(state.pendingHandover?.from ?? state.director);
    case 'colleague':
      return { userId: 'colleague', organisationId: state.director.organisation.organisationId };
    case 'vt':
      return actorOf(vtAnna);
    case 'local-team':
      return actorOf(ltCarla);
    case 'outsider':
      return outsider;
    default: {
      const _exhaustive: never = role;
      return _exhaustive;
    }
  }
};

const isoDate = (date: Date, plusDays: number): string => new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

const pick = <T>(options: readonly T[], step: Step): T => options[(step.target + Number(step.id)) % options.length];

/** A plausible next command for the case's status, as a professional would send it. */
const flowType = (state: CaseState, step: Step): CaseCommandType => {
  if (!isOpened(state)) return 'cases.register-report';
  const open = state.assessments.find((assessment) => assessment.status !== 'completed');
  if (open) return open.status === 'pending' ? 'cases.start-safety-assessment' : 'cases.complete-safety-assessment';
  if (state.recidivismFlags.some((flag) => !flag.acknowledged) && step.yes) return 'cases.acknowledge-recidivism-flag';
  switch (state.status) {
    case 'advice':
      return pick(['cases.register-report', 'cases.close-case'], step);
    case 'handover_offered':
      return pick(['cases.accept-handover', 'cases.accept-handover', 'cases.decline-handover', 'cases.withdraw-handover'], step);
    case 'handed_over':
    case 'de_escalated':
      return pick(['cases.schedule-rappels', 'cases.escalate-case', 'cases.add-safety-condition'], step);
    case 'monitoring':
      return pick(
        ['cases.record-rappel-outcome', 'cases.escalate-case', 'cases.mark-rappel-due', 'cases.close-case', 'cases.register-report'],
        step,
      );
    case 'under_investigation':
      return state.investigations.some((investigation) => investigation.status === 'running')
        ? 'cases.complete-investigation'
        : pick(['cases.offer-handover', 'cases.request-child-protection-investigation', 'cases.close-case'], step);
    case 'closed':
      return 'cases.register-report';
    default:
      return pick(
        [
          'cases.offer-handover',
          'cases.start-conditions-and-follow-up',
          'cases.start-investigation',
          'cases.close-case',
          'cases.request-child-protection-investigation',
        ],
        step,
      );
  }
};

const buildCommand = (input: Step, index: number, state: CaseState, now: Date): CaseCommand => {
  const step: Step = input.followFlow ? { ...input, type: flowType(state, input) } : input;
  const target = directors[step.target];
  const time = step.type.startsWith('cases.mark-') ? systemActor('deadlines') : resolveActor(step.actor, step.type, state, target);
  const metadata = { now, actor: time, correlationId: `c-${index}` };
  const id = step.fresh ? `${step.id}-${index}` : step.id;
  const opened = isOpened(state) ? state : undefined;
  const latest = opened?.assessments.at(-1);
  const assessmentId = !step.fresh && latest ? latest.assessmentId : `r${step.id}`;
  const rappelId = opened?.rappels.length && !step.fresh ? opened.rappels[index % opened.rappels.length].rappelId : `s${step.id}-1`;
  const handoverId = !step.fresh && opened?.pendingHandover ? opened.pendingHandover.handoverId : `h${id}`;
  const owner = { organisation: target.organisation, ...(step.yes ? { person: target.person } : {}) };
  const data = ((): object => {
    switch (step.type) {
      case 'cases.register-report':
        return {
          familyId,
          reportId: `r${id}`,
          referrer: step.no ? { kind: 'anonymous' } : teacher,
          sourceCategory: 'police',
          formsOfViolence: ['partner-violence'],
          concern: step.text,
          household,
          receivedBy: step.yes ? vtAnna : target,
          ...(step.receivedHoursEarlier !== undefined
            ? { receivedAt: new Date(now.getTime() - step.receivedHoursEarlier * 3_600_000).toISOString() }
            : {}),
        };
      case 'cases.register-advice-request':
        return {
          familyId,
          adviceRequestId: `a${id}`,
          referrer: { kind: 'anonymous' },
          sourceCategory: 'citizen',
          formsOfViolence: ['child-abuse'],
          concern: 'Zorgen',
          household,
          receivedBy: vtAnna,
        };
      case 'cases.acknowledge-recidivism-flag':
        return { flagId: opened?.recidivismFlags.find((flag) => !flag.acknowledged)?.flagId ?? `r${id}` };
      case 'cases.merge-members': {
        const members = opened?.household.members ?? [];
        return { survivingMemberId: members[0]?.memberId ?? 'm1', mergedMemberId: members.at(-1)?.memberId ?? 'm3', reason: step.text };
      }
      case 'cases.remove-member':
        return { memberId: opened?.household.members.at(step.yes ? 0 : -1)?.memberId ?? 'm1', reason: step.text };
      case 'cases.offer-handover':
      case 'cases.escalate-case':
        // Some offers go to the receiving organisation's team rather than a named professional.
        return {
          handoverId: `h${id}`,
          to: step.no && !step.yes ? { organisation: target.organisation } : target,
          reason: step.text,
          phase: step.phase,
        };
      case 'cases.accept-handover': {
        const acceptor = opened?.pendingHandover ? receiverOf(opened.pendingHandover.to, opened.director) : target;
        return { handoverId, acceptedBy: acceptor.person };
      }
      case 'cases.decline-handover':
      case 'cases.withdraw-handover':
        return { handoverId, reason: step.text };
      case 'cases.change-phase':
        return { phase: step.phase, reason: step.text };
      case 'cases.register-chain-partner':
        return { partnerId: `p${id}`, organisation: target.organisation, role: 'aid-provider', task: step.text };
      case 'cases.end-chain-partner-involvement':
        return { partnerId: `p${id}`, reason: step.text };
      case 'cases.register-acute-unsafety':
        return { measures: step.text };
      case 'cases.start-safety-assessment':
        return { assessmentId };
      case 'cases.complete-safety-assessment':
        return { assessmentId, acuteUnsafety: step.yes, structuralUnsafety: step.no };
      case 'cases.start-conditions-and-follow-up':
      case 'cases.request-child-protection-investigation':
        return { reason: step.text };
      case 'cases.start-investigation':
        return { investigationId: `i${id}` };
      case 'cases.complete-investigation':
        return { investigationId: opened?.investigations.at(-1)?.investigationId ?? `i${id}`, conclusion: step.text };
      case 'cases.close-case':
        return { outcome: step.outcome, notes: step.text };
      case 'cases.add-safety-condition':
        return { conditionId: `c${step.id}`, text: step.text, owner, dueOn: isoDate(now, step.dueInDays) };
      case 'cases.revise-safety-condition':
        return { conditionId: `c${step.id}`, text: 'Herzien', owner, dueOn: isoDate(now, step.dueInDays), reason: step.text };
      case 'cases.record-safety-condition-status':
        return { conditionId: `c${step.id}`, status: step.yes ? 'met' : 'not-met', notes: step.text };
      case 'cases.update-plan-part':
        return {
          part: step.yes ? 'aid' : 'recovery',
          description: step.text,
          agreements: [{ agreementId: 'g1', text: 'Afspraak', owner }],
        };
      case 'cases.schedule-rappels':
        return { scheduleId: `s${step.id}`, owner: target, ...(step.no ? { offsetsInMonths: [1, 2] } : {}) };
      case 'cases.record-rappel-outcome':
        return { rappelId, outcome: step.rappelOutcome, notes: step.text };
      case 'cases.reschedule-rappel':
        return { rappelId, dueOn: step.yes ? '2026-12-01' : '2020-01-01', reason: step.text };
      case 'cases.mark-assessment-overdue':
        return { assessmentId };
      case 'cases.mark-investigation-overdue':
        return { investigationId: opened?.investigations.at(-1)?.investigationId ?? `i${id}` };
      case 'cases.mark-rappel-due':
      case 'cases.mark-rappel-overdue':
        return { rappelId };
      case 'cases.raise-signal':
        return step.yes
          ? { signalId: `g${id}`, source: { kind: 'referrer', reportId: `r${step.id}` }, kind: 'aid-stalls', reason: step.text }
          : {
              signalId: `g${id}`,
              source: { kind: 'chain-partner', organisationId: target.organisation.organisationId },
              kind: step.no ? 'task-stalls' : 'new-concerns',
              reason: step.text,
            };
      case 'cases.acknowledge-signal':
        return {
          signalId: opened?.signals.find((signal) => signal.status === 'open')?.signalId ?? `g${id}`,
          note: step.text,
          by: { personId: time.userId, name: 'Regisseur' },
        };
      case 'cases.request-feedback':
        return {
          messageId: `fm${id}`,
          reportId: opened?.reports.at(-1)?.reportId ?? `r${id}`,
          milestone: step.yes ? 'safety-assessment-done' : 'report-received',
          note: step.text,
          locale: 'nl',
        };
      default: {
        const _exhaustive: never = step.type;
        return _exhaustive;
      }
    }
  })();
  return { type: step.type, data: { caseId, ...data }, metadata } as CaseCommand;
};

/** Only these events may change who directs the case. */
const directionEvents: ReadonlySet<CaseEvent['type']> = new Set(['cases.handover-accepted', 'cases.case-escalated', 'cases.case-reopened']);

const assertInvariants = (state: CaseState): void => {
  if (!isOpened(state)) return;
  // Invariant 1: exactly one director, a person and an organisation.
  expect(state.director.person.personId).not.toBe('');
  expect(state.director.organisation.organisationId).not.toBe('');
  expect([...directors, ...directors.map((director) => teamMemberOf(director.organisation))]).toContainEqual(state.director);
  // A pending hand-over and the handover_offered status go together, and never to the director.
  expect(state.pendingHandover !== null).toBe(state.status === 'handover_offered');
  if (state.pendingHandover?.to.person) expect(state.pendingHandover.to.person.personId).not.toBe(state.director.person.personId);
  // Invariant 2: every safety condition has an owner and a due date.
  for (const condition of state.plan.safetyConditions) {
    expect(condition.owner.organisation.organisationId).not.toBe('');
    expect(condition.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  // A household keeps at least one member, each under one id.
  expect(state.household.members.length).toBeGreaterThan(0);
  expect(new Set(state.household.members.map((member) => member.memberId)).size).toBe(state.household.members.length);
  // Invariant 3: reports are never merged.
  expect(new Set(state.reports.map((report) => report.reportId)).size).toBe(state.reports.length);
  // At most one assessment is open, at most one investigation runs.
  expect(state.assessments.filter((assessment) => assessment.status !== 'completed').length).toBeLessThanOrEqual(1);
  expect(state.investigations.filter((investigation) => investigation.status === 'running').length).toBeLessThanOrEqual(1);
  if (state.status === 'closed') expect(state.vtInvolvement).not.toBe('active');
};

describe('case decider properties (random command sequences)', () => {
  it('keeps exactly one director, changes it only by hand-over/escalation/reopening, and only emits events evolve accepts', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 60 }), (steps) => {
        let state = caseDecider.initialState();
        let now = new Date('2026-01-05T08:00:00Z');
        const log: CaseEvent[] = [];
        steps.forEach((step, index) => {
          now = new Date(now.getTime() + step.hoursLater * 3_600_000);
          const next = buildCommand(step, index, state, now);
          let events: CaseEvent[];
          try {
            events = caseDecider.decide(next, state);
          } catch (error) {
            // Rejections are fine, but only as domain errors with a code: never a crash.
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toMatch(/^case\./);
            return;
          }
          const before = state;
          state = events.reduce(caseDecider.evolve, state); // throws CaseEventNotApplicable if decide erred
          log.push(...events);
          if (isOpened(before) && isOpened(state) && !events.some((event) => directionEvents.has(event.type))) {
            expect(state.director).toEqual(before.director);
          }
          if (next.type.startsWith('cases.mark-')) expect(caseDecider.decide(next, state)).toEqual([]);
          assertInvariants(state);
        });
        // Replaying the stored events from scratch gives the same state as deciding step by step.
        expect(foldEvents(caseDecider, log)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the interesting states often enough for the property to mean something', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 20, maxLength: 80 }), (steps) => {
        let state = caseDecider.initialState();
        let now = new Date('2026-01-05T08:00:00Z');
        steps.forEach((step, index) => {
          now = new Date(now.getTime() + step.hoursLater * 3_600_000);
          try {
            const events = caseDecider.decide(buildCommand(step, index, state, now), state);
            events.forEach((event) => seen.add(event.type));
            state = events.reduce(caseDecider.evolve, state);
            seen.add(state.status);
          } catch {
            // rejected commands are part of the mix
          }
        });
      }),
      { numRuns: 300 },
    );
    for (const expected of [
      'cases.handover-accepted',
      'cases.handover-declined',
      'cases.case-escalated',
      'cases.case-reopened',
      'cases.safety-assessment-completed',
      'handover_offered',
      'closed',
    ]) {
      expect(seen).toContain(expected);
    }
  });
});
