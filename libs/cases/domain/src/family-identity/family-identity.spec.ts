import type { Household } from '../case.types';
import { exactLookupKeys, familyIdentityKeys, houseNumberKey, knownFamilyFromHousehold, matchFamilies } from './match-families';
import type { KnownFamily } from './match-families';
import { normaliseFamilyName, normalisePersonName, normaliseText } from './normalise-name';
import { damerauLevenshtein, jaroWinkler, nameSimilarity } from './string-similarity';

const address = { houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' };

const known: KnownFamily[] = [
  knownFamilyFromHousehold(
    'fam-berg',
    {
      address,
      members: [
        { memberId: 'a', role: 'adult', name: { givenNames: 'Jan', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '1985-03-12' },
        { memberId: 'b', role: 'child', name: { givenNames: 'Zoë', prefix: 'van der', familyName: 'Berg' }, dateOfBirth: '2016-05-20' },
      ],
    },
    'case-berg',
  ),
  knownFamilyFromHousehold('fam-yilmaz', {
    address: { houseNumber: '3', postcode: '3311 KL', municipality: 'Dordrecht' },
    members: [
      { memberId: 'c', role: 'adult', name: { givenNames: 'Ayşe', familyName: 'Yılmaz-Demir' }, dateOfBirth: '1990-11-02' },
      { memberId: 'd', role: 'child', name: { givenNames: 'Emre', familyName: 'Yılmaz' }, dateOfBirth: '2012-01-15' },
    ],
  }),
  knownFamilyFromHousehold('fam-dijkstra', {
    address: { houseNumber: '40', postcode: '4200 AA', municipality: 'Gorinchem' },
    members: [{ memberId: 'e', role: 'adult', name: { givenNames: 'Pieter', familyName: 'Dijkstra' }, dateOfBirth: '1979-09-09' }],
  }),
];

const household = (members: Household['members'], at = { houseNumber: '99', postcode: '9999 ZZ', municipality: 'Elders' }): Household => ({
  address: at,
  members,
});
const person = (givenNames: string, familyName: string, dateOfBirth: string | null, prefix?: string) => ({
  memberId: `${givenNames}-${familyName}`,
  role: 'adult' as const,
  name: { givenNames, familyName, ...(prefix ? { prefix } : {}) },
  dateOfBirth,
});

describe('name normalisation', () => {
  it('ignores case, diacritics, hyphens, punctuation and extra whitespace', () => {
    expect(normaliseText('  Zoë   Ayşe-Çelik ')).toBe('zoe ayse celik');
    expect(normaliseText("D'Hondt")).toBe('d hondt');
    expect(normaliseText('Yılmaz Søren Łukasz')).toBe('yilmaz soren lukasz');
  });

  it('keeps the letters of every script, without their vowel marks, and folds letters written interchangeably', () => {
    expect(normaliseText('مُحَمَّد  العـــلي')).toBe('محمد العلي');
    expect(normaliseText('علی کریمی')).toBe(normaliseText('علي كريمي'));
    expect(normaliseText('ОЛЕНА Шевченко-Коваль')).toBe('олена шевченко коваль');
    expect(normaliseText('Ёлкин')).toBe('елкин');
    expect(normaliseText('ΝΙΚΟΣ Παπαδόπουλος')).toBe('νικοσ παπαδοπουλοσ');
    expect(normaliseText('שָׁלוֹם')).toBe('שלום');
    expect(normaliseText('王 小明')).toBe('王 小明');
    // Latin names read as before.
    expect(normaliseText('José Müller-Lüdenscheidt')).toBe('jose muller ludenscheidt');
    expect(normaliseText('? -')).toBe('');
  });

  it('drops tussenvoegsels wherever they are written', () => {
    expect(normaliseFamilyName('Berg', 'van der')).toBe('berg');
    expect(normaliseFamilyName('van der Berg')).toBe('berg');
    expect(normaliseFamilyName('Van den Berg')).toBe('berg');
    expect(normaliseFamilyName("van 't Hof")).toBe('hof');
    expect(normaliseFamilyName('De')).toBe('de');
  });

  it('treats ij and y alike and keeps the first given name apart', () => {
    expect(normaliseFamilyName('Dijkstra')).toBe(normaliseFamilyName('Dykstra'));
    expect(normalisePersonName({ givenNames: 'Anna Maria', familyName: 'Jansen' })).toEqual({
      given: 'anna maria',
      firstGiven: 'anna',
      family: 'jansen',
      givenAsFamily: 'anna maria',
    });
  });
});

describe('string similarity', () => {
  it('counts an adjacent transposition as one edit (Damerau-Levenshtein)', () => {
    expect(damerauLevenshtein('jansen', 'jnasen')).toBe(1);
    expect(damerauLevenshtein('jansen', 'janssen')).toBe(1);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
  });

  it('computes the classic Jaro-Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is symmetric and 1 only for equal strings', () => {
    expect(nameSimilarity('bakker', 'bakker')).toBe(1);
    expect(nameSimilarity('bakker', 'backer')).toBe(nameSimilarity('backer', 'bakker'));
    expect(nameSimilarity('bakker', 'backer')).toBeLessThan(1);
  });
});

describe('matchFamilies (search before create)', () => {
  it('finds a family despite diacritics, case and tussenvoegsels, and flags it as exact', () => {
    const [match] = matchFamilies(household([person('ZOE', 'VAN DER BERG', '2016-05-20')]), known);
    expect(match).toMatchObject({ familyId: 'fam-berg', caseId: 'case-berg', exact: true, reasons: ['same-name-and-birth-date'] });
    expect(match.memberMatches).toEqual([{ candidateIndex: 0, knownIndex: 1, reason: 'same-name-and-birth-date', score: 1 }]);
  });

  it('tolerates a typo in the name when the date of birth is the same', () => {
    const [match] = matchFamilies(household([person('Emre', 'Yilmas', '2012-01-15')]), known);
    expect(match).toMatchObject({ familyId: 'fam-yilmaz', exact: false, reasons: ['similar-name-and-birth-date'] });
    const [transposed] = matchFamilies(household([person('Pieter', 'Dikjstra', '1979-09-09')]), known);
    expect(transposed).toMatchObject({ familyId: 'fam-dijkstra', reasons: ['similar-name-and-birth-date'] });
  });

  it('recognises swapped first and last names', () => {
    const [match] = matchFamilies(household([person('Dijkstra', 'Pieter', '1979-09-09')]), known);
    expect(match).toMatchObject({ familyId: 'fam-dijkstra', exact: false, reasons: ['swapped-names'] });
  });

  it('ranks the exact names swapped above a swap of similar names of someone born the same day', () => {
    const sameDay = [
      knownFamilyFromHousehold('fam-steenman', household([person('Noah', 'Steenman', '2003-04-29', 'ter')])),
      knownFamilyFromHousehold('fam-steeninga', household([person('Noah', 'Steeninga', '2003-04-29', 'ter')])),
    ];
    const [first, second] = matchFamilies(household([person('ter Steeninga', 'Noah', '2003-04-29')]), sameDay);
    expect(first).toMatchObject({ familyId: 'fam-steeninga', reasons: expect.arrayContaining(['swapped-names']) });
    expect(first.memberMatches[0].score).toBe(0.9);
    expect(second).toMatchObject({ familyId: 'fam-steenman', reasons: expect.arrayContaining(['swapped-names']) });
    expect(second.score).toBeLessThan(first.score);
  });

  it('tolerates one typo in a short name, and a whole name written the other way round', () => {
    const [typo] = matchFamilies(household([person('Emer', 'Yilmaz', '2012-01-15')]), known);
    expect(typo).toMatchObject({ familyId: 'fam-yilmaz', reasons: ['similar-name-and-birth-date'] });
    const [swappedWhole] = matchFamilies(household([person('Yılmaz-Demir', 'Ayşe', '1990-11-02')]), known);
    expect(swappedWhole).toMatchObject({ familyId: 'fam-yilmaz', reasons: ['swapped-names'] });
    const [swappedWithParticles] = matchFamilies(household([person('van der Berg', 'Jan', '1985-03-12')]), known);
    expect(swappedWithParticles).toMatchObject({ familyId: 'fam-berg', reasons: ['swapped-names'] });
    // Another short name with the same date of birth is another person.
    expect(matchFamilies(household([person('Ali', 'Yilmaz', '2012-01-15')]), known)).toEqual([]);
  });

  it('finds a person under every spelling the family is known by', () => {
    const member: Household['members'][number] = {
      memberId: 'x',
      role: 'adult',
      name: { givenNames: 'Mohammed', familyName: 'Bouzid' },
      dateOfBirth: '1992-02-02',
      otherNames: [{ givenNames: 'Mo', familyName: 'Bouzit' }],
    };
    const respelled = knownFamilyFromHousehold('fam-aliases', { address, members: [member] });
    const [match] = matchFamilies(household([person('Mo', 'Bouzit', '1992-02-02')]), [respelled]);
    expect(match).toMatchObject({ familyId: 'fam-aliases', exact: true, reasons: ['same-name-and-birth-date'] });
    expect(familyIdentityKeys(household([member]))).toEqual(expect.arrayContaining(['name:bouzid|mohammed', 'name:bouzit|mo']));
  });

  it('reads 12A, 12 A, 12-A and 12 with addition A as one address, and keeps 12A and 12B apart', () => {
    const at = (houseNumber: string, houseNumberAddition?: string) => ({
      houseNumber,
      postcode: '4201 ab',
      municipality: 'Gorinchem',
      ...(houseNumberAddition ? { houseNumberAddition } : {}),
    });
    const family = [knownFamilyFromHousehold('fam-12a', { address: at('12A'), members: [person('X', 'Y', null)] })];
    for (const written of [at('12A'), at('12 A'), at('12-A'), at('12', 'A'), at('12', 'a'), at('12 ', ' A')]) {
      expect(matchFamilies(household([person('Q', 'R', null)], written), family)).toHaveLength(1);
    }
    expect(matchFamilies(household([person('Q', 'R', null)], at('12', 'B')), family)).toEqual([]);
    expect(matchFamilies(household([person('Q', 'R', null)], at('12B')), family)).toEqual([]);
    expect(matchFamilies(household([person('Q', 'R', null)], at('120')), family)).toEqual([]);
    const keyOf = (written: ReturnType<typeof at>) => familyIdentityKeys(household([], written));
    expect(keyOf(at('12-A'))).toEqual(keyOf(at('12', 'A')));
    expect(houseNumberKey('12 A')).toEqual({ number: '12', addition: 'a' });
    expect(houseNumberKey('12', 'bis')).toEqual({ number: '12', addition: 'bis' });
  });

  it('reads 12-2 and 12 with addition 2 (a floor) as number 12, never as the house at 122', () => {
    const at = (houseNumber: string, houseNumberAddition?: string) => ({
      houseNumber,
      postcode: '1053 AB',
      municipality: 'Amsterdam',
      ...(houseNumberAddition ? { houseNumberAddition } : {}),
    });
    for (const [written, addition] of [['12-2'], ['12 2'], ['12', '2'], ['12-', '2'], ['12/2']] as [string, string?][]) {
      expect([written, addition, houseNumberKey(written, addition)]).toEqual([written, addition, { number: '12', addition: '2' }]);
    }
    expect(houseNumberKey('122')).toEqual({ number: '122', addition: '' });
    expect(houseNumberKey('12-III', 'hoog')).toEqual({ number: '12', addition: 'iiihoog' });
    const at122 = [knownFamilyFromHousehold('fam-122', { address: at('122'), members: [person('X', 'Y', null)] })];
    const at12 = [knownFamilyFromHousehold('fam-12', { address: at('12'), members: [person('X', 'Y', null)] })];
    expect(matchFamilies(household([person('Q', 'R', null)], at('12', '2')), at122)).toEqual([]);
    expect(matchFamilies(household([person('Q', 'R', null)], at('12-2')), at12)).toMatchObject([{ familyId: 'fam-12' }]);
  });

  it('does not match the same name with a different date of birth', () => {
    expect(matchFamilies(household([person('Pieter', 'Dijkstra', '1980-09-09')]), known)).toEqual([]);
  });

  it('reports a different family at the same address as an address match only, low and not exact', () => {
    const newFamily = household([person('Mohammed', 'Bouzid', '1992-02-02')], {
      houseNumber: '12',
      postcode: '4201 ab',
      municipality: 'Gorinchem',
    });
    const matches = matchFamilies(newFamily, known);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ familyId: 'fam-berg', exact: false, reasons: ['same-postcode-house-number'], memberMatches: [] });
    expect(matches[0].score).toBeLessThan(0.5);
  });

  it('separates different house number additions but matches when one side has none', () => {
    const at = (houseNumberAddition?: string) => ({
      houseNumber: '12',
      postcode: '4201AB',
      municipality: 'Gorinchem',
      ...(houseNumberAddition ? { houseNumberAddition } : {}),
    });
    const withAddition = [knownFamilyFromHousehold('fam-a', { address: at('A'), members: [person('X', 'Y', null)] })];
    expect(matchFamilies(household([person('Q', 'R', null)], at('B')), withAddition)).toEqual([]);
    expect(matchFamilies(household([person('Q', 'R', null)], at()), withAddition)).toHaveLength(1);
  });

  it('tells families named in another script apart: another name born the same day is nobody', () => {
    const arabic = knownFamilyFromHousehold('fam-alali', {
      address: { houseNumber: '1', postcode: '1011 AB', municipality: 'Amsterdam' },
      members: [{ memberId: 'x', role: 'child', name: { givenNames: 'محمد', familyName: 'العلي' }, dateOfBirth: '2016-05-10' }],
    });
    const cyrillic = knownFamilyFromHousehold('fam-petrov', {
      address: { houseNumber: '2', postcode: '1011 AB', municipality: 'Amsterdam' },
      members: [{ memberId: 'y', role: 'adult', name: { givenNames: 'Игорь', familyName: 'Петров' }, dateOfBirth: null }],
    });
    expect(matchFamilies(household([person('فاطمة', 'حسن', '2016-05-10')]), [arabic, cyrillic])).toEqual([]);
    expect(matchFamilies(household([person('Ольга', 'Иванова', null)]), [arabic, cyrillic])).toEqual([]);
    // The same names still find their families: exactly with the date of birth, weakly without.
    expect(matchFamilies(household([person('محمد', 'العلي', '2016-05-10')]), [arabic, cyrillic])).toMatchObject([
      { familyId: 'fam-alali', exact: true },
    ]);
    expect(matchFamilies(household([person('ИГОРЬ', 'Петров', null)]), [arabic, cyrillic])).toMatchObject([
      { familyId: 'fam-petrov', exact: false, reasons: ['same-name'] },
    ]);
  });

  it('matches nobody by a name without letters, such as "?" for an unknown given name', () => {
    const unknown = knownFamilyFromHousehold('fam-unknown', {
      address: { houseNumber: '5', postcode: '1011 AB', municipality: 'Amsterdam' },
      members: [{ memberId: 'u', role: 'child', name: { givenNames: '?', familyName: '-' }, dateOfBirth: '2016-05-10' }],
    });
    expect(matchFamilies(household([person('-', '?', '2016-05-10')]), [unknown])).toEqual([]);
    expect(matchFamilies(household([person('?', 'Jansen', '2016-05-10')]), [unknown])).toEqual([]);
    expect(familyIdentityKeys(household([person('?', '-', null)]))).toEqual(['address:9999ZZ|99']);
  });

  it('matches an exact name without date of birth only weakly', () => {
    const [match] = matchFamilies(household([person('Jan', 'Berg', null, 'van der')]), known);
    expect(match).toMatchObject({ familyId: 'fam-berg', exact: false, reasons: ['same-name'] });
  });

  it('sorts by score: more matched members and the same address rank higher', () => {
    const candidate = household(
      [person('Jan', 'van der Berg', '1985-03-12'), person('Zoe', 'Berg', '2016-05-20'), person('Emre', 'Yilmaz', '2012-01-15')],
      { houseNumber: '12', postcode: '4201AB', municipality: 'Gorinchem' },
    );
    const matches = matchFamilies(candidate, known);
    expect(matches.map((match) => match.familyId)).toEqual(['fam-berg', 'fam-yilmaz']);
    expect(matches[0].score).toBe(1);
    expect(matches[0].reasons).toEqual(['same-name-and-birth-date', 'same-postcode-house-number']);
    expect(matches[1].score).toBeLessThan(matches[0].score);
  });

  it('matches each known person at most once', () => {
    const twice = household([person('Jan', 'Berg', '1985-03-12', 'van der'), person('Jan', 'Berg', '1985-03-12', 'van der')]);
    const [match] = matchFamilies(twice, known);
    expect(match.memberMatches).toHaveLength(1);
  });

  it('drops candidates below a minimum score', () => {
    const newFamily = household([person('Mohammed', 'Bouzid', '1992-02-02')], address);
    expect(matchFamilies(newFamily, known, { minScore: 0.5 })).toEqual([]);
  });

  it('derives blocking keys that the matching candidates share', () => {
    const keys = familyIdentityKeys(household([person('Zoë', 'van der Berg', '2016-05-20')], address));
    expect(keys).toEqual(expect.arrayContaining(['dob:2016-05-20', 'name:berg|zoe', 'name:zoe|berg', 'address:4201AB|12']));
  });

  it('looks up exact matches by every spelling of each member with a date of birth', () => {
    const members = [
      { ...person('Zoë', 'van der Berg', '2016-05-20'), otherNames: [{ givenNames: 'Zoe', familyName: 'Bergh' }] },
      person('Jan', 'Berg', '1985-03-12', 'van der'),
      person('Piet', 'Berg', null),
    ];
    const keys = exactLookupKeys(household(members, address));
    expect(keys).toEqual(
      [
        JSON.stringify(['1985-03-12', 'berg', 'jan']),
        JSON.stringify(['2016-05-20', 'berg', 'zoe']),
        JSON.stringify(['2016-05-20', 'bergh', 'zoe']),
      ].sort(),
    );
    // Every exact match the matcher finds among the known families shares one of these keys.
    const exact = matchFamilies(household(members, address), known).filter((match) => match.exact);
    expect(exact.length).toBeGreaterThan(0);
    for (const match of exact) {
      const family = known.find((candidate) => candidate.familyId === match.familyId);
      const stored = new Set(exactLookupKeys({ members: family?.members ?? [] }));
      expect(keys.some((key) => stored.has(key))).toBe(true);
    }
    expect(exactLookupKeys(household([person('Piet', 'Berg', null)], address))).toEqual([]);
  });
});
