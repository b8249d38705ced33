import type { DataSource } from 'typeorm';
import { isRole } from '@ketenregie/kernel';
import type { Role } from '@ketenregie/kernel';
import { ACCOUNTS_TABLE, SESSIONS_TABLE, ensureIdentitySchema } from './identity-schema';
import { afterFailedAttempt } from './lockout';
import type { LockoutPolicy } from './lockout';
import { hashPassword } from './passwords';
import { returnedRows } from './returned-rows';

export type Account = {
  /** The `userId` in events and in the access log. */
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  /** Null for an account that signs in only through OpenID Connect. */
  passwordHash: string | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  disabled: boolean;
  oidc: { issuer: string; subject: string } | null;
  demo: boolean;
};

export type NewAccount = {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: readonly Role[];
  /** Checked against the password policy and stored as an argon2id hash. */
  password?: string;
  oidc?: { issuer: string; subject: string };
  demo?: boolean;
};

export class AccountError extends Error {
  constructor(
    readonly code: 'username-taken' | 'id-taken' | 'oidc-taken' | 'unknown-account',
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

type Row = {
  id: string;
  username: string;
  display_name: string;
  organisation_id: string;
  roles: string[];
  password_hash: string | null;
  failed_attempts: number;
  locked_until: Date | null;
  disabled: boolean;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  demo: boolean;
};

const columns =
  'id, username, display_name, organisation_id, roles, password_hash, failed_attempts, locked_until, disabled, oidc_issuer, oidc_subject, demo';

const toAccount = (row: Row): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  organisationId: row.organisation_id,
  // A role this version does not know (written by a newer one) grants nothing here.
  roles: row.roles.filter(isRole),
  passwordHash: row.password_hash,
  failedAttempts: row.failed_attempts,
  lockedUntil: row.locked_until,
  disabled: row.disabled,
  oidc: row.oidc_issuer !== null && row.oidc_subject !== null ? { issuer: row.oidc_issuer, subject: row.oidc_subject } : null,
  demo: row.demo,
});

const uniqueViolation = (error: unknown): string | undefined => {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' ? (constraint ?? '') : undefined;
};

/** Accounts in PostgreSQL; the sign-in rules around them live in `SignInService`. */
export class AccountStore {
  constructor(private readonly dataSource: DataSource) {}

  ensureSchema(): Promise<void> {
    return ensureIdentitySchema(this.dataSource);
  }

