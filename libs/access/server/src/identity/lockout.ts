export type LockoutPolicy = { maxFailedAttempts: number; lockoutMs: number };

export type LockState = {
  /** Consecutive wrong passwords since the last success or the last lock. */
  failedAttempts: number;
  /** Epoch milliseconds until which the account refuses every password; null when not locked. */
  lockedUntil: number | null;
};

export const isLocked = (state: LockState, now: number): boolean => state.lockedUntil !== null && now < state.lockedUntil;

/**
 * The state after a wrong password. A locked account does not count attempts (the lock is not
 * extended by guessing), and the count starts again when a lock begins, so every lock is followed
 * by the full number of attempts.
 */
export const afterFailedAttempt = (state: LockState, now: number, policy: LockoutPolicy): LockState => {
  if (isLocked(state, now)) return state;
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.maxFailedAttempts) return { failedAttempts: 0, lockedUntil: now + policy.lockoutMs };
  return { failedAttempts, lockedUntil: null };
};
