import type { OpenedCase } from '../case.state';
import type { HouseholdMember } from '../case.types';
import { household, registerAdviceRequest, registerReport } from '../testing/case-fixtures';
import { given, history, stateAfter } from '../testing/case-spec';
import { identifyMembers, mergeHousehold } from './merge-household';

const [jan, fatima, sara] = household.members;

const opened = history([registerReport('r1', '2026-03-02T09:00:00Z')]);

/** The household after a second report naming `members` (new ids, as a referrer's report has). */
const afterReport = (members: HouseholdMember[], events = opened) => {
  const { state, events: produced } = given(events)
    .when(registerReport('r2', '2026-03-03T09:00:00Z', { household: { ...household, members } }))
    .thenTypes(['cases.report-received', 'cases.recidivism-flag-raised']);
  return { members: (state as OpenedCase).household.members, events: produced };
};

const ids = (members: readonly HouseholdMember[]) => members.map((member) => member.memberId);

describe('a later report names known members, however it spells them', () => {
  it('recognises dropped diacritics, one typo, and swapped first and last names by the date of birth', () => {
    const { members, events } = afterReport([
      { ...jan, memberId: 'p1', name: { givenNames: 'Jna', prefix: 'van der', familyName: 'Berg' } },
      { ...fatima, memberId: 'p2', name: { givenNames: 'El Amrani', familyName: 'Fatima' } },
      { ...sara, memberId: 'p3', name: { givenNames: 'Sarah', familyName: 'Berg' } },
    ]);
    expect(ids(members)).toEqual(['m1', 'm2', 'm3']);
    // The decision is in the event: the reported people under the known members' ids.
    const [received] = events;
    expect(received.type === 'cases.report-received' && ids(received.data.household.members)).toEqual(['m1', 'm2', 'm3']);
    // The recorded names stay; every other spelling is kept beside them.
    expect(members[0].name).toEqual(jan.name);
    expect(members.map((member) => member.otherNames)).toEqual([
      [{ givenNames: 'Jna', prefix: 'van der', familyName: 'Berg' }],
      [{ givenNames: 'El Amrani', familyName: 'Fatima' }],
      [{ givenNames: 'Sarah', familyName: 'Berg' }],
    ]);
  });

  it('recognises a name without its diacritics, and keeps the accented one as recorded', () => {
    const zoe: HouseholdMember = {
      memberId: 'z1',
      role: 'child',
      name: { givenNames: 'Zoë', familyName: 'Çelik' },
      dateOfBirth: '2018-04-04',
    };
    const start = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: [zoe] } })]);
    const { members } = afterReport([{ ...zoe, memberId: 'p1', name: { givenNames: 'Zoe', familyName: 'Celik' } }], start);
    expect(members).toEqual([{ ...zoe, otherNames: [{ givenNames: 'Zoe', familyName: 'Celik' }] }]);
  });

  it('keeps twins a later report adds together, whose first given names and birthday are the same', () => {
    const onlyJan = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: [jan] } })]);
    const twins: HouseholdMember[] = [
      {
        memberId: 'x1',
        role: 'child',
        name: { givenNames: 'Maria Elena', familyName: 'Berg', prefix: 'van der' },
        dateOfBirth: '2017-04-04',
      },
      {
        memberId: 'x2',
        role: 'child',
        name: { givenNames: 'Maria Sofia', familyName: 'Berg', prefix: 'van der' },
        dateOfBirth: '2017-04-04',
      },
    ];
    const { members } = afterReport([{ ...jan, memberId: 'p1' }, ...twins], onlyJan);
    expect(ids(members)).toEqual(['m1', 'x1', 'x2']);
    expect(members.map((member) => member.name.givenNames)).toEqual(['Jan', 'Maria Elena', 'Maria Sofia']);
    // As a report recorded before members were identified folds: one known member per reported one.
    const legacy = mergeHousehold(
      { ...household, members: [twins[0]] },
      {
        ...household,
        members: [
          { ...twins[0], memberId: 'y1' },
          { ...twins[1], memberId: 'y2' },
        ],
      },
    );
    expect(ids(legacy.members)).toEqual(['x1', 'y2']);
  });

  it('pairs twins who share a first given name each with themselves, in whatever order a report names them', () => {
    const twins: HouseholdMember[] = [
      { memberId: 'c1', role: 'child', name: { givenNames: 'Jan Pieter', familyName: 'Vries', prefix: 'de' }, dateOfBirth: '2015-06-06' },
      { memberId: 'c2', role: 'child', name: { givenNames: 'Jan Willem', familyName: 'Vries', prefix: 'de' }, dateOfBirth: '2015-06-06' },
    ];
    const both = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: twins } })]);
    const { members } = afterReport(
      [
        { ...twins[1], memberId: 'p1' },
        { ...twins[0], memberId: 'p2' },
      ],
      both,
    );
    expect(members).toEqual(twins);
    // Only Jan Willem named: he is Jan Willem.
    expect(afterReport([{ ...twins[1], memberId: 'p3' }], both).members).toEqual(twins);
  });

  it('keeps twins named in Arabic script apart, and recognises one written again with vowel marks', () => {
    const twins: HouseholdMember[] = [
      { memberId: 't1', role: 'child', name: { givenNames: 'محمد', familyName: 'العلي' }, dateOfBirth: '2019-06-01' },
      { memberId: 't2', role: 'child', name: { givenNames: 'فاطمة', familyName: 'العلي' }, dateOfBirth: '2019-06-01' },
    ];
    const onlyMohammed = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: [twins[0]] } })]);
    // His sister, whom the first report did not name, joins as herself instead of vanishing into him.
    expect(ids(afterReport([{ ...twins[1], memberId: 'p2' }], onlyMohammed).members)).toEqual(['t1', 'p2']);
    const voweled = { givenNames: 'مُحَمَّد', familyName: 'العلي' };
    const { members } = afterReport([{ ...twins[0], memberId: 'p1', name: voweled }], onlyMohammed);
    expect(members).toEqual([{ ...twins[0], otherNames: [voweled] }]);
  });

  it('adds a person who matches nobody: a new baby, or the same name with another date of birth', () => {
    const baby: HouseholdMember = {
      memberId: 'p9',
      role: 'child',
      name: { givenNames: 'Noor', prefix: 'van der', familyName: 'Berg' },
      dateOfBirth: '2026-01-10',
    };
    const namesake: HouseholdMember = { ...jan, memberId: 'p8', dateOfBirth: '2010-03-12', role: 'child' };
    const { members } = afterReport([{ ...jan, memberId: 'p1' }, baby, namesake]);
    expect(ids(members)).toEqual(['m1', 'm2', 'm3', 'p9', 'p8']);
  });

  it('keeps twins apart: one date of birth, given names that are not a typo apart', () => {
    const twins: HouseholdMember[] = [
      { memberId: 't1', role: 'child', name: { givenNames: 'Lucas', familyName: 'Bakker' }, dateOfBirth: '2019-06-01' },
      { memberId: 't2', role: 'child', name: { givenNames: 'Lotte', familyName: 'Bakker' }, dateOfBirth: '2019-06-01' },
    ];
    const onlyLucas = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: [twins[0]] } })]);
    // The school reports Lotte, whom the first report did not name: she joins as herself.
    expect(ids(afterReport([{ ...twins[1], memberId: 'p2' }], onlyLucas).members)).toEqual(['t1', 'p2']);
    // Both twins named again, one with a typo: each is recognised as themselves, not both as one.
    const both = history([registerReport('r1', '2026-03-02T09:00:00Z', { household: { ...household, members: twins } })]);
    const { members } = afterReport(
      [
        { ...twins[1], memberId: 'p1', name: { givenNames: 'Lotte', familyName: 'Baker' } },
        { ...twins[0], memberId: 'p2', name: { givenNames: 'Lucas', familyName: 'Bakker' } },
      ],
      both,
    );
    expect(ids(members)).toEqual(['t1', 't2']);
    expect(members[1].otherNames).toEqual([{ givenNames: 'Lotte', familyName: 'Baker' }]);
  });

  it('without a date of birth, recognises only the same whole name in the same role, and only when no one else has it', () => {
    const noor: HouseholdMember = { memberId: 'c1', role: 'child', name: { givenNames: 'Noor', familyName: 'Berg' }, dateOfBirth: null };
    const known = [noor, fatima];
    expect(ids(identifyMembers(known, [{ ...noor, memberId: 'c2' }]))).toEqual(['c1']);
    // The date a later report adds is the newer word, and the member keeps their id.
    expect(
      mergeHousehold({ ...household, members: known }, { ...household, members: [{ ...noor, dateOfBirth: '2017-02-02' }] }).members[0],
    ).toEqual({
      ...noor,
      dateOfBirth: '2017-02-02',
    });
    // A typo, a swap, another role, or a first given name only is not enough without dates.
    expect(ids(identifyMembers(known, [{ ...noor, memberId: 'c3', name: { givenNames: 'Nor', familyName: 'Berg' } }]))).toEqual(['c3']);
    expect(ids(identifyMembers(known, [{ ...noor, memberId: 'c4', name: { givenNames: 'Berg', familyName: 'Noor' } }]))).toEqual(['c4']);
    expect(ids(identifyMembers(known, [{ ...noor, memberId: 'c5', role: 'adult' }]))).toEqual(['c5']);
    expect(
      ids(identifyMembers([{ ...noor, name: { givenNames: 'Noor Anna', familyName: 'Berg' } }], [{ ...noor, memberId: 'c6' }])),
    ).toEqual(['c6']);
    // Two known children of that name, or two reported: nobody can tell which is which.
    expect(ids(identifyMembers([noor, { ...noor, memberId: 'c7' }], [{ ...noor, memberId: 'c8' }]))).toEqual(['c8']);
    expect(
      ids(
        identifyMembers(known, [
          { ...noor, memberId: 'c9' },
          { ...noor, memberId: 'c10' },
        ]),
      ),
    ).toEqual(['c9', 'c10']);
    // A known member with a date and a report without one: the same whole name and role still tells.
    expect(ids(identifyMembers([sara], [{ ...sara, memberId: 's2', dateOfBirth: null }]))).toEqual(['m3']);
  });

  it('never matches a member whose name was erased', () => {
    const erased = { ...sara, name: { givenNames: { erased: true }, familyName: { erased: true } } } as unknown as HouseholdMember;
    expect(ids(identifyMembers([erased], [{ ...erased, memberId: 'other' }]))).toEqual(['other']);
    expect(
      mergeHousehold({ ...household, members: [erased] }, { ...household, members: [{ ...erased, memberId: 'other' }] }).members,
    ).toHaveLength(2);
  });

  it('folds reports recorded before members were identified by the date of birth and exact name, never by name alone', () => {
    const moved = { street: 'Vestingwal', houseNumber: '3', postcode: '4201CD', municipality: 'Gorinchem' };
    const police = { address: moved, members: [{ ...jan, memberId: 'p1', name: { ...jan.name, familyName: 'BERG' } }] };
    const merged = mergeHousehold(household, police);
    expect(merged.address).toEqual(moved);
    expect(ids(merged.members)).toEqual(['m1', 'm2', 'm3']);
    expect(merged.members[0]).toEqual({ ...jan, otherNames: [{ ...jan.name, familyName: 'BERG' }] });
    const noor: HouseholdMember = { memberId: 'c1', role: 'child', name: { givenNames: 'Noor', familyName: 'Berg' }, dateOfBirth: null };
    expect(
      ids(mergeHousehold({ ...household, members: [noor] }, { ...household, members: [{ ...noor, memberId: 'c2' }] }).members),
    ).toEqual(['c1', 'c2']);
  });

  it('is what the case holds after a follow-up report and an advice request that name only part of the family', () => {
    const { events, state } = given(opened)
      .when(registerReport('r2', '2026-03-03T09:00:00Z', { household: { ...household, members: [jan] } }))
      .thenTypes(['cases.report-received', 'cases.recidivism-flag-raised']);
    expect(ids((state as OpenedCase).household.members)).toEqual(['m1', 'm2', 'm3']);

    const { events: advice } = given([...opened, ...events])
      .when(
        registerAdviceRequest('a1', '2026-03-04T09:00:00Z', { household: { ...household, members: [{ ...sara, memberId: 'new-id' }] } }),
      )
      .thenTypes(['cases.advice-request-received']);
    expect(ids((stateAfter([...opened, ...events, ...advice]) as OpenedCase).household.members)).toEqual(['m1', 'm2', 'm3']);
  });
});
