import type { CaseAccessDecision } from './case-access';
import { decideCaseAccess } from './case-access';
import type { CaseCommandName, CommandTarget } from './command-access';
import { caseCommandAccess, caseCommandKinds, decideCaseCommandAccess, decideOpenCaseAccess } from './command-access';
import {
  analyst,
  directory,
  grant,
  now,
  partnerGgz,
  partnerJeugdzorg,
  referrerEls,
  relations,
  tsCarla,
  tsDaan,
  vtBram,
  vtUtrecht,
} from './testing/access-fixtures';

const accessOf = (...args: Parameters<typeof decideCaseAccess>): CaseAccessDecision => decideCaseAccess(...args);

// given(the user's access to the case) / when(a command, on a target) / then(allowed | refusal).
const given = (access: CaseAccessDecision) => ({
  when: (commandType: string, target: CommandTarget = {}) => ({
    thenAllowed: (expected: Record<string, unknown> = {}) =>
      expect(decideCaseCommandAccess(commandType, access, target)).toMatchObject({ allowed: true, ...expected }),
    thenRefused: (refusal: 'not-found' | 'forbidden') =>
      expect(decideCaseCommandAccess(commandType, access, target)).toEqual({ allowed: false, refusal }),
  }),
});

const director = accessOf(tsCarla, relations(), directory, undefined, now);
const region = accessOf(vtBram, relations(), directory, undefined, now);
const emergency = accessOf(vtUtrecht, relations(), directory, grant(), now);
const jeugdzorg = accessOf(partnerJeugdzorg, relations(), directory, undefined, now);
const referrer = accessOf(referrerEls, relations(), directory, undefined, now);
const stranger = accessOf(tsDaan, relations(), directory, undefined, now);

describe('command access: whole-case commands', () => {
  it('lets the director steer the case', () => {
    given(director)
      .when('cases.offer-handover')
      .thenAllowed({ actingRole: 'team-sociaal-consultant', legalBasis: 'wmo-2015', emergency: false });
    given(director).when('cases.close-case').thenAllowed();
  });

  it("keeps Veilig Thuis' statutory steps for Veilig Thuis", () => {
    given(director).when('cases.complete-safety-assessment').thenRefused('forbidden');
    given(director).when('cases.record-rappel-outcome').thenRefused('forbidden');
    given(region).when('cases.complete-safety-assessment').thenAllowed({ actingRole: 'veilig-thuis-professional' });
  });

  it('answers someone without a relation as if the case did not exist', () => {
    given(stranger).when('cases.close-case').thenRefused('not-found');
    given(stranger).when('cases.record-safety-condition-status', { conditionId: 'sc-1' }).thenRefused('not-found');
  });

  it('tells a partner or referrer, who may see the case, that this is not theirs to do', () => {
    given(jeugdzorg).when('cases.close-case').thenRefused('forbidden');
    given(referrer).when('cases.add-safety-condition').thenRefused('forbidden');
    given(referrer).when('cases.register-report').thenRefused('forbidden');
  });

  it('refuses time-driven and unknown commands to every user', () => {
    given(region).when('cases.mark-assessment-overdue').thenRefused('forbidden');
    given(region).when('cases.delete-everything').thenRefused('forbidden');
    given(region).when('toString').thenRefused('forbidden');
  });
});

describe('command access: under an emergency grant', () => {
  it('allows registering acute unsafety, marked as emergency', () => {
    given(emergency).when('cases.register-acute-unsafety').thenAllowed({ emergency: true, actingRole: 'veilig-thuis-professional' });
  });

  it('does not allow steering a case that is not yours', () => {
    for (const command of [
      'cases.close-case',
      'cases.offer-handover',
      'cases.complete-safety-assessment',
      'cases.record-safety-condition-status',
    ]) {
      given(emergency).when(command, { conditionId: 'sc-1' }).thenRefused('forbidden');
    }
  });
});

describe("command access: a partner's own safety condition", () => {
  it('lets the owning partner record whether its condition was met', () => {
    given(jeugdzorg)
      .when('cases.record-safety-condition-status', { conditionId: 'sc-1' })
      .thenAllowed({ actingRole: 'chain-partner', legalBasis: 'jeugdwet' });
  });

  it("answers another owner's condition as not found", () => {
    given(jeugdzorg).when('cases.record-safety-condition-status', { conditionId: 'sc-2' }).thenRefused('not-found');
    given(accessOf(partnerGgz, relations(), directory, undefined, now))
      .when('cases.record-safety-condition-status', { conditionId: 'sc-1' })
      .thenRefused('not-found');
  });

  it('lets the director record any condition', () => {
    given(director).when('cases.record-safety-condition-status', { conditionId: 'sc-1' }).thenAllowed();
  });
});

