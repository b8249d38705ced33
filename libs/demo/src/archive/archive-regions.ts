import type { Director, OrganisationRef, SourceCategory } from '@ketenregie/cases-domain';
import { DEMO_MARK, localTeams, municipalities, sourceReferrers, veiligThuis, veiligThuisProfessionals } from '../demo-region';
import type { DemoLocalTeam } from '../demo-region';
import { createRandom } from '../prng';
import { adultNameTable, familyNameTable } from './dutch-names';

// A national archive lies in every Veilig Thuis region, not only the demo's: the demo region's
// users must see their region's cases and none of the others', as they would in a national
// deployment. The other regions are invented like the demo region (every name carries the DEMO
// marker, postcodes end in letters PostNL never issues) and are not in the demo directory, so no
// demo account belongs to them.

export type ArchiveMunicipality = {
  name: string;
  postcodePrefixes: readonly number[];
  streets: readonly string[];
  localTeam: DemoLocalTeam;
};

export type ArchiveRegion = {
  /** The region's Veilig Thuis organisation id: `demo-vt` for the demo region. */
  regionId: string;
  veiligThuis: OrganisationRef;
  professionals: readonly Director[];
  municipalities: readonly ArchiveMunicipality[];
  /** Weights of the municipalities' shares of intakes, in the same order. */
  municipalityWeights: Readonly<Record<string, number>>;
  referrers: Readonly<Record<Exclude<SourceCategory, 'citizen'>, { organisation: string; role: string; email: string }>>;
};

export const ARCHIVE_REGION_COUNT = 24;

/** Share of the archive's cases in the demo region when none is given: about one region in five. */
export const DEFAULT_DEMO_REGION_SHARE = 0.2;

const weightsOf = (shares: readonly number[]): Record<string, number> =>
  Object.fromEntries(shares.map((share, index) => [String(index), share]));

const demoRegion: ArchiveRegion = {
  regionId: veiligThuis.organisationId,
  veiligThuis,
  professionals: veiligThuisProfessionals,
  municipalities: municipalities.map((municipality) => ({
    name: municipality.name,
    postcodePrefixes: municipality.postcodePrefixes,
    streets: municipality.streets,
    localTeam: localTeams.find((team) => team.organisation.organisationId === municipality.localTeamId) ?? localTeams[0],
  })),
  municipalityWeights: weightsOf(municipalities.map((municipality) => municipality.share * 100)),
  referrers: sourceReferrers,
};

const streets = ['Kerkstraat', 'Dorpsstraat', 'Schoolstraat', 'Molenweg', 'Julianastraat', 'Stationsweg', 'Nieuwstraat', 'Marktplein'];
// The demo region's postcodes (4901-4922) stay its own.
const isDemoPrefix = (prefix: number): boolean => prefix >= 4900 && prefix <= 4929;

const two = (value: number): string => String(value).padStart(2, '0');

const archiveRegion = (number: number): ArchiveRegion => {
  // Fixed per region, whatever the archive's seed: the same ids and names in every archive.
  const rng = createRandom(0x5ee0_0000 + number);
  const code = two(number);
  const regionName = `Archiefregio ${code}`;
  const person = (personId: string, organisation: OrganisationRef): Director => ({
    person: { personId, name: `${adultNameTable.pick(rng)} ${familyNameTable.pick(rng).familyName} ${DEMO_MARK}` },
    organisation,
  });
  const vt: OrganisationRef = {
    organisationId: `archive-vt-${code}`,
    name: `Veilig Thuis ${regionName} ${DEMO_MARK}`,
    kind: 'veilig-thuis',
  };
  const professionals = Array.from({ length: rng.int(6, 12) }, (_, index) => person(`archive-vt-${code}-p${index + 1}`, vt));
  const teams: DemoLocalTeam[] = Array.from({ length: rng.int(2, 4) }, (_, index) => {
    const organisation: OrganisationRef = {
      organisationId: `archive-ts-${code}-${index + 1}`,
      name: `Team Sociaal ${regionName}-${index + 1} ${DEMO_MARK}`,
      kind: 'local-team',
    };
    return {
      organisation,
      professionals: Array.from({ length: rng.int(3, 6) }, (_, member) =>
        person(`archive-ts-${code}-${index + 1}-p${member + 1}`, organisation),
      ),
    };
  });
  // Each region its own block of postcode areas, as the real regions have.
  const firstPrefix = 1000 + (number - 1) * 360;
  const count = rng.int(3, 6);
  const areas = Array.from({ length: count }, (_, index) => {
    const start = firstPrefix + index * 60;
    return Array.from({ length: rng.int(2, 12) }, (_, offset) => start + offset).filter((prefix) => !isDemoPrefix(prefix));
  });
  const regionMunicipalities = areas.map((prefixes, index) => ({
    name: `Gemeente ${regionName}-${index + 1} ${DEMO_MARK}`,
    postcodePrefixes: prefixes.length > 0 ? prefixes : [firstPrefix + index * 60 + 40],
    streets,
    localTeam: teams[index % teams.length],
  }));
  const referrers = Object.fromEntries(
    Object.entries(sourceReferrers).map(([source, referrer]) => [
      source,
      { ...referrer, organisation: referrer.organisation.replace(/Demoregio|Centrum|De Regenboog/, regionName) },
    ]),
  ) as ArchiveRegion['referrers'];
  return {
    regionId: vt.organisationId,
    veiligThuis: vt,
    professionals,
    municipalities: regionMunicipalities,
    municipalityWeights: weightsOf(regionMunicipalities.map(() => rng.int(1, 10))),
    referrers,
  };
};

/** The demo region first, then the invented others; a region's index never changes. */
export const archiveRegions: readonly ArchiveRegion[] = [
  demoRegion,
  ...Array.from({ length: ARCHIVE_REGION_COUNT }, (_, index) => archiveRegion(index + 1)),
];

// Regions differ in size, as the real ones do: fixed weights, from 3 to 12.
export const otherRegionWeights: Readonly<Record<string, number>> = Object.fromEntries(
  archiveRegions.slice(1).map((_, index) => [String(index + 1), 3 + ((index * 7) % 10)]),
);
