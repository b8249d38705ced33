import type { Household } from '../case.types';
import fc from 'fast-check';
import { exactIdentityKeys, exactLookupKeys, knownFamilyFromHousehold, matchFamilies } from './match-families';

const address = { houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' };

const person = (givenNames: string, familyName: string, dateOfBirth: string | null, prefix?: string): Household['members'][number] => ({
  memberId: `${givenNames}-${familyName}-${dateOfBirth ?? 'none'}`,
  role: 'adult',
  name: { givenNames, familyName, ...(prefix ? { prefix } : {}) },
  dateOfBirth,
});

const household = (...members: Household['members']): Household => ({ address, members });

const exact = (a: Household, b: Household): boolean =>
  matchFamilies(a, [knownFamilyFromHousehold('known', b)]).some((match) => match.exact);

const shareKey = (a: Household, b: Household): boolean => {
  const keys = new Set(exactIdentityKeys(a));
  return exactIdentityKeys(b).some((key) => keys.has(key));
};

describe('exactIdentityKeys', () => {
  // Pairs chosen around every rule of `sameName` and `matchPerson` with two dates of birth.
  const people = [
    person('Jan', 'Berg', '1985-03-12', 'van der'),
    person('jan', 'Berg, van der', '1985-03-12'),
    person('Jan Pieter', 'van den Berg', '1985-03-12'),
    person('Jan', 'Berg', '1985-03-13', 'van der'),
    person('Jan', 'Berg', null, 'van der'),
    person('Berg', 'Jan', '1985-03-12'),
    person('Jon', 'Berg', '1985-03-12'),
    person('Zoë', 'Dijk', '2016-05-20'),
    person('Zoe', 'Dyk', '2016-05-20'),
    person('Ayşe', 'Yılmaz-Demir', '1990-11-02'),
    person('Ayse', 'Yilmaz Demir', '1990-11-02'),
    // Other scripts are names like any other; letterless ones ("?") are nobody's.
    person('محمد', 'العلي', '2016-05-10'),
    person('مُحَمَّد', 'العلي', '2016-05-10'),
    person('فاطمة', 'حسن', '2016-05-10'),
    person('Олена', 'Шевченко', '2016-05-10'),
    person('ОЛЕНА', 'шевченко', '2016-05-10'),
    person('?', 'Jansen', '2016-05-10'),
    person('-', 'Jansen', '2016-05-10'),
  ];

  it('shares a key with another household exactly when the matcher calls them an exact match', () => {
    for (const a of people) {
      for (const b of people) {
        expect({ a: a.memberId, b: b.memberId, shared: shareKey(household(a), household(b)) }).toEqual({
          a: a.memberId,
          b: b.memberId,
          shared: exact(household(a), household(b)),
        });
      }
    }
  });

  it('gives one key per member with a date of birth, none without, in a stable order', () => {
    expect(exactIdentityKeys(household(people[4]))).toEqual([]);
    const keys = exactIdentityKeys(household(people[7], people[0], people[1]));
    expect(keys).toHaveLength(2);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('exactIdentityKeys in any script', () => {
  const letters = (from: number, to: number) =>
    fc.string({ unit: fc.integer({ min: from, max: to }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 8 });
  const scripts = [letters(0x0628, 0x063a), letters(0x0430, 0x044f), letters(0x05d0, 0x05ea), letters(0x4e00, 0x4e80)];
  const name = fc.oneof(...scripts);

  it('keeps names written in Arabic, Cyrillic, Hebrew or Han apart unless they are the same name, as the matcher does', () => {
    fc.assert(
      fc.property(name, name, name, name, (givenA, familyA, givenB, familyB) => {
        const a = household(person(givenA, familyA, '2016-05-10'));
        const b = household(person(givenB, familyB, '2016-05-10'));
        const same = givenA.split(' ')[0] === givenB.split(' ')[0] && familyA === familyB;
        expect(shareKey(a, b)).toBe(same);
        expect(exact(a, b)).toBe(same);
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives no key to a name without letters in both parts', () => {
    expect(exactIdentityKeys(household(person('?', 'Jansen', '2016-05-10'), person('Piet', '-', '2016-05-10')))).toEqual([]);
  });
});

describe('exactLookupKeys', () => {
  // Few letters, particles, diacritics and dates, so that random households often share a spelling
  // or come within one letter of each other: the rule is tested where it could go wrong.
  const part = fc.constantFrom(
    'Jan',
    'jan',
    'Jän',
    'Jon',
    'Berg',
    'van der Berg',
    'Bergh',
    'Dijk',
    'Dyk',
    'Anna Maria',
    'Anna',
    'de',
    'Ødegaard',
    'Odegaard',
    '',
  );
  const name = fc.record(
    { givenNames: part, familyName: part, prefix: fc.constantFrom(undefined, 'van', 'de', 'van der') },
    { requiredKeys: ['givenNames', 'familyName'] },
  );
  const member = fc.record({
    name,
    dateOfBirth: fc.constantFrom(null, '1985-03-12', '1985-03-13', '2016-05-20'),
    otherNames: fc.array(name, { maxLength: 2 }),
  });
  const members = fc.array(member, { minLength: 1, maxLength: 3 }).map((list) =>
    list.map(({ name: recorded, dateOfBirth, otherNames }, index) => ({
      memberId: `m${index}`,
      role: 'adult' as const,
      name: Object.fromEntries(Object.entries(recorded).filter(([, value]) => value !== undefined)) as Household['members'][number]['name'],
      dateOfBirth,
      ...(otherNames.length
        ? {
            otherNames: otherNames.map((other) =>
              Object.fromEntries(Object.entries(other).filter(([, value]) => value !== undefined)),
            ) as Household['members'][number]['name'][],
          }
        : {}),
    })),
  );

  it('finds a family by a shared key exactly when the matcher calls it an exact match', () => {
    const outcomes = { found: 0, missed: 0 };
    fc.assert(
      fc.property(members, members, (searched, stored) => {
        const keys = new Set(exactLookupKeys({ members: stored }));
        const found = exactLookupKeys({ members: searched }).some((key) => keys.has(key));
        outcomes[found ? 'found' : 'missed'] += 1;
        return found === exact(household(...searched), household(...stored));
      }),
      { numRuns: 5000, seed: 20261204 },
    );
    // Both sides of the equivalence were exercised, not only households that never meet.
    expect(outcomes.found).toBeGreaterThan(100);
    expect(outcomes.missed).toBeGreaterThan(500);
  });
});
