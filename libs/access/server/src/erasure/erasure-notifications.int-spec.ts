import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { MasterKeyMismatch } from './crypto';
import { listenForFamilyErasures } from './erasure-notifications';
import type { ErasureListener } from './erasure-notifications';
import { FamilyKeyStore } from './family-key-store';

let db: TestDatabase;
let dataSource: DataSource;
const masterKey = randomBytes(32);
const listeners: ErasureListener[] = [];

beforeAll(async () => {
  db = await createTestDatabase('erasure_notifications');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 4 });
  await dataSource.initialize();
  await new FamilyKeyStore(dataSource, masterKey).ensureSchema();
});

afterAll(async () => {
  for (const listener of listeners) await listener.close();
  await dataSource.destroy();
  await db.drop();
});

const eventually = async (check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('erasure announcements between processes', () => {
  it('make another process stop using its cached key long before the cache would expire', async () => {
    const familyId = `family-${randomBytes(4).toString('hex')}`;
    // Two processes, each with its own cache; the second caches the key for an hour.
    const operator = new FamilyKeyStore(dataSource, masterKey);
    const api = new FamilyKeyStore(dataSource, masterKey, { cacheTtlMs: 3_600_000 });
    const listener = listenForFamilyErasures({ connectionString: db.url, keys: api });
    listeners.push(listener);
    await listener.ready;

    expect((await api.getKey(familyId)).status).toBe('active');
    const queries = jest.spyOn(dataSource.manager, 'query');
    expect((await api.findKey(familyId)).status).toBe('active');
    expect(queries).not.toHaveBeenCalled();
    queries.mockRestore();

    const { erasedAt } = await operator.erase(familyId, 'request');
    await eventually(async () => (await api.findKey(familyId)).status === 'erased');
    expect(await api.erasure(familyId)).toEqual({ erasedAt, reason: 'request' });
  });

  it('forgets cached keys after a reconnect, since announcements may have been missed meanwhile', async () => {
    const familyId = `family-${randomBytes(4).toString('hex')}`;
    const api = new FamilyKeyStore(dataSource, masterKey, { cacheTtlMs: 3_600_000 });
    const applicationName = 'ketenregie-erasures-reconnect';
    const listener = listenForFamilyErasures({ connectionString: db.url, keys: api, reconnectDelayMs: 1_000, applicationName });
    listeners.push(listener);
    await listener.ready;
    await api.getKey(familyId);

    // The listening connection is cut, and the erasure commits while it is down: its announcement
    // reaches nobody.
    const listening = async () =>
      (
        (await dataSource.query('select count(*)::int as n from pg_stat_activity where application_name = $1', [applicationName])) as {
          n: number;
        }[]
      )[0].n;
    await dataSource.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [applicationName]);
    await eventually(async () => (await listening()) === 0);
    await new FamilyKeyStore(dataSource, masterKey).erase(familyId, 'retention-expired');
    expect((await api.findKey(familyId)).status).toBe('active');
    await eventually(async () => (await api.findKey(familyId)).status === 'erased');
    expect(await listening()).toBe(1);
  });

  it('tells at start-up whether the configured master key opens the stored keys', async () => {
    await new FamilyKeyStore(dataSource, masterKey).getKey(`family-${randomBytes(4).toString('hex')}`);
    await expect(new FamilyKeyStore(dataSource, masterKey).verifyMasterKey()).resolves.toBeUndefined();
    await expect(new FamilyKeyStore(dataSource, randomBytes(32)).verifyMasterKey()).rejects.toThrow(MasterKeyMismatch);
  });
});
