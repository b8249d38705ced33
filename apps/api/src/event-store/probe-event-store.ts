import type { EventStore } from '@ketenregie/event-store';

// A stream nobody writes: reading its version costs one indexed lookup on either adapter.
const probeStream = 'ketenregie-health-probe';

export const withTimeout = async <T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** Resolves when the store answers a read, rejects with the reason otherwise. */
export const probeEventStore = async (store: EventStore, timeoutMs: number): Promise<void> => {
  await withTimeout(store.streamVersion(probeStream), timeoutMs, 'the event store');
};

/** `host:port` list of a connection string, without credentials or options, for messages. */
export const eventStoreHosts = (connectionString: string): string =>
  connectionString
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .split(/[/?]/)[0] || connectionString;
