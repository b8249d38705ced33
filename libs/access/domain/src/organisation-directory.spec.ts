import type { DirectoryOrganisation } from './organisation-directory';
import {
  InvalidOrganisationDirectory,
  createOrganisationDirectory,
  effectiveRoles,
  legalBasisFor,
  localTeamsFor,
  municipalityKey,
  veiligThuisRegionFor,
} from './organisation-directory';
import { directory, principal } from './testing/access-fixtures';

const vt = (organisationId: string, municipalities: string[]): DirectoryOrganisation => ({
  organisationId,
  name: organisationId,
  kind: 'veilig-thuis',
  municipalities,
});

describe('organisation directory', () => {
  it('finds the Veilig Thuis region serving a municipality, however it was typed', () => {
    expect(veiligThuisRegionFor(directory, 'Molenlanden')?.organisationId).toBe('vt-zhz');
    expect(veiligThuisRegionFor(directory, '  utrecht  ')?.organisationId).toBe('vt-utrecht');
    expect(veiligThuisRegionFor(directory, 'Atlantis')).toBeUndefined();
  });

  it('finds the local teams of a municipality', () => {
    expect(localTeamsFor(directory, 'GORINCHEM').map((team) => team.organisationId)).toEqual(['ts-gorinchem']);
    expect(localTeamsFor(directory, 'Utrecht')).toEqual([]);
  });

  it('compares municipality names without case, outer or doubled spaces, and in one Unicode form', () => {
    expect(municipalityKey(" 's-Hertogenbosch ")).toBe("'s-hertogenbosch");
    expect(municipalityKey('Súdwest-Fryslân')).toBe(municipalityKey('Su\u0301dwest-Frysla\u0302n'));
    expect(municipalityKey('Alphen  aan den\tRijn')).toBe('alphen aan den rijn');
  });

  it('reads a name as the directory writes it, whatever apostrophe, dash or invisible character was typed or pasted', () => {
    const bosch = municipalityKey("'s-Hertogenbosch");
    for (const typed of [
      '’s-Hertogenbosch',
      '‘s-Hertogenbosch',
      'ʼs‑Hertogenbosch',
      "'s\u00adHertogen\u00adbosch".replace(/\u00ad/, '-'),
      "'s-Hertogenbosch\u200b",
      "\ufeff's - Hertogenbosch",
    ]) {
      expect([typed, municipalityKey(typed)]).toEqual([typed, bosch]);
    }
    for (const typed of ['Súdwest–Fryslân', 'Súdwest—Fryslân', 'Súdwest‐Fryslân', 'Súdwest−Fryslân', 'Súd\u200dwest-Fryslân']) {
      expect([typed, municipalityKey(typed)]).toEqual([typed, municipalityKey('Súdwest-Fryslân')]);
    }
    const directory = createOrganisationDirectory([vt('vt-bn', ["'s-Hertogenbosch"])]);
    expect(veiligThuisRegionFor(directory, '’s‑Hertogenbosch')?.organisationId).toBe('vt-bn');
  });

  it('refuses a municipality served by two Veilig Thuis regions', () => {
    expect(() => createOrganisationDirectory([vt('a', ['Gorinchem']), vt('b', ['gorinchem '])])).toThrow(InvalidOrganisationDirectory);
  });

  it('refuses duplicate ids, a region without municipalities and municipalities on a partner', () => {
    expect(() => createOrganisationDirectory([vt('a', ['X']), vt('a', ['Y'])])).toThrow(/listed twice/);
    expect(() => createOrganisationDirectory([vt('a', [])])).toThrow(/serves no municipality/);
    expect(() => createOrganisationDirectory([{ organisationId: 'p', name: 'p', kind: 'chain-partner', municipalities: ['X'] }])).toThrow(
      /cannot serve municipalities/,
    );
    expect(() =>
      createOrganisationDirectory([
        { organisationId: 'p', name: 'p', kind: 'chain-partner', municipalities: [], legalBasis: 'curiosity' as never },
      ]),
    ).toThrow(/legal basis/);
  });

  it('lets a role count only at an organisation of its kind', () => {
    expect(
      effectiveRoles(principal('u', 'vt-zhz', 'veilig-thuis-professional', 'team-sociaal-consultant', 'privacy-officer'), directory)?.roles,
    ).toEqual(['veilig-thuis-professional', 'privacy-officer']);
    expect(effectiveRoles(principal('u', 'nowhere', 'administrator'), directory)).toBeUndefined();
  });

  it("names Veilig Thuis' statutory task for Veilig Thuis and referrers, the organisation's own ground otherwise", () => {
    const organisation = (id: string) => directory.organisations.get(id) as DirectoryOrganisation;
    expect(legalBasisFor('veilig-thuis-professional', organisation('vt-zhz'))).toBe('wmo-2015-4.1.1');
    expect(legalBasisFor('referrer', organisation('politie'))).toBe('wmo-2015-4.1.1');
    expect(legalBasisFor('team-sociaal-consultant', organisation('ts-gorinchem'))).toBe('wmo-2015');
    expect(legalBasisFor('chain-partner', organisation('jeugdzorg'))).toBe('jeugdwet');
  });
});
