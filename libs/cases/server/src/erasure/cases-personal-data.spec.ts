import { caseEventTypes } from '@ketenregie/cases-domain';
import type { CaseEvent, CaseEventType } from '@ketenregie/cases-domain';
import { mapPersonalField, personalValuesAt } from '@ketenregie/access-contracts';
import { casesPersonalDataRegistry, casesPersonalPaths } from './cases-personal-data';
import { samplePersonalEvents, samplePersonalTag } from './testing/personal-case-events';

type Data = { [key: string]: unknown };

/** What the encrypting event store does to an event, with a stand-in for the ciphertext. */
const sealed = (event: CaseEvent): Data => {
  const rule = casesPersonalDataRegistry[event.type];
  let data = event.data as unknown as Data;
  for (const path of rule?.personalFields ?? []) data = mapPersonalField(data, path, () => ({ $pd: 1 }));
  return data;
};

describe('personal data of the cases events', () => {
  it('has a decision for every event type of the domain: personal paths, or explicitly none', () => {
    // A new event type fails here (and in the type check) until someone decides what in it is personal.
    const decided = Object.keys(casesPersonalPaths).sort();
    expect(decided).toEqual([...caseEventTypes].sort());
    const undecided = caseEventTypes.filter((type) => !Object.prototype.hasOwnProperty.call(casesPersonalPaths, type));
    expect(undecided).toEqual([]);
    expect(Object.keys(samplePersonalEvents).sort()).toEqual([...caseEventTypes].sort());
  });

  it('registers exactly the types with personal paths, the opening event naming the family and the rest its stream', () => {
    const personalTypes = caseEventTypes.filter((type) => casesPersonalPaths[type].length > 0);
    expect(Object.keys(casesPersonalDataRegistry).sort()).toEqual([...personalTypes].sort());
    for (const type of personalTypes) {
      const rule = casesPersonalDataRegistry[type];
      if (type === 'cases.case-opened') {
        expect(typeof rule.familyId).toBe('function');
        expect(typeof rule.familyId === 'function' && rule.familyId(samplePersonalEvents[type].data)).toBe('f1');
      } else {
        expect([type, rule.familyId]).toEqual([type, 'stream']);
      }
    }
  });

  it.each([...caseEventTypes])('%s: no personal value is left in plain text once sealed', (type: CaseEventType) => {
    const event = samplePersonalEvents[type];
    expect(JSON.stringify(sealed(event))).not.toContain(samplePersonalTag);
  });

  it('finds a value in a real payload at every registered path, none inside another', () => {
    // The samples fill every optional field (the two kinds of referrer between them), so a typo in a
    // path cannot pass.
    const typesOfPath = new Map<string, CaseEventType[]>();
    for (const type of caseEventTypes) {
      const paths = casesPersonalPaths[type].map(([path]) => path);
      for (const path of paths) {
        typesOfPath.set(path, [...(typesOfPath.get(path) ?? []), type]);
        for (const other of paths) if (other !== path) expect([type, other, other.startsWith(`${path}.`)]).toEqual([type, other, false]);
      }
    }
    for (const [path, types] of typesOfPath) {
      const found = types.some((type) => personalValuesAt(samplePersonalEvents[type].data as unknown as Data, path).length > 0);
      expect([path, found]).toEqual([path, true]);
    }
  });

  it('keeps what statistics, deadlines and access need in plain text', () => {
    const report = sealed(samplePersonalEvents['cases.report-received']);
    expect(report).toMatchObject({
      reportId: 'r1',
      sourceCategory: 'education-childcare',
      formsOfViolence: ['child-abuse', 'partner-violence'],
      classification: 'first',
      receivedOn: '2026-03-02',
      assessmentDueOn: '2026-03-09',
      referrer: { kind: 'professional' },
      household: {
        address: { municipality: 'Gorinchem' },
        members: [
          { memberId: 'm1', role: 'adult' },
          { memberId: 'm2', role: 'child' },
        ],
      },
    });
    const opened = sealed(samplePersonalEvents['cases.case-opened']);
    expect(opened).toMatchObject({ caseId: 'c1', familyId: 'f1', director: { person: { personId: 'vt-anna' } } });
    const plan = sealed(samplePersonalEvents['cases.plan-part-updated']);
    expect(plan).toMatchObject({
      part: 'aid',
      agreements: [{ agreementId: 'ag1', dueOn: '2026-04-15', owner: { organisation: { organisationId: 'ts-gorinchem' } } }],
    });
  });
});
