import { DataSource } from 'typeorm';
import { createOrganisationDirectory } from '@ketenregie/access-domain';
import type { Principal } from '@ketenregie/access-domain';
import type { AccessLogPort, AccessLogRecord, EmergencyGrants } from '@ketenregie/access-contracts';
import type { CaseEvent, Household } from '@ketenregie/cases-domain';
import type { FamilySearchQuery } from '@ketenregie/contracts';
import type { RecordedEvent } from '@ketenregie/event-store';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { CaseAccess } from '../../access/case-access.service';
import { director } from '../../access/testing/access-scenarios';
import { ERASED_FAMILIES_TABLE } from '../../erasure/erased-families';
import { CASE_RAPPELS_TABLE } from '../../projections/case-rappel-rows';
import { CASE_OPEN_WORK_TABLE } from '../../projections/case-open-work';
import { CASE_SUMMARIES_TABLE, FAMILY_INDEX_TABLE, caseRegisterProjection } from '../../projections/case-register.projection';
import { CaseReadModel } from '../case-read-model';
import { FindExactFamilyMatches, FindExactFamilyMatchesHandler } from './find-exact-family-matches.handler';
import { SearchFamilies, SearchFamiliesHandler } from './search-families.handler';

// Test data only: invented families. The read model is filled by the real case-register projection
// and read by the real query handlers and SQL.

const directory = createOrganisationDirectory([
  { organisationId: 'vt-zhz', name: 'VT ZHZ', kind: 'veilig-thuis', municipalities: ['Gorinchem'] },
  { organisationId: 'vt-utrecht', name: 'VT Utrecht', kind: 'veilig-thuis', municipalities: ['Utrecht'] },
]);

const anna: Principal = {
  userId: 'vt-anna',
  displayName: 'Anna',
  organisationId: 'vt-zhz',
  roles: ['veilig-thuis-professional'],
  authenticatedBy: 'local',
};
const ugo: Principal = {
  userId: 'vt-ugo',
  displayName: 'Ugo',
  organisationId: 'vt-utrecht',
  roles: ['veilig-thuis-professional'],
  authenticatedBy: 'local',
};

const sharedBirthDate = '1985-03-12';
// More families born on one day than the old lookup's 500-case cap, as a national archive has.
const crowdSize = 650;
// A stem for invented family names that are neither equal nor within one letter of the needle's.
const crowdName = (index: number): string =>
  `Vos${String.fromCharCode(97 + (index % 26))}${String.fromCharCode(97 + (Math.floor(index / 26) % 26))}kamp`;

const needleHousehold: Household = {
  address: { houseNumber: '7', postcode: '4201 CD', municipality: 'Gorinchem' },
  members: [
    { memberId: 'a1', role: 'adult', name: { givenNames: 'Jan', familyName: 'Bakker' }, dateOfBirth: sharedBirthDate },
    { memberId: 'a2', role: 'adult', name: { givenNames: 'Zoë', familyName: 'Çelik' }, dateOfBirth: '1987-08-30' },
    { memberId: 'c1', role: 'child', name: { givenNames: 'Sara', familyName: 'Bakker' }, dateOfBirth: '2016-05-20' },
  ],
};

const crowdHousehold = (index: number): Household => ({
  address: { houseNumber: `${index + 1}`, postcode: '3511 AA', municipality: index % 2 ? 'Gorinchem' : 'Utrecht' },
  members: [
    {
      memberId: 'a1',
      role: 'adult',
      name: { givenNames: index % 3 ? 'Jan' : 'Piet', familyName: crowdName(index) },
      dateOfBirth: sharedBirthDate,
    },
  ],
});

const opened = (caseId: string, household: Household): CaseEvent => ({
  type: 'cases.case-opened',
  schemaVersion: 1,
  data: {
    caseId,
    familyId: `family-${caseId}`,
    household,
    director:
      household.address.municipality === 'Utrecht'
        ? director('vt-ugo', 'vt-utrecht', 'veilig-thuis')
        : director('vt-anna', 'vt-zhz', 'veilig-thuis'),
    openedWith: 'report',
    openedAt: '2026-03-02T09:00:00.000Z',
  },
});

