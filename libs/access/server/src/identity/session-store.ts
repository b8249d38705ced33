import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenregie/kernel';
import { isRole } from '@ketenregie/kernel';
import type { Account } from './account-store';
import { ACCOUNTS_TABLE, SESSIONS_TABLE } from './identity-schema';
import { returnedRows } from './returned-rows';
import { lastSeenWriteIntervalMs, sessionCacheTtlMs, sessionVerdict } from './session-timeouts';
import { looksLikeToken, randomToken, tokenDigest } from './tokens';

export type AuthenticatedBy = Principal['authenticatedBy'];

export type Session = {
  /** SHA-256 of the cookie's id: how the session is known everywhere but in the cookie. */
  idHash: string;
  principal: Principal;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
};

export type SessionTimeouts = { idleTimeoutMs: number; absoluteTimeoutMs: number };

type CacheEntry = {
  /** Undefined: no such session (or its account is disabled) when last read. */
  session: Session | undefined;
  loadedAt: number;
  /** The last-seen time the database has, as far as this process knows. */
  writtenLastSeenAt: number;
};

type Row = {
  account_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  csrf_token: string;
  authenticated_by: string;
  display_name: string;
  organisation_id: string;
  roles: string[];
  disabled: boolean;
};

// Bounded so a flood of distinct cookies cannot grow the process without limit; an evicted
// session is simply read again.
const maxCachedSessions = 20_000;

const authenticatedByOf = (value: string): AuthenticatedBy => (value === 'local' ? 'local' : { issuer: value });
const authenticatedByText = (value: AuthenticatedBy): string => (value === 'local' ? 'local' : value.issuer);

export const principalOf = (
  account: Pick<Account, 'id' | 'displayName' | 'organisationId' | 'roles'>,
  authenticatedBy: AuthenticatedBy,
): Principal => ({
  userId: account.id,
  displayName: account.displayName,
  organisationId: account.organisationId,
  roles: account.roles,
  authenticatedBy,
});

/**
 * Sessions in PostgreSQL with a short-lived cache per process: the API answers thousands of
 * requests a second for one session, and each must not cost a query. Both timeouts are checked on
 * every request against the cached times, so they hold exactly; what another process changes
 * (a sign-out there, a disabled account) is seen here within `sessionCacheTtlMs`.
 */
