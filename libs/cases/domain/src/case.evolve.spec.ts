import { CaseEventNotApplicable, evolveCase } from './case.evolve';
import { caseEventTypes, isCaseEventType } from './case.events';
import { initialCaseState } from './case.state';
import { ltCarla, vtAnna } from './testing/case-fixtures';
import { stateAfter } from './testing/case-spec';
import { assessed, handoverOffered, reported } from './testing/case-scenarios';

describe('evolveCase', () => {
  it('refuses events that do not fit the state instead of folding nonsense', () => {
    expect(() =>
      evolveCase(initialCaseState(), {
        type: 'cases.phase-changed',
        schemaVersion: 1,
        data: { phase: 'recovery', reason: 'x', changedAt: '' },
      }),
    ).toThrow(CaseEventNotApplicable);
    expect(() =>
      evolveCase(stateAfter(assessed()), {
        type: 'cases.handover-accepted',
        schemaVersion: 1,
        data: {
          handoverId: 'h1',
          kind: 'de-escalation',
          from: vtAnna,
          to: ltCarla,
          phase: 'stable-safety',
          acceptedAt: '',
          acceptedOn: '2026-03-09',
        },
      }),
    ).toThrow(CaseEventNotApplicable);
    expect(() => evolveCase(stateAfter(handoverOffered()), reported()[0])).toThrow(CaseEventNotApplicable);
  });

  it('does not mutate the previous state', () => {
    const before = stateAfter(reported());
    const snapshot = JSON.stringify(before);
    evolveCase(before, { type: 'cases.safety-assessment-started', schemaVersion: 1, data: { assessmentId: 'r1', startedAt: '' } });
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('lists every wire name once, all in the cases namespace', () => {
    expect(new Set(caseEventTypes).size).toBe(caseEventTypes.length);
    expect(caseEventTypes.every((type) => /^cases\.[a-z-]+$/.test(type))).toBe(true);
    expect(isCaseEventType('cases.report-received')).toBe(true);
    expect(isCaseEventType('cases.report-received.v1')).toBe(false);
  });

  it('keeps states JSON-serialisable, so a snapshot or read model can store them as is', () => {
    const state = stateAfter(assessed());
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
