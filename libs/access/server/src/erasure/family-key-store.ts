import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { SqlReadCompanion } from '@ketenregie/event-store';
import { trimOldest } from './bounded-cache';
import { KEY_BYTES, assertKey, unwrapKey, wrapKey } from './crypto';

export const FAMILY_KEYS_TABLE = 'family_keys';
export const FAMILY_KEY_TOMBSTONES_TABLE = 'family_key_tombstones';
/** Creates a family's key under the family's lock unless it has a key or a tombstone; see `getKey`. */
const FAMILY_KEY_CREATE_FUNCTION = 'ketenregie_create_family_key';
/** PostgreSQL channel on which an erasure is announced, so other processes drop the key at once. */
export const FAMILY_ERASED_CHANNEL = 'ketenregie_family_erased';

export type ErasureReason = 'request' | 'retention-expired';

export type Erasure = { erasedAt: Date; reason: ErasureReason };

export type FamilyKey = { status: 'active'; key: Buffer; keyVersion: number } | ({ status: 'erased' } & Erasure);

/** Lookup without creating: a family that never had personal data written has no key. */
export type FoundFamilyKey = FamilyKey | { status: 'missing' };

export type EraseResult = Erasure & { alreadyErased: boolean };

export type FamilyKeyStoreOptions = {
  /**
   * How long an unwrapped key stays cached in this process. `erase` clears this process's cache
   * at once; another process may keep using its cached key until this runs out, so keep it short.
   */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  /** Version of the master key, stored with each wrapped key so a rotation can tell them apart. */
  masterKeyVersion?: number;
  /**
   * True only when the events sealed with these keys are appended to this same PostgreSQL
   * database: a new key is then committed without waiting for the WAL flush, because the durable
   * commit of the append that first uses it flushes the WAL past it. With another event store
   * (EventStoreDB) a key could be lost while events sealed with it are kept, so it must be durable.
   */
  asyncKeyCommits?: boolean;
  now?: () => number;
};

/** Thrown when personal data would be written for a family whose key was erased. */
export class FamilyDataErased extends Error {
  override readonly name = 'FamilyDataErased';
  constructor(
    readonly familyId: string,
    readonly erasure: Erasure,
  ) {
    super(`The personal data of family ${familyId} was erased (${erasure.reason}); nothing can be encrypted for it`);
  }
}

const erasureReasons: readonly ErasureReason[] = ['request', 'retention-expired'];

// Serialises the one-time DDL across processes, as the access log schema does.
const MIGRATION_LOCK = "hashtext('ketenregie.family_keys.schema')";

/**
 * No personal data in either table: a family id, a wrapped key, and when/why it was erased. The
 * tombstone has no foreign key to the key row, so it outlives it.
 */
const statements = [
  `create table if not exists ${FAMILY_KEYS_TABLE} (
    family_id text primary key,
    wrapped_key bytea not null,
    key_version int not null,
    created_at timestamptz not null default now()
  )`,
  `create table if not exists ${FAMILY_KEY_TOMBSTONES_TABLE} (
    family_id text primary key,
    erased_at timestamptz not null default now(),
    reason text not null check (reason in ('request', 'retention-expired'))
  )`,
  // A new family's key in one round trip instead of four (begin, lock, insert, commit): every
  // intake of a new family pays for it. Each statement of a PL/pgSQL function takes a fresh
  // snapshot, so the insert's tombstone check runs after the lock is held and sees an erasure
  // that committed while it waited, exactly as the separate statements did.
  `create or replace function ${FAMILY_KEY_CREATE_FUNCTION}(p_family_id text, p_wrapped_key bytea, p_key_version int, p_async_commit boolean)
    returns table (created boolean, wrapped_key bytea, key_version int, erased_at timestamptz, reason text)
    language plpgsql volatile as $$
    #variable_conflict use_column
    begin
      if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
      end if;
      perform pg_advisory_xact_lock(hashtext('ketenregie.family_key:' || p_family_id));
      insert into ${FAMILY_KEYS_TABLE} as k (family_id, wrapped_key, key_version)
        select p_family_id, p_wrapped_key, p_key_version
         where not exists (select 1 from ${FAMILY_KEY_TOMBSTONES_TABLE} t where t.family_id = p_family_id)
        on conflict (family_id) do nothing;
      if found then
        return query select true, p_wrapped_key, p_key_version, null::timestamptz, null::text;
        return;
      end if;
      return query
        select false, k.wrapped_key, k.key_version, t.erased_at, t.reason
          from (select p_family_id as family_id) ids
          left join ${FAMILY_KEYS_TABLE} k on k.family_id = ids.family_id
          left join ${FAMILY_KEY_TOMBSTONES_TABLE} t on t.family_id = ids.family_id;
    end
    $$`,
];

