import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { AccountStore } from './account-store';

/** Several pools on one database stand for API processes starting at the same moment. */
describe('AccountStore demo accounts (real PostgreSQL)', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('account_store');
    for (let i = 0; i < 4; i++) {
      const source = new DataSource({ type: 'postgres', url: db.url, logging: false });
      await source.initialize();
      sources.push(source);
    }
    await new AccountStore(sources[0]).ensureSchema();
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await db?.drop();
  });

  it('creates one account when processes write the same new demo account together', async () => {
    for (let round = 0; round < 20; round++) {
      const id = `demo-race-${round}`;
      const written = await Promise.all(
        sources.map((source, i) =>
          new AccountStore(source).upsertDemo({
            id,
            username: id,
            displayName: 'Demo',
            organisationId: 'vt-zhz',
            roles: ['veilig-thuis-professional'],
            password: `wachtwoord-${round}-${i}-lang-genoeg`,
          }),
        ),
      );
      expect(written.every((account) => account.id === id && account.demo)).toBe(true);
      const rows = (await sources[0].query('select count(*)::int as n from auth_accounts where username = $1', [id])) as { n: number }[];
      expect(rows[0].n).toBe(1);
    }
  });

  it('still refuses a demo account whose username belongs to a real account', async () => {
    const store = new AccountStore(sources[0]);
    await store.create({
      id: 'real-1',
      username: 'taken-name',
      displayName: 'Echt',
      organisationId: 'vt-zhz',
      roles: ['veilig-thuis-professional'],
    });
    await expect(
      store.upsertDemo({
        id: 'demo-x',
        username: 'taken-name',
        displayName: 'Demo',
        organisationId: 'vt-zhz',
        roles: ['veilig-thuis-professional'],
        password: 'wachtwoord-lang-genoeg',
      }),
    ).rejects.toThrow(/auth_accounts_username/);
  });
});
