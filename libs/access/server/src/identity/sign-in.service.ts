import type { Account, AccountStore } from './account-store';
import { isLocked } from './lockout';
import type { LockoutPolicy } from './lockout';
import { dummyPasswordHash, verifyPassword } from './passwords';

export type SignInResult = { ok: true; account: Account } | { ok: false };

/**
 * Username and password against the account, with the lockout. Every refusal looks the same from
 * outside: unknown username, wrong password, locked or disabled account, an account without a
 * password. Each costs one argon2id verification and the same lockout bookkeeping (with or without
 * an account to count against), so the response time does not tell them apart either. A locked
 * account is not told it is locked (that would confirm it exists); the one message says that
 * repeated failures lock an account for a while.
 */
export class SignInService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly policy: LockoutPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Computes the dummy hash ahead, so the first unknown username is not slower than the rest. */
  async warmUp(): Promise<void> {
    await dummyPasswordHash();
  }

  async signIn(username: string, password: string): Promise<SignInResult> {
    const account = await this.accounts.findByUsername(username);
    const passwordHash = account?.passwordHash ?? (await dummyPasswordHash());
    const passwordMatches = await verifyPassword(passwordHash, password);
    const now = this.clock();
    const usable =
      account !== undefined &&
      account.passwordHash !== null &&
      !account.disabled &&
      !isLocked({ failedAttempts: account.failedAttempts, lockedUntil: account.lockedUntil?.getTime() ?? null }, now);
    if (usable && passwordMatches) {
      await this.accounts.recordSuccessfulSignIn(account.id);
      return { ok: true, account };
    }
    // Every refusal, whatever its cause, costs the same statements.
    await this.accounts.recordFailedAttempt(username, new Date(now), this.policy);
    return { ok: false };
  }
}
