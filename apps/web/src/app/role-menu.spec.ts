import { menuFor, startPageFor } from './role-menu';

const user = (roles: Parameters<typeof menuFor>[0]['roles']) => ({
  userId: 'u',
  displayName: 'U',
  organisationId: 'o',
  organisationName: 'O',
  roles,
});

describe('menu and start page per role', () => {
  it('starts Veilig Thuis on the assessments and Team Sociaal on their own cases', () => {
    expect(startPageFor(user(['veilig-thuis-professional']))).toBe('/werkvoorraad/beoordelen');
    expect(startPageFor(user(['team-sociaal-consultant']))).toBe('/werkvoorraad/mijn-casussen');
    expect(startPageFor(user(['chain-partner']))).toBe('/mijn-taken');
    expect(startPageFor(user(['privacy-officer']))).toBe('/toegangslog');
    expect(startPageFor(user(['referrer']))).toBe('/melder');
  });

  it('gives a person with two roles both menus once, the first role leading', () => {
    const labels = menuFor(user(['team-sociaal-consultant', 'veilig-thuis-professional'])).map((item) => item.label);
    expect(labels).toEqual(['nav.worklists', 'nav.intake', 'nav.rappelPlanner']);
    expect(startPageFor(user(['team-sociaal-consultant', 'veilig-thuis-professional']))).toBe('/werkvoorraad/beoordelen');
  });

  it('gives a referrer only their own reports', () => {
    expect(menuFor(user(['referrer'])).map((item) => item.to)).toEqual(['/melder']);
  });

  it('never shows a case menu to a chain partner', () => {
    expect(menuFor(user(['chain-partner'])).map((item) => item.to)).toEqual(['/mijn-taken']);
  });
});
