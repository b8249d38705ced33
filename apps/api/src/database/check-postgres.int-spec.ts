import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { checkPostgres } from './check-postgres';

const failure = async (url: string): Promise<string> => {
  try {
    await checkPostgres(url, { timeoutMs: 3000 });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the check to fail');
};

describe('checkPostgres', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('api_check');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('accepts a reachable database', async () => {
    await expect(checkPostgres(database.url)).resolves.toBeUndefined();
  });

  it('names host and port when nothing listens there', async () => {
    expect(await failure('postgres://x@127.0.0.1:1/db')).toBe(
      'Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused): start the database server or correct DATABASE_URL.',
    );
  });

  it('says the login failed, without the password', async () => {
    const url = new URL(database.url);
    url.password = 'wrong-secret';
    const message = await failure(url.toString());
    expect(message).toBe(
      `PostgreSQL at 127.0.0.1:${url.port} refused the login of user "${url.username}": check the user name and password in DATABASE_URL.`,
    );
    expect(message).not.toContain('wrong-secret');
  });

  it('says the database is missing', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    expect(await failure(url.toString())).toBe(
      `Database "no_such_database" does not exist on PostgreSQL at 127.0.0.1:${url.port}: create it (createdb no_such_database) or correct DATABASE_URL.`,
    );
  });
});
