import { isErasedMarker, mapPersonalField, mapPersonalFields, personalFieldTree, personalValuesAt } from './personal-data';

const data = {
  familyId: 'f1',
  household: {
    address: { street: 'Lingewal', houseNumber: '12', municipality: 'Gorinchem' },
    members: [
      { memberId: 'm1', name: { givenNames: 'Jan' }, address: { postcode: '4201AB' } },
      { memberId: 'm2', name: { givenNames: 'Sara' } },
    ],
  },
  agreements: [],
};

describe('personal data paths', () => {
  it('finds values through objects and every array element, skipping what is absent', () => {
    expect(personalValuesAt(data, 'household.members.*.name')).toEqual([{ givenNames: 'Jan' }, { givenNames: 'Sara' }]);
    expect(personalValuesAt(data, 'household.members.*.address')).toEqual([{ postcode: '4201AB' }]);
    expect(personalValuesAt(data, 'household.address.city')).toEqual([]);
    expect(personalValuesAt(data, 'agreements.*.text')).toEqual([]);
    expect(personalValuesAt(data, 'familyId.length')).toEqual([]);
  });

  it('maps values without changing the input, and removes a field mapped to undefined', () => {
    const before = JSON.stringify(data);
    const mapped = mapPersonalField(data, 'household.members.*.name', () => 'sealed');
    expect(JSON.stringify(data)).toBe(before);
    expect(mapped.household).toMatchObject({
      members: [
        { memberId: 'm1', name: 'sealed' },
        { memberId: 'm2', name: 'sealed' },
      ],
    });
    expect(mapped.household).not.toBe(data.household);
    // Untouched branches are shared, not copied.
    expect((mapped.household as typeof data.household).address).toBe(data.household.address);

    const withoutStreet = mapPersonalField(data, 'household.address.street', () => undefined);
    expect((withoutStreet.household as typeof data.household).address).toEqual({ houseNumber: '12', municipality: 'Gorinchem' });
  });

  it('returns the same object when nothing changed', () => {
    expect(mapPersonalField(data, 'household.members.*.name', (value) => value)).toBe(data);
    expect(mapPersonalField(data, 'referrer.name', () => 'sealed')).toBe(data);
  });

  it('maps several paths in one walk exactly as one path after another, each value once', () => {
    const paths = [
      'household.members.*.name',
      'household.members.*.address',
      'household.address.street',
      'household.address.city',
      'agreements.*.text',
      'familyId.length',
      'household.members.name',
    ];
    let sequence = 0;
    const seal = (value: unknown) => ({ sealed: value, order: (sequence += 1) });
    const oneByOne = paths.reduce<Record<string, unknown>>(
      (current, path) => mapPersonalField(current, path, (value) => ({ sealed: value })),
      data,
    );
    const inOneWalk = mapPersonalFields(data, personalFieldTree(paths), seal);
    const withoutOrder = JSON.parse(JSON.stringify(inOneWalk, (key, value: unknown) => (key === 'order' ? undefined : value))) as unknown;
    expect(withoutOrder).toEqual(oneByOne);
    // Every value mapped once: two names, one address, one street.
    expect(sequence).toBe(4);
    expect((inOneWalk.household as typeof data.household).members[1]).not.toBe(data.household.members[1]);
    expect(mapPersonalFields(data, personalFieldTree(paths), (value) => value)).toBe(data);
    expect(mapPersonalFields(data, personalFieldTree(['household.address.street']), () => undefined).household).toMatchObject({
      address: { houseNumber: '12', municipality: 'Gorinchem' },
    });
    // The tree of one list is built once.
    expect(personalFieldTree(paths)).toBe(personalFieldTree(paths));
  });

  it('recognises the erased marker only in its exact shape', () => {
    expect(isErasedMarker({ $erased: true, erasedAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
    expect(isErasedMarker({ $erased: 'true', erasedAt: 'x' })).toBe(false);
    expect(isErasedMarker('[gewist]')).toBe(false);
    expect(isErasedMarker(null)).toBe(false);
  });
});
