import { localTeamsFor, veiligThuisRegionFor } from '@ketenregie/access-domain';
import { demoOrganisationDirectory } from './demo-directory';
import { chainPartners, municipalities, veiligThuis } from './demo-region';

describe('the demo region as the access policy sees it', () => {
  const directory = demoOrganisationDirectory();

  it('gives the demo Veilig Thuis region every demo municipality', () => {
    for (const municipality of municipalities) {
      expect(veiligThuisRegionFor(directory, municipality.name)?.organisationId).toBe(veiligThuis.organisationId);
    }
  });

  it('gives each municipality the local team the demo data names for it, and no other', () => {
    for (const municipality of municipalities) {
      expect(localTeamsFor(directory, municipality.name).map((team) => team.organisationId)).toEqual([municipality.localTeamId]);
    }
  });

  it('knows every demo partner as a chain partner, and the extra organisations it is given', () => {
    for (const partner of chainPartners) expect(directory.organisations.get(partner.organisationId)?.kind).toBe('chain-partner');
    const school = { organisationId: 'demo-school', name: 'School', kind: 'referrer-organisation' as const, municipalities: [] };
    expect(demoOrganisationDirectory([school]).organisations.has('demo-school')).toBe(true);
  });
});
