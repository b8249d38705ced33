import type { PeopleDirectory } from '@ketenregie/access-contracts';
import { namesOf } from './people-names';

// Invented professionals only.
const directory = (asked: string[][]): PeopleDirectory => ({
  findPeople: async (ids) => {
    asked.push([...ids]);
    return ids
      .filter((id) => id === 'vt-anna')
      .map((id) => ({ personId: id, displayName: 'Anna de Vries', organisationId: 'vt-zhz', roles: ['veilig-thuis-professional'] }));
  },
  peopleOf: async () => [],
});

describe('names on a page of the log', () => {
  it('looks every account up once, and leaves a gone account without a name', async () => {
    const asked: string[][] = [];
    const nameOf = await namesOf(directory(asked), ['vt-anna', undefined, 'vt-anna', 'vt-weg']);
    expect(asked).toEqual([['vt-anna', 'vt-weg']]);
    expect(nameOf('vt-anna')).toBe('Anna de Vries');
    expect(nameOf('vt-weg')).toBeNull();
  });

  it('asks nothing for an empty page, and knows no names without a directory', async () => {
    const asked: string[][] = [];
    await namesOf(directory(asked), []);
    expect(asked).toEqual([]);
    expect((await namesOf(undefined, ['vt-anna']))('vt-anna')).toBeNull();
  });
});
