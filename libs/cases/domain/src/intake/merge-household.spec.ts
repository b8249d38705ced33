import type { OpenedCase } from '../case.state';
import { household, registerAdviceRequest, registerReport } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { mergeHousehold } from './merge-household';

const [jan, fatima, sara] = household.members;

describe('the household across reports', () => {
  it('keeps everyone an earlier report named, updates who is named again under their own id, and adds who is new', () => {
    const moved = { street: 'Vestingwal', houseNumber: '3', postcode: '4201CD', municipality: 'Gorinchem' };
    const tom = { memberId: 'x9', role: 'child' as const, name: { givenNames: 'Tom', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '2019-01-02' };
    // The police know the father (another id, the name typed with other capitals) and a younger child.
    const police = { address: moved, members: [{ ...jan, memberId: 'p1', name: { ...jan.name, familyName: 'BERG' } }, tom] };

    const merged = mergeHousehold(household, police);

    expect(merged.address).toEqual(moved);
    expect(merged.members.map((member) => member.memberId)).toEqual(['m1', 'm2', 'm3', 'x9']);
    expect(merged.members[0].name.familyName).toBe('BERG');
    expect(merged.members.slice(1, 3)).toEqual([fatima, sara]);
  });

  it('tells apart members without a date of birth unless their whole name and role agree', () => {
    const unknownChild = { memberId: 'c1', role: 'child' as const, name: { givenNames: 'Noor', familyName: 'Berg' }, dateOfBirth: null };
    const merged = mergeHousehold(
      { ...household, members: [unknownChild] },
      { ...household, members: [{ ...unknownChild, memberId: 'c2' }, { ...unknownChild, memberId: 'c3', name: { givenNames: 'Noor', familyName: 'Bergen' } }] },
    );
    expect(merged.members.map((member) => member.memberId)).toEqual(['c1', 'c3']);
  });

  it('never merges a member whose name was erased', () => {
    const erased = { ...sara, name: { givenNames: { erased: true }, familyName: { erased: true } } } as unknown as typeof sara;
    expect(mergeHousehold({ ...household, members: [erased] }, { ...household, members: [{ ...erased, memberId: 'other' }] }).members).toHaveLength(2);
  });

  it('is what the case holds after a follow-up report and an advice request that name only part of the family', () => {
    const opened = history([registerReport('r1', '2026-03-02T09:00:00Z')]);
    const { events, state } = given(opened)
      .when(registerReport('r2', '2026-03-03T09:00:00Z', { household: { ...household, members: [jan] } }))
      .thenTypes(['cases.report-received', 'cases.recidivism-flag-raised']);
    expect((state as OpenedCase).household.members.map((member) => member.memberId)).toEqual(['m1', 'm2', 'm3']);

    const { events: advice } = given([...opened, ...events])
      .when(registerAdviceRequest('a1', '2026-03-04T09:00:00Z', { household: { ...household, members: [{ ...sara, memberId: 'new-id' }] } }))
      .thenTypes(['cases.advice-request-received']);
    expect((stateAfter([...opened, ...events, ...advice]) as OpenedCase).household.members.map((member) => member.memberId)).toEqual(['m1', 'm2', 'm3']);
  });
});
