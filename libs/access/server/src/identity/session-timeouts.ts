export type SessionTimes = {
  /** Epoch milliseconds of the last request made with the session. */
  lastSeenAt: number;
  /** Epoch milliseconds at which the session ends regardless of use (sign-in + absolute timeout). */
  expiresAt: number;
};

export type SessionVerdict = 'active' | 'idle' | 'expired';

export const sessionVerdict = (times: SessionTimes, now: number, idleTimeoutMs: number): SessionVerdict => {
  if (now >= times.expiresAt) return 'expired';
  if (now - times.lastSeenAt >= idleTimeoutMs) return 'idle';
  return 'active';
};

/**
 * How long a process trusts a session it read from the database. Within this window a sign-out
 * or a disabled account in another process is not yet seen here; this process's own sign-out
 * and both timeouts take effect at once, because they are checked on every request.
 */
export const sessionCacheTtlMs = 5_000;

/**
 * How often the last-seen time is written back. A session in use never looks idle to another
 * process as long as the write comes well within the idle timeout; at the default 30 minutes
 * that is once a minute, which keeps a busy session from costing a write per request.
 */
export const lastSeenWriteIntervalMs = (idleTimeoutMs: number): number => Math.max(250, Math.min(60_000, Math.floor(idleTimeoutMs / 4)));

/**
 * When a session ends if no request comes with it any more (epoch ms): its idle timeout from the
 * last request, but never past its absolute end. A client warns the user by it.
 */
export const sessionExpiresAt = (times: SessionTimes, idleTimeoutMs: number): number =>
  Math.min(times.lastSeenAt + idleTimeoutMs, times.expiresAt);