// Creation and erasure of one family's key take the same transaction-scoped lock: without it a
// creation that checked for a tombstone just before an erasure committed would leave a live key
// next to the tombstone.
const familyLock = (manager: EntityManager, familyId: string) =>
  manager.query('select pg_advisory_xact_lock(hashtext($1))', [`ketenregie.family_key:${familyId}`]);

type KeyRow = {
  family_id: string;
  wrapped_key: Buffer | null;
  key_version: number | null;
  erased_at: Date | null;
  reason: ErasureReason | null;
};

type CacheEntry = { value: FamilyKey; expiresAt: number };

/**
 * Per-family data keys (AES-256), wrapped with AES-256-GCM under the master key. The master key
 * comes from configuration (`MASTER_KEY`, base64, see `parseMasterKey`) and never from the
 * database, so a copy of the database alone opens nothing. Erasing deletes the key: every
 * ciphertext under it is then unreadable for good (crypto-shredding, docs/adr/0005).
 */
export class FamilyKeyStore {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheTtlMs: number;
  private readonly cacheMaxEntries: number;
  private readonly masterKeyVersion: number;
  private readonly asyncKeyCommits: boolean;
  private readonly now: () => number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKey: Buffer,
    options: FamilyKeyStoreOptions = {},
  ) {
    assertKey(masterKey, 'The master key');
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.cacheMaxEntries = options.cacheMaxEntries ?? 10_000;
    this.masterKeyVersion = options.masterKeyVersion ?? 1;
    this.asyncKeyCommits = options.asyncKeyCommits ?? false;
    this.now = options.now ?? Date.now;
  }

  /** Idempotent; safe to run from every process at start-up. */
  async ensureSchema(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      for (const statement of statements) await manager.query(statement);
    });
  }

  /**
   * The family's key, created on first use; `erased` once the family's data was erased. A cached
   * key costs nothing; otherwise one statement both looks and creates (under the family's lock, as
   * `erase` takes it), because the key that is not cached is nearly always a new family's (every
   * other path reads, and so caches, first).
   */
  async getKey(familyId: string): Promise<FamilyKey> {
    const cached = this.cached(familyId);
    if (cached) return cached;
    const dataKey = randomBytes(KEY_BYTES);
    // See `asyncKeyCommits`: a key lost in a crash before the append's commit sealed nothing kept.
    const rows = (await this.dataSource.query(`select * from ${FAMILY_KEY_CREATE_FUNCTION}($1, $2, $3, $4)`, [
      familyId,
      wrapKey(this.masterKey, familyId, dataKey),
      this.masterKeyVersion,
      this.asyncKeyCommits,
    ])) as (Omit<KeyRow, 'family_id'> & { created: boolean })[];
    const [row] = rows;
    const value: FoundFamilyKey | undefined = row?.created
      ? { status: 'active', key: dataKey, keyVersion: this.masterKeyVersion }
      : row && this.keyOf({ ...row, family_id: familyId });
    if (!value || value.status === 'missing') throw new Error(`No key could be created for family ${familyId}`);
    // Cached only after commit: a key from a rolled-back transaction must never encrypt anything.
    this.remember(familyId, value);
    return value;
  }

  /**
   * Keys for many new families in one statement, cached as `getKey` caches them: for loading
   * history in bulk, where a round trip per family would set the pace. A family that has a key
   * keeps it; an erased one gets none (its tombstone is found and cached, so sealing refuses it).
   * No per-family lock: should an erasure commit meanwhile, its tombstone still wins over the key.
   * Answers each family's key (active or erased), for a loader that seals away from this store.
   */
  async createKeys(familyIds: Iterable<string>): Promise<Map<string, FamilyKey>> {
    const wanted = [...new Set(familyIds)];
    const misses = wanted.filter((familyId) => !this.cached(familyId));
    const keys = new Map<string, FamilyKey>();
    if (misses.length > 0) {
      const dataKeys = misses.map(() => randomBytes(KEY_BYTES));
      const created = (await this.dataSource.query(
        `insert into ${FAMILY_KEYS_TABLE} as k (family_id, wrapped_key, key_version)
           select ids.family_id, ids.wrapped_key, $3
             from unnest($1::text[], $2::bytea[]) as ids(family_id, wrapped_key)
            where not exists (select 1 from ${FAMILY_KEY_TOMBSTONES_TABLE} t where t.family_id = ids.family_id)
           on conflict (family_id) do nothing
           returning family_id`,
        [misses, misses.map((familyId, index) => wrapKey(this.masterKey, familyId, dataKeys[index])), this.masterKeyVersion],
      )) as { family_id: string }[];
      const fresh = new Set(created.map((row) => row.family_id));
      misses.forEach((familyId, index) => {
        if (!fresh.has(familyId)) return;
        const key: FamilyKey = { status: 'active', key: dataKeys[index], keyVersion: this.masterKeyVersion };
        this.remember(familyId, key);
        keys.set(familyId, key);
      });
      const others = misses.filter((familyId) => !fresh.has(familyId));
      if (others.length > 0) {
        for (const [familyId, found] of await this.findKeys(others)) if (found.status !== 'missing') keys.set(familyId, found);
      }
    }
    for (const familyId of wanted) {
      const cached = keys.has(familyId) ? undefined : this.cached(familyId);
      if (cached) keys.set(familyId, cached);
    }
    return keys;
  }

  private cached(familyId: string): FamilyKey | undefined {
    const entry = this.cache.get(familyId);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  /** Looks up one family without creating a key. */
  async findKey(familyId: string): Promise<FoundFamilyKey> {
    const found = await this.findKeys([familyId]);
    return found.get(familyId) ?? { status: 'missing' };
  }

  /** Looks up many families in one query (cache misses only); never creates keys. */
  async findKeys(familyIds: Iterable<string>): Promise<Map<string, FoundFamilyKey>> {
    const result = new Map<string, FoundFamilyKey>();
    const misses: string[] = [];
    for (const familyId of new Set(familyIds)) {
      const cached = this.cached(familyId);
      if (cached) result.set(familyId, cached);
      else misses.push(familyId);
    }
    if (misses.length === 0) return result;
    const loaded = await this.load(this.dataSource.manager, misses);
    for (const [familyId, value] of loaded) {
      if (value.status !== 'missing') this.remember(familyId, value);
      result.set(familyId, value);
    }
    return result;
  }

  /**
   * The lookup `findKeys` would make for one family, as the companion of a stream's read
   * (`SqlReadCompanion`); undefined while the key is cached. Hand its row to `rememberLookup`.
   */
  lookupCompanion(familyId: string): SqlReadCompanion | undefined {
    if (this.cached(familyId)) return undefined;
    return {
      ctes: `family_key_row as (
    select k.wrapped_key, k.key_version, t.erased_at, t.reason
      from (select $1::text as family_id) as ids
      left join ${FAMILY_KEYS_TABLE} k on k.family_id = ids.family_id
      left join ${FAMILY_KEY_TOMBSTONES_TABLE} t on t.family_id = ids.family_id)`,
      values: [familyId],
      result: 'family_key_row',
    };
  }

  /** Caches what a `lookupCompanion` found, as `findKeys` does with its own lookup. */
  rememberLookup(familyId: string, row: Record<string, unknown> | undefined): void {
    if (!row) return;
    // As JSON: the wrapped key is bytea's text form (`\x` and hex), the time an ISO text.
    const wrapped = typeof row['wrapped_key'] === 'string' ? Buffer.from(row['wrapped_key'].replace(/^\\x/, ''), 'hex') : null;
    const erasedAt = typeof row['erased_at'] === 'string' ? new Date(row['erased_at']) : null;
    const value = this.keyOf({
      family_id: familyId,
      wrapped_key: wrapped,
      key_version: typeof row['key_version'] === 'number' ? row['key_version'] : null,
      erased_at: erasedAt,
      reason: (row['reason'] as ErasureReason | null | undefined) ?? null,
    });
    if (value.status !== 'missing') this.remember(familyId, value);
  }

  /**
   * Deletes the family's key and records why, in one transaction. Idempotent: a second erasure
   * keeps the first tombstone's time and reason. Also erases a family that never had a key, so
   * none can be created for it afterwards.
   */
  async erase(familyId: string, reason: ErasureReason): Promise<EraseResult> {
    if (!erasureReasons.includes(reason)) throw new Error(`Unknown erasure reason: ${String(reason)}`);
    const result = await this.dataSource.transaction(async (manager) => {
      await familyLock(manager, familyId);
      await manager.query(`delete from ${FAMILY_KEYS_TABLE} where family_id = $1`, [familyId]);
      const inserted = (await manager.query(
        `insert into ${FAMILY_KEY_TOMBSTONES_TABLE} (family_id, reason) values ($1, $2)
           on conflict (family_id) do nothing returning erased_at, reason`,
        [familyId, reason],
      )) as { erased_at: Date; reason: ErasureReason }[];
      const [tombstone] =
        inserted.length > 0
          ? inserted
          : ((await manager.query(`select erased_at, reason from ${FAMILY_KEY_TOMBSTONES_TABLE} where family_id = $1`, [familyId])) as {
              erased_at: Date;
              reason: ErasureReason;
            }[]);
      // Delivered at commit to every process listening (see `listenForFamilyErasures`), so none
      // keeps opening the family's data from its cache until the entry expires.
      await manager.query('select pg_notify($1, $2)', [
        FAMILY_ERASED_CHANNEL,
        JSON.stringify({ familyId, erasedAt: tombstone.erased_at.toISOString(), reason: tombstone.reason }),
      ]);
      return { erasedAt: tombstone.erased_at, reason: tombstone.reason, alreadyErased: inserted.length === 0 };
    });
    this.remember(familyId, { status: 'erased', erasedAt: result.erasedAt, reason: result.reason });
    return result;
  }

  /** Records an erasure committed by another process (announced on `FAMILY_ERASED_CHANNEL`). */
  noteErased(familyId: string, erasure: Erasure): void {
    this.remember(familyId, { status: 'erased', erasedAt: erasure.erasedAt, reason: erasure.reason });
  }

  /**
   * Drops every cached key (tombstones stay: an erasure never reverts). For when erasure
   * announcements may have been missed, e.g. while the listening connection was down.
   */
  forgetCachedKeys(): void {
    for (const [familyId, entry] of this.cache) if (entry.value.status === 'active') this.cache.delete(familyId);
  }

  /**
   * Fails with `MasterKeyMismatch` when the configured master key did not wrap the stored keys, so
   * a wrong key stops the start-up instead of the first read of a family. Any one key of this
   * master key's version tells: the first found, not the newest, which would sort every family's
   * key at each start (180 to 270 ms on an archive of a million cases).
   */
  async verifyMasterKey(): Promise<void> {
    const rows = (await this.dataSource.query(`select family_id, wrapped_key from ${FAMILY_KEYS_TABLE} where key_version = $1 limit 1`, [
      this.masterKeyVersion,
    ])) as { family_id: string; wrapped_key: Buffer }[];
    for (const row of rows) unwrapKey(this.masterKey, row.family_id, row.wrapped_key);
  }

  /** The tombstone, if the family's data was erased. */
  async erasure(familyId: string): Promise<Erasure | undefined> {
    const found = await this.findKey(familyId);
    return found.status === 'erased' ? { erasedAt: found.erasedAt, reason: found.reason } : undefined;
  }

  private async load(manager: EntityManager, familyIds: string[]): Promise<Map<string, FamilyKey | { status: 'missing' }>> {
    // The tombstone wins over a key row: a key can only sit next to a tombstone if someone wrote
    // it by hand, and then the family still counts as erased.
    const rows = (await manager.query(
      `select ids.family_id, k.wrapped_key, k.key_version, t.erased_at, t.reason
         from unnest($1::text[]) as ids(family_id)
         left join ${FAMILY_KEYS_TABLE} k on k.family_id = ids.family_id
         left join ${FAMILY_KEY_TOMBSTONES_TABLE} t on t.family_id = ids.family_id`,
      [familyIds],
    )) as KeyRow[];
    return new Map(rows.map((row) => [row.family_id, this.keyOf(row)]));
  }

  private keyOf(row: KeyRow): FoundFamilyKey {
    if (row.erased_at && row.reason) return { status: 'erased', erasedAt: row.erased_at, reason: row.reason };
    if (row.wrapped_key) {
      return {
        status: 'active',
        key: unwrapKey(this.masterKey, row.family_id, row.wrapped_key),
        keyVersion: row.key_version ?? this.masterKeyVersion,
      };
    }
    return { status: 'missing' };
  }

  private remember(familyId: string, value: FamilyKey): void {
    // A lookup that read the key just before a concurrent `erase` committed must not put it back.
    if (value.status === 'active' && this.cache.get(familyId)?.value.status === 'erased') return;
    // An erasure never reverts, so a tombstone may stay cached without a deadline.
    const expiresAt = value.status === 'erased' ? Number.POSITIVE_INFINITY : this.now() + this.cacheTtlMs;
    this.cache.delete(familyId);
    this.cache.set(familyId, { value, expiresAt });
    // Oldest first (Map keeps insertion order), so the cache stays bounded.
    trimOldest(this.cache, this.cacheMaxEntries);
  }
}