  async create(input: NewAccount): Promise<Account> {
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    try {
      const [row] = (await this.dataSource.query(
        `insert into ${ACCOUNTS_TABLE} (id, username, display_name, organisation_id, roles, password_hash, oidc_issuer, oidc_subject, demo)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${columns}`,
        [
          input.id,
          input.username,
          input.displayName,
          input.organisationId,
          [...new Set(input.roles)],
          passwordHash,
          input.oidc?.issuer ?? null,
          input.oidc?.subject ?? null,
          input.demo ?? false,
        ],
      )) as Row[];
      return toAccount(row);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'auth_accounts_username')
        throw new AccountError('username-taken', `An account with username ${input.username} exists already.`);
      if (constraint === 'auth_accounts_oidc')
        throw new AccountError('oidc-taken', 'Another account is linked to this OpenID Connect subject already.');
      if (constraint !== undefined) throw new AccountError('id-taken', `An account with id ${input.id} exists already.`);
      throw error;
    }
  }

  /**
   * Creates or replaces an account of the demo region (marked `demo`, so it can be told apart and
   * disabled when the demo is switched off). The password is new each time; a lock is lifted.
   */
  async upsertDemo(input: Omit<NewAccount, 'demo' | 'oidc'> & { password: string }): Promise<Account> {
    const passwordHash = await hashPassword(input.password);
    // `on conflict (id)` arbitrates on the id only: when two processes start together and insert
    // the same new account, the loser trips the username index instead. By then the winner's row
    // is committed, so one more attempt takes the update branch.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.writeDemo(input, passwordHash);
      } catch (error) {
        if (attempt >= 3 || uniqueViolation(error) !== 'auth_accounts_username') throw error;
      }
    }
  }

  private async writeDemo(input: Omit<NewAccount, 'demo' | 'oidc'>, passwordHash: string): Promise<Account> {
    const [row] = (await this.dataSource.query(
      `insert into ${ACCOUNTS_TABLE} (id, username, display_name, organisation_id, roles, password_hash, demo)
       values ($1, $2, $3, $4, $5, $6, true)
       on conflict (id) do update set username = excluded.username, display_name = excluded.display_name,
         organisation_id = excluded.organisation_id, roles = excluded.roles, password_hash = excluded.password_hash,
         failed_attempts = 0, locked_until = null, disabled = false, updated_at = now()
       where ${ACCOUNTS_TABLE}.demo
       returning ${columns}`,
      [input.id, input.username, input.displayName, input.organisationId, [...new Set(input.roles)], passwordHash],
    )) as Row[];
    if (!row) throw new AccountError('id-taken', `Account ${input.id} exists and is not a demo account; it was left alone.`);
    return toAccount(row);
  }

  /** Demo accounts must not outlive the demo: a region started without it has no demo sign-ins. */
  async disableDemoAccounts(): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `update ${ACCOUNTS_TABLE} set disabled = true, updated_at = now() where demo and not disabled returning id`,
      ),
    );
    if (rows.length > 0) {
      await this.dataSource.query(`delete from ${SESSIONS_TABLE} where account_id = any($1)`, [rows.map((row) => row.id)]);
    }
    return rows.length;
  }

  async findById(id: string): Promise<Account | undefined> {
    const rows = (await this.dataSource.query(`select ${columns} from ${ACCOUNTS_TABLE} where id = $1`, [id])) as Row[];
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /**
   * The enabled accounts with these ids, for the people directory that names professionals in a
   * case (a disabled account can no longer receive a hand-over). Unknown ids are left out.
   */
  async findEnabledByIds(ids: readonly string[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    const rows = (await this.dataSource.query(`select ${columns} from ${ACCOUNTS_TABLE} where id = any($1::text[]) and not disabled`, [
      [...new Set(ids)],
    ])) as Row[];
    return rows.map(toAccount);
  }

  /** The enabled accounts of one organisation, by display name. */
  async listEnabledByOrganisation(organisationId: string): Promise<Account[]> {
    const rows = (await this.dataSource.query(
      `select ${columns} from ${ACCOUNTS_TABLE} where organisation_id = $1 and not disabled order by display_name, id`,
      [organisationId],
    )) as Row[];
    return rows.map(toAccount);
  }

  /** Usernames are compared case-insensitively: `A.Jansen@gemeente.nl` and `a.jansen@gemeente.nl` are one account. */
  async findByUsername(username: string): Promise<Account | undefined> {
    const rows = (await this.dataSource.query(`select ${columns} from ${ACCOUNTS_TABLE} where lower(username) = lower($1)`, [
      username,
    ])) as Row[];
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async findByOidcSubject(issuer: string, subject: string): Promise<Account | undefined> {
    const rows = (await this.dataSource.query(`select ${columns} from ${ACCOUNTS_TABLE} where oidc_issuer = $1 and oidc_subject = $2`, [
      issuer,
      subject,
    ])) as Row[];
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /**
   * Links an account that has no link yet; false when it has one already (or another account has
   * this subject). `onlyWithoutPassword`: only an account made for OpenID Connect sign-in, checked
   * in the same statement, so a password set meanwhile cannot be slipped past.
   */
  async linkOidcSubject(id: string, issuer: string, subject: string, options: { onlyWithoutPassword?: boolean } = {}): Promise<boolean> {
    try {
      const rows = returnedRows<{ id: string }>(
        await this.dataSource.query(
          `update ${ACCOUNTS_TABLE} set oidc_issuer = $2, oidc_subject = $3, updated_at = now()
           where id = $1 and oidc_issuer is null and (password_hash is null or not $4) returning id`,
          [id, issuer, subject, options.onlyWithoutPassword === true],
        ),
      );
      return rows.length === 1;
    } catch (error) {
      if (uniqueViolation(error) !== undefined) return false;
      throw error;
    }
  }

  /** Ends the account's OpenID Connect link (a wrong link, a new subject at the provider) and its sessions. */
  async unlinkOidcSubject(id: string): Promise<void> {
    await this.updateOne(id, 'oidc_issuer = null, oidc_subject = null', []);
    await this.dataSource.query(`delete from ${SESSIONS_TABLE} where account_id = $1`, [id]);
  }

  /** Sets a new password, lifts a lock and ends the account's sessions (a reset follows a suspected leak). */
  async setPassword(id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.updateOne(id, `password_hash = $2, failed_attempts = 0, locked_until = null`, [passwordHash]);
    await this.dataSource.query(`delete from ${SESSIONS_TABLE} where account_id = $1`, [id]);
  }

  async unlock(id: string): Promise<void> {
    await this.updateOne(id, 'failed_attempts = 0, locked_until = null', []);
  }

  /** Disables the account and ends its sessions; running processes notice within a few seconds. */
  async disable(id: string): Promise<void> {
    await this.updateOne(id, 'disabled = true', []);
    await this.dataSource.query(`delete from ${SESSIONS_TABLE} where account_id = $1`, [id]);
  }

  async enable(id: string): Promise<void> {
    await this.updateOne(id, 'disabled = false', []);
  }

  /**
   * Counts a refused sign-in against the account with this username, under a row lock so parallel
   * guesses cannot slip past the limit. Called for every refused sign-in, also when no account has
   * the username: the same statements run either way, so the answer's timing does not tell whether
   * the username exists. Committed without waiting for the WAL flush (for this transaction only):
   * a durable commit made a refusal for an existing account a disk flush slower than for an unknown
   * one (measured 3.6 ms with fsync on, Mann–Whitney z 6.4 over 300 tries). A crash may forget the
   * last fraction of a second of counts, which gives a guesser no more than the rate limit per
   * address already does.
   */
  async recordFailedAttempt(username: string, now: Date, policy: LockoutPolicy): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `select id, failed_attempts, locked_until from ${ACCOUNTS_TABLE}, (select set_config('synchronous_commit', 'off', true)) as async_commit
          where lower(username) = lower($1) for update of ${ACCOUNTS_TABLE}`,
        [username],
      )) as Pick<Row, 'id' | 'failed_attempts' | 'locked_until'>[];
      const next = afterFailedAttempt(
        { failedAttempts: rows[0]?.failed_attempts ?? 0, lockedUntil: rows[0]?.locked_until?.getTime() ?? null },
        now.getTime(),
        policy,
      );
      await manager.query(`update ${ACCOUNTS_TABLE} set failed_attempts = $2, locked_until = $3 where lower(username) = lower($1)`, [
        username,
        next.failedAttempts,
        next.lockedUntil === null ? null : new Date(next.lockedUntil),
      ]);
    });
  }

  async recordSuccessfulSignIn(id: string): Promise<void> {
    await this.dataSource.query(
      `update ${ACCOUNTS_TABLE} set failed_attempts = 0, locked_until = null where id = $1 and (failed_attempts <> 0 or locked_until is not null)`,
      [id],
    );
  }

  private async updateOne(id: string, assignments: string, parameters: unknown[]): Promise<void> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(`update ${ACCOUNTS_TABLE} set ${assignments}, updated_at = now() where id = $1 returning id`, [
        id,
        ...parameters,
      ]),
    );
    if (rows.length === 0) throw new AccountError('unknown-account', `There is no account with id ${id}.`);
  }
}
