import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/**
 * The subset of pino's API the runner uses, so the API can pass its pino logger. Fields carry only
 * projection names, checkpoints and error classes/messages, never event data (personal data).
 */
export type ProjectionLogger = {
  info: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
  error: (fields: Record<string, unknown>, message: string) => void;
};

const line =
  (level: string) =>
  (fields: Record<string, unknown>, message: string): void => {
    process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);
  };

export const stderrLogger: ProjectionLogger = { info: line('info'), warn: line('warn'), error: line('error') };

// PostgreSQL's `detail` can quote row values, so only the SQLSTATE code is taken from driver errors.
export const describeError = (error: unknown): Record<string, unknown> => {
  if (!(error instanceof Error)) return { errorClass: typeof error };
  const driverError = (error as { driverError?: { code?: unknown } }).driverError;
  const code = (error as { code?: unknown }).code ?? driverError?.code;
  return {
    errorClass: error.constructor.name || error.name,
    errorMessage: error.message,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
  };
};

/** Identifies a process in lease columns: host and pid help an operator find the holder. */
export const defaultOwnerId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * True when a lease owner id names a process on this host that no longer runs. Its lease can be
 * taken at once instead of after expiry, so a crashed API restarted on the same machine does not
 * leave its read models standing still for a whole lease period.
 */
export const isDeadLocalOwner = (ownerId: string): boolean => {
  const [host, pidText] = ownerId.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
