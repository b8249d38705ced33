import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { Account } from './account-store';
import { AccountStore } from './account-store';
import { SessionStore } from './session-store';
import { sessionCacheTtlMs } from './session-timeouts';

/**
 * Two stores on one database stand for two API processes; their clocks are the test's, so the
 * cache window and the timeouts can be walked through without waiting.
 */
describe('SessionStore (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let account: Account;
  let now = Date.UTC(2026, 0, 5, 9);
  const clock = () => now;
  const timeouts = { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 };
  let queries = 0;

  beforeAll(async () => {
    db = await createTestDatabase('session_store');
    dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false });
    await dataSource.initialize();
    const accounts = new AccountStore(dataSource);
    await accounts.ensureSchema();
    account = await accounts.create({
      id: 'vt-anna',
      username: 'vt-anna',
      displayName: 'Anna',
      organisationId: 'vt-zhz',
      roles: ['veilig-thuis-professional'],
    });
    const query = dataSource.query.bind(dataSource);
    dataSource.query = ((...args: Parameters<typeof query>) => {
      queries++;
      return query(...args);
    }) as typeof dataSource.query;
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const lastSeenInDatabase = async (): Promise<number> => {
    const rows = (await dataSource.query('select max(last_seen_at) as seen from auth_sessions')) as { seen: Date }[];
    return rows[0].seen.getTime();
  };

  it('answers many requests of one session from the cache, with one read per cache window', async () => {
    const here = new SessionStore(dataSource, timeouts, clock);
    const elsewhere = new SessionStore(dataSource, timeouts, clock);
    const { token } = await here.create(account, 'local');
    queries = 0;
    const resolved = await Promise.all(Array.from({ length: 500 }, () => elsewhere.resolve(token)));
    expect(resolved.every((session) => session?.principal.userId === 'vt-anna')).toBe(true);
    // 500 simultaneous requests, one query.
    expect(queries).toBe(1);
    for (let i = 0; i < 500; i++) await here.resolve(token);
    expect(queries).toBe(1);
  });

  it('writes last-seen at most once a minute, and another process keeps the session alive from it', async () => {
    const here = new SessionStore(dataSource, timeouts, clock);
    const { token } = await here.create(account, 'local');
    const created = now;
    queries = 0;
    for (let second = 1; second <= 130; second++) {
      now = created + second * 1_000;
      await here.resolve(token);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Reads every few seconds, writes twice in 130 s.
    expect(queries).toBeLessThanOrEqual(Math.ceil(130_000 / sessionCacheTtlMs) + 3);
    expect(await lastSeenInDatabase()).toBeGreaterThanOrEqual(created + 120_000);

    // Twenty-nine minutes later another process still finds it alive; thirty after the last use, not.
    const elsewhere = new SessionStore(dataSource, timeouts, clock);
    now = created + 130_000 + 29 * 60_000;
    expect(await elsewhere.resolve(token)).toBeDefined();
    now += 30 * 60_000 + 1;
    expect(await elsewhere.resolve(token)).toBeUndefined();
  });

  it('signs out at once in the process that signed out, and in another within the cache window', async () => {
    const here = new SessionStore(dataSource, timeouts, clock);
    const elsewhere = new SessionStore(dataSource, timeouts, clock);
    const { token } = await here.create(account, 'local');
    expect(await elsewhere.resolve(token)).toBeDefined();
    await here.revoke(token);
    expect(await here.resolve(token)).toBeUndefined();
    // Still cached over there until the window ends: the documented few seconds.
    expect(await elsewhere.resolve(token)).toBeDefined();
    now += sessionCacheTtlMs;
    expect(await elsewhere.resolve(token)).toBeUndefined();
  });

  it('ends a busy session at the absolute timeout and rejects tokens that are not session ids', async () => {
    const here = new SessionStore(dataSource, timeouts, clock);
    const { token } = await here.create(account, 'local');
    const end = now + timeouts.absoluteTimeoutMs;
    while (now < end - 10 * 60_000) {
      now += 10 * 60_000;
      expect(await here.resolve(token)).toBeDefined();
    }
    now = end;
    expect(await here.resolve(token)).toBeUndefined();
    queries = 0;
    expect(await here.resolve('not-a-session')).toBeUndefined();
    expect(queries).toBe(0);
  });
});