let db: TestDatabase;
let dataSource: DataSource;
let position = 0;
const logged: AccessLogRecord[] = [];
const tables = {
  [CASE_SUMMARIES_TABLE]: CASE_SUMMARIES_TABLE,
  [FAMILY_INDEX_TABLE]: FAMILY_INDEX_TABLE,
  [CASE_RAPPELS_TABLE]: CASE_RAPPELS_TABLE,
  [CASE_OPEN_WORK_TABLE]: CASE_OPEN_WORK_TABLE,
};

const project = async (events: { caseId: string; event: CaseEvent }[]): Promise<void> => {
  const recorded: RecordedEvent[] = events.map(({ caseId, event }) => ({
    id: `${caseId}-${++position}`,
    streamId: `case-${caseId}`,
    revision: 0,
    checkpoint: `${position}` as RecordedEvent['checkpoint'],
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {},
    recordedAt: new Date('2026-03-02T09:00:00Z'),
  }));
  await dataSource.transaction((manager) => caseRegisterProjection.apply(recorded, { manager, tables }));
};

let exactHandler: FindExactFamilyMatchesHandler;
let searchHandler: SearchFamiliesHandler;
let access: CaseAccess;

beforeAll(async () => {
  db = await createTestDatabase('family_lookup');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
  await dataSource.initialize();
  for (const statement of caseRegisterProjection.createTables(tables)) await dataSource.query(statement);
  // The crowd first and the needle last, so a lookup that stops early stops before it.
  await project(
    Array.from({ length: crowdSize }, (_, index) => ({
      caseId: `crowd-${String(index).padStart(4, '0')}`,
      event: opened(`crowd-${String(index).padStart(4, '0')}`, crowdHousehold(index)),
    })),
  );
  await project([{ caseId: 'zz-needle', event: opened('zz-needle', needleHousehold) }]);
  await project([
    {
      caseId: 'zz-utrecht',
      event: opened('zz-utrecht', {
        ...needleHousehold,
        address: { ...needleHousehold.address, municipality: 'Utrecht' },
        members: [{ memberId: 'a1', role: 'adult', name: { givenNames: 'Eva', familyName: 'Smit' }, dateOfBirth: '1990-01-01' }],
      }),
    },
  ]);
  const log = {
    record: async (entry: AccessLogRecord) => void logged.push(entry),
    recordAll: async (entries: readonly AccessLogRecord[]) => void logged.push(...entries),
  } as unknown as AccessLogPort;
  const grants = { activeGrant: async () => undefined } as unknown as EmergencyGrants;
  access = new CaseAccess(directory, grants, log);
  const readModel = new CaseReadModel(dataSource);
  exactHandler = new FindExactFamilyMatchesHandler(readModel);
  searchHandler = new SearchFamiliesHandler(readModel, access);
});

afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

const exactMatches = (members: Household['members'], principal = anna) =>
  exactHandler.execute(new FindExactFamilyMatches({ address: needleHousehold.address, members }, access.visibleCases(principal)));

const search = (query: Partial<FamilySearchQuery>, principal = anna) =>
  searchHandler.execute(new SearchFamilies({ limit: 10, ...query } as FamilySearchQuery, principal, { correlationId: 'test' } as never));

