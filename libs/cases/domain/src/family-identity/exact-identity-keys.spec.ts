import type { Household } from '../case.types';
import { exactIdentityKeys, knownFamilyFromHousehold, matchFamilies } from './match-families';

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
