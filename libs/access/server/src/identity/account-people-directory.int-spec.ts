import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { accountPeopleDirectory } from './account-people-directory';
import { AccountStore } from './account-store';

describe('accountPeopleDirectory (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: AccountStore;

  beforeAll(async () => {
    db = await createTestDatabase('people_directory');
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    store = new AccountStore(dataSource);
    await store.ensureSchema();
    for (const id of ['pd-anna', 'pd-bram']) {
      await store.create({ id, username: id, displayName: `Naam ${id}`, organisationId: 'vt-zhz', roles: ['veilig-thuis-professional'] });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('trusts a person it read for the window, then reads the accounts again; never remembers who was not found', async () => {
    let now = 1_000_000;
    let reads = 0;
    const counted = Object.create(dataSource, {
      query: { value: (...args: Parameters<DataSource['query']>) => ((reads += 1), dataSource.query(...args)) },
    }) as DataSource;
    const people = accountPeopleDirectory(counted, { ttlMs: 5_000, now: () => now });

    expect((await people.findPeople(['pd-anna', 'pd-bram'])).map((person) => person.personId).sort()).toEqual(['pd-anna', 'pd-bram']);
    expect(reads).toBe(1);
    expect(await people.findPeople(['pd-anna'])).toEqual([
      { personId: 'pd-anna', displayName: 'Naam pd-anna', organisationId: 'vt-zhz', roles: ['veilig-thuis-professional'] },
    ]);
    expect(reads).toBe(1);

    // Disabled elsewhere: still named within the window, gone after it.
    await store.disable('pd-anna');
    now += 4_999;
    expect(await people.findPeople(['pd-anna'])).toHaveLength(1);
    now += 1;
    expect(await people.findPeople(['pd-anna'])).toEqual([]);
    expect(reads).toBe(2);

    // Unknown now, created a moment later: named at once.
    expect(await people.findPeople(['pd-carla'])).toEqual([]);
    await store.create({ id: 'pd-carla', username: 'pd-carla', displayName: 'Carla', organisationId: 'vt-zhz', roles: ['referrer'] });
    expect((await people.findPeople(['pd-carla'])).map((person) => person.personId)).toEqual(['pd-carla']);
    expect(reads).toBe(4);
  });
});
