import { veiligThuisRegionFor } from '@ketenregie/access-domain';
import { InvalidAccessConfiguration, accessConfiguration, parseOrganisationsFile } from './access-configuration';

const file = (organisations: unknown[]): string => JSON.stringify({ organisations });

const vtZhz = { organisationId: 'vt-zhz', name: 'Veilig Thuis ZHZ', kind: 'veilig-thuis', municipalities: ['Gorinchem'] };
const demoVt = {
  organisationId: 'demo-vt',
  name: 'Veilig Thuis (DEMO)',
  kind: 'veilig-thuis' as const,
  municipalities: ['Merwestad (DEMO)'],
};

const problemOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidAccessConfiguration);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('organisations file', () => {
  it('reads organisations, with municipalities defaulting to none and an optional legal basis', () => {
    expect(
      parseOrganisationsFile(
        file([vtZhz, { organisationId: 'jeugdzorg', name: 'Jeugdzorg', kind: 'chain-partner', legalBasis: 'jeugdwet' }]),
      ),
    ).toEqual([
      vtZhz,
      { organisationId: 'jeugdzorg', name: 'Jeugdzorg', kind: 'chain-partner', municipalities: [], legalBasis: 'jeugdwet' },
    ]);
  });

  it('names the field that is wrong, without echoing values', () => {
    expect(problemOf(() => parseOrganisationsFile('{"organisations": ['))).toBe('is not valid JSON');
    expect(problemOf(() => parseOrganisationsFile(file([{ ...vtZhz, kind: 'ziekenhuis' }])))).toMatch(/^organisations\.0\.kind: /);
    expect(problemOf(() => parseOrganisationsFile(file([{ ...vtZhz, bsn: '123456782' }])))).not.toContain('123456782');
    expect(problemOf(() => parseOrganisationsFile('[]'))).toMatch(/^the file: /);
  });

  it('refuses what the access policy could not decide on: an organisation twice, a municipality in two regions', () => {
    expect(problemOf(() => parseOrganisationsFile(file([vtZhz, vtZhz])))).toBe('organisation vt-zhz is listed twice');
    expect(problemOf(() => parseOrganisationsFile(file([vtZhz, { ...vtZhz, organisationId: 'vt-other' }])))).toBe(
      'municipality "gorinchem" is served by both vt-zhz and vt-other',
    );
    expect(problemOf(() => parseOrganisationsFile(file([{ ...vtZhz, municipalities: [] }])))).toBe(
      'veilig-thuis vt-zhz serves no municipality',
    );
  });
});

describe("a region's rappel schedule", () => {
  it("is read from its Veilig Thuis organisation and becomes that region's default in the case rules", () => {
    const organisations = parseOrganisationsFile(
      file([
        { ...vtZhz, rappelOffsetsInMonths: [1, 3, 9] },
        { ...vtZhz, organisationId: 'vt-other', municipalities: ['Utrecht'] },
      ]),
    );
    expect(organisations[0]).toEqual({ ...vtZhz, rappelOffsetsInMonths: [1, 3, 9] });
    const { casePolicy } = accessConfiguration({ organisations, demo: false, emergencyAccess: {} });
    expect([...casePolicy.rappelOffsetsByRegion]).toEqual([['vt-zhz', [1, 3, 9]]]);
    expect(casePolicy.rappelOffsetsInMonths).toEqual([3, 6, 12, 18]);
  });

  it('refuses a schedule that is not increasing whole months, and one on an organisation that does no rappels', () => {
    for (const months of [[], [3, 3], [6, 3], [0], [1.5], [121]]) {
      expect(problemOf(() => parseOrganisationsFile(file([{ ...vtZhz, rappelOffsetsInMonths: months }])))).toMatch(
        /^organisations\.0\.rappelOffsetsInMonths/,
      );
    }
    const team = {
      organisationId: 'ts-gorinchem',
      name: 'Team Sociaal',
      kind: 'local-team',
      municipalities: ['Gorinchem'],
      rappelOffsetsInMonths: [3],
    };
    expect(problemOf(() => parseOrganisationsFile(file([vtZhz, team])))).toBe(
      'organisations.1.rappelOffsetsInMonths: only Veilig Thuis schedules rappels',
    );
  });
});

describe('access configuration', () => {
  it('adds the demo organisations only with the demo on', () => {
    const organisations = parseOrganisationsFile(file([vtZhz]));
    const school = { organisationId: 'demo-school', name: 'School', kind: 'referrer-organisation' as const, municipalities: [] };
    const withDemo = accessConfiguration({ organisations, demo: true, demoOrganisations: [demoVt, school], emergencyAccess: {} });
    expect(veiligThuisRegionFor(withDemo.directory, 'Merwestad (DEMO)')?.organisationId).toBe('demo-vt');
    expect(withDemo.directory.organisations.has('demo-school')).toBe(true);
    const without = accessConfiguration({ organisations, demo: false, demoOrganisations: [demoVt, school], emergencyAccess: {} });
    expect([...without.directory.organisations.keys()]).toEqual(['vt-zhz']);
    expect(accessConfiguration({ organisations: [], demo: false, emergencyAccess: {} }).directory.organisations.size).toBe(0);
  });

  it('checks the emergency-access policy at start-up', () => {
    expect(accessConfiguration({ organisations: [], demo: false, emergencyAccess: { grantDurationHours: 2 } }).emergencyPolicy).toEqual({
      grantDurationHours: 2,
      minimumReasonCharacters: 20,
    });
    expect(problemOf(() => accessConfiguration({ organisations: [], demo: false, emergencyAccess: { grantDurationHours: 48 } }))).toMatch(
      /grantDurationHours/,
    );
  });

  it('refuses a file that clashes with the demo region', () => {
    const clash = parseOrganisationsFile(
      file([{ organisationId: 'demo-vt', name: 'Andere VT', kind: 'veilig-thuis', municipalities: ['Elders'] }]),
    );
    expect(
      problemOf(() => accessConfiguration({ organisations: clash, demo: true, demoOrganisations: [demoVt], emergencyAccess: {} })),
    ).toBe("organisation demo-vt is listed twice (with the demo region's organisations)");
  });
});