export class SessionStore {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly loading = new Map<string, Promise<CacheEntry>>();
  private readonly writeIntervalMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeouts: SessionTimeouts,
    private readonly clock: () => number = Date.now,
    private readonly onBackgroundError: (error: unknown) => void = () => undefined,
  ) {
    this.writeIntervalMs = lastSeenWriteIntervalMs(timeouts.idleTimeoutMs);
  }

  /** A new session for a user who just proved who they are. Returns the cookie's token. */
  async create(account: Account, authenticatedBy: AuthenticatedBy): Promise<{ token: string; session: Session }> {
    const token = randomToken();
    const now = this.clock();
    const session: Session = {
      idHash: tokenDigest(token),
      principal: principalOf(account, authenticatedBy),
      csrfToken: randomToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.timeouts.absoluteTimeoutMs,
    };
    await this.dataSource.query(
      `insert into ${SESSIONS_TABLE} (id_hash, account_id, created_at, last_seen_at, expires_at, csrf_token, authenticated_by)
       values ($1, $2, $3, $3, $4, $5, $6)`,
      [session.idHash, account.id, new Date(now), new Date(session.expiresAt), session.csrfToken, authenticatedByText(authenticatedBy)],
    );
    this.remember(session.idHash, { session, loadedAt: now, writtenLastSeenAt: now });
    return { token, session };
  }

  /** The live session of a cookie's token, or undefined (unknown, ended, timed out, account disabled). */
  async resolve(token: string): Promise<Session | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const idHash = tokenDigest(token);
    const now = this.clock();
    let entry = this.cache.get(idHash);
    if (!entry || now - entry.loadedAt >= sessionCacheTtlMs) entry = await this.load(idHash, entry);
    const session = entry.session;
    if (!session) return undefined;
    if (sessionVerdict(session, now, this.timeouts.idleTimeoutMs) !== 'active') {
      this.cache.delete(idHash);
      this.background(this.dataSource.query(`delete from ${SESSIONS_TABLE} where id_hash = $1`, [idHash]));
      return undefined;
    }
    session.lastSeenAt = Math.max(session.lastSeenAt, now);
    if (now - entry.writtenLastSeenAt >= this.writeIntervalMs) {
      entry.writtenLastSeenAt = now;
      this.background(
        this.dataSource.query(`update ${SESSIONS_TABLE} set last_seen_at = $2 where id_hash = $1 and last_seen_at < $2`, [
          idHash,
          new Date(now),
        ]),
      );
    }
    return session;
  }

  /** Ends a session; in this process at once, in others within the cache window. */
  async revoke(token: string): Promise<void> {
    if (!looksLikeToken(token)) return;
    const idHash = tokenDigest(token);
    this.cache.delete(idHash);
    await this.dataSource.query(`delete from ${SESSIONS_TABLE} where id_hash = $1`, [idHash]);
  }

  /** Removes sessions that can no longer be used; they would otherwise only be removed when presented. */
  async purgeExpired(): Promise<number> {
    const now = new Date(this.clock());
    const idleSince = new Date(now.getTime() - this.timeouts.idleTimeoutMs);
    const rows = returnedRows<{ id_hash: string }>(
      await this.dataSource.query(`delete from ${SESSIONS_TABLE} where expires_at <= $1 or last_seen_at <= $2 returning id_hash`, [
        now,
        idleSince,
      ]),
    );
    return rows.length;
  }

  private load(idHash: string, previous: CacheEntry | undefined): Promise<CacheEntry> {
    // One query per session however many requests arrive with it at once.
    let pending = this.loading.get(idHash);
    if (!pending) {
      pending = this.read(idHash, previous).finally(() => this.loading.delete(idHash));
      this.loading.set(idHash, pending);
    }
    return pending;
  }

  private async read(idHash: string, previous: CacheEntry | undefined): Promise<CacheEntry> {
    const rows = (await this.dataSource.query(
      `select s.account_id, s.created_at, s.last_seen_at, s.expires_at, s.csrf_token, s.authenticated_by,
              a.display_name, a.organisation_id, a.roles, a.disabled
       from ${SESSIONS_TABLE} s join ${ACCOUNTS_TABLE} a on a.id = s.account_id
       where s.id_hash = $1`,
      [idHash],
    )) as Row[];
    const row = rows[0];
    const loadedAt = this.clock();
    if (!row || row.disabled) {
      this.cache.delete(idHash);
      return { session: undefined, loadedAt, writtenLastSeenAt: 0 };
    }
    const stored = row.last_seen_at.getTime();
    const session: Session = {
      idHash,
      principal: principalOf(
        { id: row.account_id, displayName: row.display_name, organisationId: row.organisation_id, roles: row.roles.filter(isRole) },
        authenticatedByOf(row.authenticated_by),
      ),
      csrfToken: row.csrf_token,
      createdAt: row.created_at.getTime(),
      // Requests this process saw since its last write count too.
      lastSeenAt: Math.max(stored, previous?.session?.lastSeenAt ?? 0),
      expiresAt: row.expires_at.getTime(),
    };
    const entry: CacheEntry = { session, loadedAt, writtenLastSeenAt: Math.max(stored, previous?.writtenLastSeenAt ?? 0) };
    this.remember(idHash, entry);
    return entry;
  }

  private remember(idHash: string, entry: CacheEntry): void {
    this.cache.delete(idHash);
    this.cache.set(idHash, entry);
    if (this.cache.size > maxCachedSessions) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private background(work: Promise<unknown>): void {
    work.catch(this.onBackgroundError);
  }
}
