import { decideCaseAccess, fullAccessListCriteria, matchesFullAccessCriteria, municipalityKey } from '@ketenregie/access-domain';
import { createCaseDecider, defaultCasePolicy, isOpened } from '@ketenregie/cases-domain';
import type { CaseEvent, OpenedCase } from '@ketenregie/cases-domain';
import { caseRelationsOf } from '@ketenregie/cases-server';
import type { Principal } from '@ketenregie/kernel';
import { demoDirectoryOrganisations, demoOrganisationDirectory } from '../demo-directory';
import { localTeams, municipalities, veiligThuis } from '../demo-region';
import { generateArchiveCase } from './archive-generator';
import type { ArchiveCase } from './archive-generator';
import { archiveRegions } from './archive-regions';

const endsAt = new Date('2026-12-01T00:00:00Z');
const CASES = 2_000;
const options = { seed: 11, endsAt, regionShare: 0.2 };
const decider = createCaseDecider(defaultCasePolicy);
const directory = demoOrganisationDirectory();
const now = new Date('2026-12-01T12:00:00Z');

jest.setTimeout(120_000);

const stateOf = (generated: ArchiveCase): OpenedCase => {
  const state = generated.events.map((event) => event as unknown as CaseEvent).reduce(decider.evolve, decider.initialState());
  if (!isOpened(state)) throw new Error(`${generated.caseId} did not open`);
  return state;
};

const principal = (userId: string, organisationId: string, role: Principal['roles'][number]): Principal => ({
  userId,
  displayName: userId,
  organisationId,
  roles: [role],
  authenticatedBy: 'local',
});
const demoVeiligThuis = principal('demo-vt-anouk', veiligThuis.organisationId, 'veilig-thuis-professional');
const demoTeam = principal('demo-ts-iris', localTeams[0].organisation.organisationId, 'team-sociaal-consultant');

describe('the archive across regions', () => {
  let archive: ArchiveCase[];

  beforeAll(() => {
    archive = Array.from({ length: CASES }, (_, index) => generateArchiveCase(options, index));
  });

  it('puts about the given share in the demo region, the same cases for the same seed', () => {
    const inRegion = archive.filter((generated) => generated.truth.regionId === veiligThuis.organisationId).length;
    expect(inRegion / CASES).toBeGreaterThan(0.17);
    expect(inRegion / CASES).toBeLessThan(0.23);
    expect(archive.slice(0, 200).map((generated) => generated.truth.regionId)).toEqual(
      Array.from({ length: 200 }, (_, index) => generateArchiveCase(options, index).truth.regionId),
    );
    expect(new Set(archive.map((generated) => generated.truth.regionId)).size).toBeGreaterThan(20);
    // Without a share every case lies in the demo region, as before there were others.
    expect(generateArchiveCase({ seed: 11, endsAt }, 3).truth.regionId).toBe(veiligThuis.organisationId);
  });

  it('keeps the other regions out of the demo directory and marked as demo data', () => {
    const known = new Set(demoDirectoryOrganisations().map((organisation) => organisation.organisationId));
    const demoPlaces = new Set(municipalities.map((municipality) => municipalityKey(municipality.name)));
    for (const region of archiveRegions.slice(1)) {
      expect(region.regionId).toMatch(/^archive-vt-\d\d$/);
      expect(known.has(region.regionId)).toBe(false);
      expect(region.veiligThuis.name).toContain('(DEMO)');
      for (const place of region.municipalities) {
        expect(demoPlaces.has(municipalityKey(place.name))).toBe(false);
        expect(known.has(place.localTeam.organisation.organisationId)).toBe(false);
        expect(place.postcodePrefixes.every((prefix) => prefix < 4900 || prefix > 4929)).toBe(true);
      }
      for (const professional of region.professionals) expect(professional.person.name).toContain('(DEMO)');
    }
  });

  it('shows a demo user the demo region cases their relations open, and none of the other regions', () => {
    const criteria = fullAccessListCriteria(demoVeiligThuis, directory);
    let seen = 0;
    let unseen = 0;
    for (const generated of archive) {
      const state = stateOf(generated);
      const relations = caseRelationsOf(state);
      const access = decideCaseAccess(demoVeiligThuis, relations, directory, undefined, now).scope;
      const team = decideCaseAccess(demoTeam, relations, directory, undefined, now).scope;
      if (generated.truth.regionId === veiligThuis.organisationId) {
        // Every case of the region is the region's Veilig Thuis's to see, wherever it went since.
        expect(access).toBe('full');
        expect(matchesFullAccessCriteria(criteria, relations)).toBe(true);
        expect(municipalities.map((municipality) => municipality.name)).toContain(state.household.address.municipality);
        seen += 1;
      } else {
        expect(access).toBe('none');
        expect(team).toBe('none');
        expect(matchesFullAccessCriteria(criteria, relations)).toBe(false);
        expect(state.director.organisation.organisationId).toMatch(/^archive-(vt|ts)-\d\d/);
        unseen += 1;
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(unseen).toBeGreaterThan(seen);
    // A demo local team sees the region's cases handed over to it.
    expect(
      archive.some(
        (generated) =>
          stateOf(generated).director.organisation.organisationId === demoTeam.organisationId &&
          decideCaseAccess(demoTeam, caseRelationsOf(stateOf(generated)), directory, undefined, now).scope === 'full',
      ),
    ).toBe(true);
  });
});