describe('command access: signals to the director', () => {
  const onReport = (reportId: string): CommandTarget => ({ signalSource: { kind: 'referrer', reportId } });
  const ownOrganisation: CommandTarget = { signalSource: { kind: 'chain-partner', own: true } };

  it('lets a referrer raise a signal on their own report', () => {
    given(referrer).when('cases.raise-signal', onReport('r1')).thenAllowed({ actingRole: 'referrer' });
  });

  it("answers a signal on someone else's report, or without one, as not found", () => {
    given(referrer).when('cases.raise-signal', onReport('r2')).thenRefused('not-found');
    given(referrer).when('cases.raise-signal', ownOrganisation).thenRefused('not-found');
    given(stranger).when('cases.raise-signal', onReport('r1')).thenRefused('not-found');
  });

  it('lets a partner with a task raise a signal for its own organisation only', () => {
    given(jeugdzorg).when('cases.raise-signal', ownOrganisation).thenAllowed({ actingRole: 'chain-partner' });
    given(jeugdzorg)
      .when('cases.raise-signal', { signalSource: { kind: 'chain-partner', own: false } })
      .thenRefused('forbidden');
    given(jeugdzorg).when('cases.raise-signal', onReport('r1')).thenRefused('not-found');
  });

  it('keeps those who see the whole case from raising signals: they record what they know otherwise', () => {
    given(director).when('cases.raise-signal', ownOrganisation).thenRefused('forbidden');
    given(region).when('cases.raise-signal', onReport('r1')).thenRefused('forbidden');
    given(emergency).when('cases.raise-signal', ownOrganisation).thenRefused('forbidden');
  });

  it("leaves acknowledging to the director's team", () => {
    given(director).when('cases.acknowledge-signal').thenAllowed();
    given(jeugdzorg).when('cases.acknowledge-signal').thenRefused('forbidden');
    given(referrer).when('cases.acknowledge-signal').thenRefused('forbidden');
    given(emergency).when('cases.acknowledge-signal').thenRefused('forbidden');
    expect(caseCommandKinds['cases.acknowledge-signal']).toBe('steering');
  });
});

describe('command access: intake', () => {
  it('needs the whole case to add a report to a known family', () => {
    given(region).when('cases.register-report').thenAllowed();
    given(emergency).when('cases.register-report').thenRefused('forbidden');
  });

  it('needs the open-case capability for a new family', () => {
    expect(decideOpenCaseAccess(vtBram, directory)).toEqual({
      allowed: true,
      actingRole: 'veilig-thuis-professional',
      legalBasis: 'wmo-2015-4.1.1',
      emergency: false,
    });
    expect(decideOpenCaseAccess(tsCarla, directory)).toMatchObject({ allowed: true, actingRole: 'team-sociaal-consultant' });
    expect(decideOpenCaseAccess(partnerJeugdzorg, directory)).toEqual({ allowed: false, refusal: 'forbidden' });
    expect(decideOpenCaseAccess(analyst, directory)).toEqual({ allowed: false, refusal: 'forbidden' });
  });
});

describe('command access table', () => {
  it('lets partners do nothing but record their own condition', () => {
    const partnerCommands = Object.entries(caseCommandAccess)
      .filter(([, rule]) => rule.requires === 'full-case-or-own-condition')
      .map(([command]) => command);
    expect(partnerCommands).toEqual(['cases.record-safety-condition-status']);
  });

  it('allows only acute unsafety under an emergency grant', () => {
    const emergencyCommands = Object.entries(caseCommandAccess)
      .filter(([, rule]) => rule.requires === 'full-case' && rule.inEmergency)
      .map(([command]) => command);
    expect(emergencyCommands).toEqual(['cases.register-acute-unsafety']);
  });
});

describe('who decides each command (ADR 0008)', () => {
  const names = Object.keys(caseCommandAccess) as CaseCommandName[];

  it('classifies every command, and agrees with the access table on intake, own conditions and the scheduler', () => {
    expect(Object.keys(caseCommandKinds).sort()).toEqual([...names].sort());
    for (const name of names) {
      const requires = caseCommandAccess[name].requires;
      const kind = caseCommandKinds[name];
      expect({ name, intake: kind === 'intake', system: kind === 'system', ownCondition: kind === 'own-condition' }).toEqual({
        name,
        intake: requires === 'intake',
        system: requires === 'system',
        ownCondition: requires === 'full-case-or-own-condition',
      });
    }
  });

  it('never lets a break-the-glass grant steer: every steering command needs a relation', () => {
    for (const name of names.filter((candidate) => caseCommandKinds[candidate] === 'steering')) {
      expect({ name, rule: caseCommandAccess[name] }).toMatchObject({ name, rule: { requires: 'full-case', inEmergency: false } });
    }
  });

  it('names the steering commands: route, plan and conditions, partners, phase, rappel scheduling, closing, hand-over offers, household corrections and feedback to referrers', () => {
    expect(names.filter((name) => caseCommandKinds[name] === 'steering').sort()).toEqual([
      'cases.acknowledge-signal',
      'cases.add-safety-condition',
      'cases.change-phase',
      'cases.close-case',
      'cases.end-chain-partner-involvement',
      'cases.merge-members',
      'cases.offer-handover',
      'cases.register-chain-partner',
      'cases.remove-member',
      'cases.request-child-protection-investigation',
      'cases.request-feedback',
      'cases.reschedule-rappel',
      'cases.revise-safety-condition',
      'cases.schedule-rappels',
      'cases.start-conditions-and-follow-up',
      'cases.start-investigation',
      'cases.update-plan-part',
      'cases.withdraw-handover',
    ]);
  });
});
