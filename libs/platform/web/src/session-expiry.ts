/**
 * When the session ends, on this browser's clock. The session cookie cannot be read by scripts,
 * so the client keeps the times the session answer gave and moves the idle end on with every
 * answer of the API (each request with the session extends it on the server too). Tabs of one
 * browser share one session, so the last answer is shared with the other tabs through storage:
 * a busy tab keeps the quiet one from warning.
 */

/** The times of the session answer (`GET /api/v1/auth/session`, sign-in). */
export type SessionTimesAnswer = { expiresAt: string; endsAt: string; idleTimeoutSeconds: number };

type Times = { idleMs: number; endsAt: number };

const storageKey = 'ketenregie.session.lastAnswer';
let times: Times | undefined;
let lastAnswerAt = 0;
const listeners = new Set<() => void>();

const notify = (): void => {
  for (const listener of listeners) listener();
};

const sharedLastAnswer = (): number => {
  try {
    return Number(globalThis.localStorage?.getItem(storageKey)) || 0;
  } catch {
    return 0;
  }
};

/** An API answer came now: the session (if any) lives on for its idle time from here. */
export const recordSessionActivity = (at: number = Date.now()): void => {
  lastAnswerAt = Math.max(lastAnswerAt, at);
  try {
    globalThis.localStorage?.setItem(storageKey, String(lastAnswerAt));
  } catch {
    // Without storage each tab counts its own answers; it may then warn once too early.
  }
  if (times) notify();
};

/**
 * Takes the times of a session answer. The server's clock may differ from this one, so its
 * instants are read relative to the answer: the idle end lies `idleTimeoutSeconds` after the
 * server's now, unless the absolute end came first.
 */
export const noteSessionTimes = (answer: SessionTimesAnswer, receivedAt: number = Date.now()): void => {
  const idleMs = answer.idleTimeoutSeconds * 1000;
  const expiresAt = Date.parse(answer.expiresAt);
  const endsAt = Date.parse(answer.endsAt);
  const serverNow = expiresAt < endsAt ? expiresAt - idleMs : receivedAt;
  times = { idleMs, endsAt: endsAt - serverNow + receivedAt };
  lastAnswerAt = Math.max(lastAnswerAt, receivedAt);
  recordSessionActivity(receivedAt);
  notify();
};

/** No session any more (signed out, or the server said 401). */
export const forgetSessionTimes = (): void => {
  lastAnswerAt = 0;
  if (!times) return;
  times = undefined;
  notify();
};

export type SessionExpiry = {
  /** When the session ends without another request, on this browser's clock (epoch ms). */
  at: number;
  /** False when the absolute end comes first: another request cannot move it. */
  extendable: boolean;
};

export const sessionExpiry = (): SessionExpiry | undefined => {
  if (!times) return undefined;
  const idleEnd = Math.max(lastAnswerAt, sharedLastAnswer()) + times.idleMs;
  return { at: Math.min(idleEnd, times.endsAt), extendable: idleEnd < times.endsAt };
};

/** Called whenever the expected end may have moved; answers the unsubscribe. */
export const subscribeSessionExpiry = (listener: () => void): (() => void) => {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === storageKey) listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
};
