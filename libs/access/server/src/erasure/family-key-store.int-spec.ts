import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { MasterKeyMismatch, PersonalDataIntegrityError } from './crypto';
import { FamilyDataErased, FamilyKeyStore } from './family-key-store';
import { PersonalDataCipher } from './personal-data-cipher';

let db: TestDatabase;
let dataSource: DataSource;
const masterKey = randomBytes(32);
let keys: FamilyKeyStore;
let cipher: PersonalDataCipher;
let familyCounter = 0;
const newFamily = () => `family-${++familyCounter}-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  db = await createTestDatabase('family_keys');
  dataSource = new DataSource({ type: 'postgres', url: db.url, logging: false, poolSize: 10 });
  await dataSource.initialize();
  keys = new FamilyKeyStore(dataSource, masterKey);
  await keys.ensureSchema();
  // A second run from another process must be harmless.
  await new FamilyKeyStore(dataSource, masterKey).ensureSchema();
  cipher = new PersonalDataCipher(keys);
});

afterAll(async () => {
  await dataSource.destroy();
  await db.drop();
});

const keyRows = async (familyId: string) =>
  (await dataSource.query('select wrapped_key, key_version from family_keys where family_id = $1', [familyId])) as {
    wrapped_key: Buffer;
    key_version: number;
  }[];

describe('FamilyKeyStore', () => {
  it('creates a key on first use, stores it only wrapped, and returns the same key afterwards', async () => {
    const familyId = newFamily();
    expect(await keys.findKey(familyId)).toEqual({ status: 'missing' });
    const first = await keys.getKey(familyId);
    if (first.status !== 'active') throw new Error('expected an active key');
    const [row] = await keyRows(familyId);
    expect(row.key_version).toBe(1);
    expect(row.wrapped_key).toHaveLength(60);
    expect(row.wrapped_key.includes(first.key)).toBe(false);

    // A fresh store (no cache) reads the same key back from the database.
    const again = await new FamilyKeyStore(dataSource, masterKey).getKey(familyId);
    expect(again.status === 'active' && again.key.equals(first.key)).toBe(true);
  });

  it('yields one key when 8 callers in separate stores ask for a new family at once', async () => {
    const familyId = newFamily();
    // Half of them commit new keys without waiting for the WAL flush, as next to the PostgreSQL event store.
    const stores = Array.from({ length: 8 }, (_, index) => new FamilyKeyStore(dataSource, masterKey, { asyncKeyCommits: index % 2 === 0 }));
    const results = await Promise.all(stores.map((store) => store.getKey(familyId)));
    const distinct = new Set(results.map((result) => (result.status === 'active' ? result.key.toString('hex') : 'erased')));
    expect(distinct.size).toBe(1);
    expect(distinct.has('erased')).toBe(false);
    expect(await keyRows(familyId)).toHaveLength(1);
  });

  it("creates a new family's key in one round trip, without a transaction of its own", async () => {
    // Every intake of a new family pays for it, so begin, lock, insert and commit go as one statement.
    const store = new FamilyKeyStore(dataSource, masterKey);
    const query = jest.spyOn(dataSource, 'query');
    const transaction = jest.spyOn(dataSource, 'transaction');
    try {
      const key = await store.getKey(newFamily());
      expect(key.status).toBe('active');
      expect(query).toHaveBeenCalledTimes(1);
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      query.mockRestore();
      transaction.mockRestore();
    }
  });

  it('refuses to open keys with another master key, with a clear error', async () => {
    const familyId = newFamily();
    await keys.getKey(familyId);
    const wrong = new FamilyKeyStore(dataSource, randomBytes(32));
    await expect(wrong.getKey(familyId)).rejects.toThrow(MasterKeyMismatch);
    await expect(wrong.getKey(familyId)).rejects.toThrow(/MASTER_KEY differs/);
    expect(() => new FamilyKeyStore(dataSource, randomBytes(16))).toThrow(/32 bytes/);
  });

  it('erases: deletes the key, keeps a tombstone with when and why, never creates a key again', async () => {
    const familyId = newFamily();
    const encrypted = await cipher.encrypt(familyId, { name: 'Fatima El Amrani' });
    expect(await cipher.decrypt(encrypted)).toEqual({ ok: true, value: { name: 'Fatima El Amrani' } });

    const erased = await keys.erase(familyId, 'request');
    expect(erased.alreadyErased).toBe(false);
    expect(erased.reason).toBe('request');
    expect(await keyRows(familyId)).toHaveLength(0);

    for (const store of [keys, new FamilyKeyStore(dataSource, masterKey)]) {
      expect(await store.getKey(familyId)).toEqual({ status: 'erased', erasedAt: erased.erasedAt, reason: 'request' });
      expect(await new PersonalDataCipher(store).decrypt(encrypted)).toEqual({
        ok: false,
        erased: { erasedAt: erased.erasedAt, reason: 'request' },
      });
    }
    expect(await keyRows(familyId)).toHaveLength(0);
    await expect(cipher.encrypt(familyId, 'Noor')).rejects.toThrow(FamilyDataErased);
    expect(await keyRows(familyId)).toHaveLength(0);
  });

  it('is idempotent: a second erasure keeps the first tombstone', async () => {
    const familyId = newFamily();
    await keys.getKey(familyId);
    const first = await keys.erase(familyId, 'retention-expired');
    const second = await new FamilyKeyStore(dataSource, masterKey).erase(familyId, 'request');
    expect(second).toEqual({ erasedAt: first.erasedAt, reason: 'retention-expired', alreadyErased: true });
    const tombstones = (await dataSource.query('select reason from family_key_tombstones where family_id = $1', [familyId])) as {
      reason: string;
    }[];
    expect(tombstones).toEqual([{ reason: 'retention-expired' }]);
  });

  it('erases a family that never had a key, so none is created later', async () => {
    const familyId = newFamily();
    await keys.erase(familyId, 'request');
    const fresh = new FamilyKeyStore(dataSource, masterKey);
    expect((await fresh.getKey(familyId)).status).toBe('erased');
    expect(await keyRows(familyId)).toHaveLength(0);
  });

  it('never leaves a key next to a tombstone when creation and erasure race', async () => {
    const families = Array.from({ length: 10 }, newFamily);
    await Promise.all(
      families.flatMap((familyId) => [
        new FamilyKeyStore(dataSource, masterKey).getKey(familyId),
        new FamilyKeyStore(dataSource, masterKey).erase(familyId, 'request'),
        new FamilyKeyStore(dataSource, masterKey, { asyncKeyCommits: true }).getKey(familyId),
      ]),
    );
    const leftovers = (await dataSource.query(
      'select k.family_id from family_keys k join family_key_tombstones t using (family_id) where k.family_id = any($1)',
      [families],
    )) as unknown[];
    expect(leftovers).toEqual([]);
  });

  it('makes a first use wait for an erasure in progress instead of creating a key beside it', async () => {
    const familyId = newFamily();
    // An erasure paused before commit: the same lock and statements as `erase`.
    const eraser = dataSource.createQueryRunner();
    await eraser.connect();
    await eraser.startTransaction();
    try {
      await eraser.query('select pg_advisory_xact_lock(hashtext($1))', [`ketenregie.family_key:${familyId}`]);
      await eraser.query('delete from family_keys where family_id = $1', [familyId]);
      await eraser.query(`insert into family_key_tombstones (family_id, reason) values ($1, 'request')`, [familyId]);
      const firstUse = new FamilyKeyStore(dataSource, masterKey).getKey(familyId);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await eraser.commitTransaction();
      expect((await firstUse).status).toBe('erased');
    } finally {
      await eraser.release();
    }
    expect(await keyRows(familyId)).toHaveLength(0);
  });

  it('keeps the tombstone when the key row is gone, and rejects an unknown reason', async () => {
    const familyId = newFamily();
    await keys.erase(familyId, 'request');
    const rows = (await dataSource.query('select family_id, erased_at, reason from family_key_tombstones where family_id = $1', [
      familyId,
    ])) as { family_id: string; erased_at: Date; reason: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].erased_at).toBeInstanceOf(Date);
    await expect(keys.erase(newFamily(), 'because' as never)).rejects.toThrow(/Unknown erasure reason/);
  });

  it('treats a ciphertext whose family has neither key nor tombstone as an integrity failure', async () => {
    const familyId = newFamily();
    const encrypted = await cipher.encrypt(familyId, 'Fatima');
    await expect(cipher.decrypt(encrypted, newFamily())).rejects.toThrow(PersonalDataIntegrityError);
  });

  it('lets another process see an erasure after its cache TTL, and this process at once', async () => {
    let now = 1_000_000;
    const other = new FamilyKeyStore(dataSource, masterKey, { cacheTtlMs: 30_000, now: () => now });
    const familyId = newFamily();
    await keys.getKey(familyId);
    expect((await other.findKey(familyId)).status).toBe('active');
    await keys.erase(familyId, 'request');
    expect((await keys.findKey(familyId)).status).toBe('erased');
    // The documented multi-process window: the other process still holds the key until the TTL.
    expect((await other.findKey(familyId)).status).toBe('active');
    now += 30_001;
    expect((await other.findKey(familyId)).status).toBe('erased');
  });
});