describe('family lookup (real PostgreSQL)', () => {
  it('finds the exact duplicate among more families sharing its date of birth than any cap', async () => {
    const [{ count }] = (await dataSource.query(
      `select count(distinct case_id)::int as count from ${FAMILY_INDEX_TABLE} where date_of_birth = $1`,
      [sharedBirthDate],
    )) as { count: number }[];
    expect(count).toBeGreaterThan(500);

    const matches = await exactMatches([
      { memberId: 'x', role: 'adult', name: { givenNames: 'jan', familyName: 'BAKKER' }, dateOfBirth: sharedBirthDate },
    ]);
    expect(matches).toEqual([{ caseId: 'zz-needle', familyId: 'family-zz-needle', visible: true }]);
  });

  it('finds an exact duplicate the user may not see, marked invisible', async () => {
    const matches = await exactMatches([needleHousehold.members[2]], ugo);
    expect(matches).toEqual([{ caseId: 'zz-needle', familyId: 'family-zz-needle', visible: false }]);
  });

  it('finds an exact duplicate under a member’s other known spelling', async () => {
    await project([
      {
        caseId: 'zz-spelling',
        event: opened('zz-spelling', {
          address: { houseNumber: '1', postcode: '4201 AA', municipality: 'Gorinchem' },
          members: [
            {
              memberId: 'a1',
              role: 'adult',
              name: { givenNames: 'Mohammed', familyName: 'Amrani' },
              dateOfBirth: '1979-01-01',
              otherNames: [{ givenNames: 'Mohamed', familyName: 'El Amrani' }],
            },
          ],
        }),
      },
    ]);
    const matches = await exactMatches([
      { memberId: 'x', role: 'adult', name: { givenNames: 'Mohamed', familyName: 'Amrani' }, dateOfBirth: '1979-01-01' },
    ]);
    expect(matches.map((match) => match.caseId)).toEqual(['zz-spelling']);
  });

  it('finds no exact duplicate for a different date of birth or a misspelt name', async () => {
    expect(await exactMatches([{ ...needleHousehold.members[0], dateOfBirth: '1985-03-13' }])).toEqual([]);
    expect(await exactMatches([{ ...needleHousehold.members[0], name: { givenNames: 'Jan', familyName: 'Baker' } }])).toEqual([]);
  });

  it.each([
    ['one typo', { givenNames: 'Jan', familyName: 'Bakkr' }, sharedBirthDate],
    ['swapped letters', { givenNames: 'Jan', familyName: 'Bakekr' }, sharedBirthDate],
    ['a missing diacritic', { givenNames: 'Zoe', familyName: 'Celik' }, '1987-08-30'],
    ['swapped names', { givenNames: 'Bakker', familyName: 'Jan' }, sharedBirthDate],
    ['a typo in the given name', { givenNames: 'Jna', familyName: 'Bakker' }, sharedBirthDate],
  ])('ranks the family first for %s among hundreds born the same day', async (_how, name, dateOfBirth) => {
    const result = await search({ ...name, dateOfBirth });
    expect(result.candidates[0]?.caseId).toBe('zz-needle');
  });

  it('searches only among the cases the user sees, and logs each family shown', async () => {
    logged.length = 0;
    const seen = await search({ givenNames: 'Jan', familyName: 'Bakkr', dateOfBirth: sharedBirthDate });
    expect(seen.candidates.map((candidate) => candidate.caseId)).toEqual(['zz-needle']);
    expect(logged.map((entry) => [entry.subjectId, entry.action])).toEqual([['zz-needle', 'search']]);

    expect((await search({ givenNames: 'Jan', familyName: 'Bakker', dateOfBirth: sharedBirthDate }, ugo)).candidates).toEqual([]);
    // A Utrecht family (the crowd's even ones) is Ugo's to find and not Anna's.
    const utrecht = { givenNames: 'Piet', familyName: crowdName(0), dateOfBirth: sharedBirthDate };
    const forUgo = (await search(utrecht, ugo)).candidates;
    expect(forUgo[0]?.caseId).toBe('crowd-0000');
    expect(forUgo.every((candidate) => candidate.municipality === 'Utrecht')).toBe(true);
    const forAnna = (await search(utrecht)).candidates;
    expect(forAnna.map((candidate) => candidate.caseId)).not.toContain('crowd-0000');
    expect(forAnna.every((candidate) => candidate.municipality === 'Gorinchem')).toBe(true);
  });

  it('never finds an erased family, exactly or by search', async () => {
    await dataSource.query(`insert into ${ERASED_FAMILIES_TABLE} (family_id, erased_at, reason) values ($1, now(), 'test')`, [
      'family-zz-needle',
    ]);
    // A rebuild or a late batch folds the case again and finds the family erased.
    await project([{ caseId: 'zz-needle', event: opened('zz-needle', needleHousehold) }]);
    const [{ count }] = (await dataSource.query(`select count(*)::int as count from ${FAMILY_INDEX_TABLE} where family_id = $1`, [
      'family-zz-needle',
    ])) as { count: number }[];
    expect(count).toBe(0);
    expect(await exactMatches([needleHousehold.members[0]])).toEqual([]);
    const result = await search({ givenNames: 'Jan', familyName: 'Bakker', dateOfBirth: sharedBirthDate });
    expect(result.candidates.map((candidate) => candidate.caseId)).not.toContain('zz-needle');
  });
});
