import { createOrganisationDirectory } from './organisation-directory';
import { handoverTargetsFor, mayDirect, mayListPeopleOf } from './people-directory';
import { analyst, directory, partnerJeugdzorg, principal, tsCarla, tsDaan, vtAnna, vtUtrecht } from './testing/access-fixtures';

describe('hand-over targets and who may list an organisation’s people', () => {
  it('lets Veilig Thuis hand over to its own team, the local teams of its region and another Veilig Thuis', () => {
    expect([...(handoverTargetsFor(vtAnna, directory) ?? [])].sort()).toEqual(['ts-gorinchem', 'ts-molenlanden', 'vt-utrecht', 'vt-zhz']);
  });

  it('lets a local team hand over to its own team, its Veilig Thuis region and the other local teams of that region', () => {
    expect([...(handoverTargetsFor(tsCarla, directory) ?? [])].sort()).toEqual(['ts-gorinchem', 'ts-molenlanden', 'vt-zhz']);
    expect(handoverTargetsFor(tsCarla, directory)?.has('vt-utrecht')).toBe(false);
  });

  it('gives no targets to someone who cannot steer, or a role held at the wrong kind of organisation', () => {
    expect(handoverTargetsFor(partnerJeugdzorg, directory)).toBeUndefined();
    expect(handoverTargetsFor(analyst, directory)).toBeUndefined();
    expect(handoverTargetsFor(principal('u', 'ts-gorinchem', 'veilig-thuis-professional'), directory)).toBeUndefined();
  });

  it('lists the own organisation to anyone of it, hand-over targets to who may steer, and nothing else', () => {
    expect(mayListPeopleOf(partnerJeugdzorg, directory, 'jeugdzorg')).toBe(true);
    expect(mayListPeopleOf(partnerJeugdzorg, directory, 'vt-zhz')).toBe(false);
    expect(mayListPeopleOf(tsDaan, directory, 'vt-zhz')).toBe(true);
    expect(mayListPeopleOf(tsDaan, directory, 'vt-utrecht')).toBe(false);
    expect(mayListPeopleOf(vtUtrecht, directory, 'ts-gorinchem')).toBe(false);
    expect(mayListPeopleOf(vtAnna, directory, 'jeugdzorg')).toBe(false);
    expect(mayListPeopleOf(principal('u', 'nowhere', 'veilig-thuis-professional'), directory, 'nowhere')).toBe(false);
  });

  it('counts only a directing role at a fitting organisation as able to direct', () => {
    expect(mayDirect({ organisationId: 'vt-zhz', roles: ['veilig-thuis-professional'] }, directory)).toBe(true);
    expect(mayDirect({ organisationId: 'ts-gorinchem', roles: ['team-sociaal-consultant'] }, directory)).toBe(true);
    expect(mayDirect({ organisationId: 'ts-gorinchem', roles: ['veilig-thuis-professional'] }, directory)).toBe(false);
    expect(mayDirect({ organisationId: 'vt-zhz', roles: ['policy-analyst'] }, directory)).toBe(false);
  });

  it('keeps a local team serving two regions in both', () => {
    const twoRegions = createOrganisationDirectory([
      { organisationId: 'vt-a', name: 'VT A', kind: 'veilig-thuis', municipalities: ['A'] },
      { organisationId: 'vt-b', name: 'VT B', kind: 'veilig-thuis', municipalities: ['B'] },
      { organisationId: 'ts-ab', name: 'Team AB', kind: 'local-team', municipalities: ['A', 'B'] },
      { organisationId: 'ts-b', name: 'Team B', kind: 'local-team', municipalities: ['B'] },
    ]);
    expect([...(handoverTargetsFor(principal('u', 'ts-ab', 'team-sociaal-consultant'), twoRegions) ?? [])].sort()).toEqual([
      'ts-ab',
      'ts-b',
      'vt-a',
      'vt-b',
    ]);
  });
});
