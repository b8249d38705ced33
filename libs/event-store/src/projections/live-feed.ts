import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../port';

export type LiveFeedOptions = {
  store: EventStore;
  /** Where the feed starts reading: the first follower's checkpoint. */
  from: Checkpoint | 'start';
  batchSize: number;
  coalesceMs: number;
  /** Events kept for followers; one further behind catches up with `readAll` on its own. */
  capacity: number;
  onError: (error: unknown) => void;
};

/** `behind`: `from` is older than the events the feed still holds. `ended`: the feed stopped or failed. */
export type LiveFeedRead = RecordedEvent[] | 'behind' | 'ended' | 'stopped';

export type LiveFeed = {
  readonly ended: boolean;
  /** The next events after `from`, at most `max`; waits until there are some. */
  next: (from: Checkpoint | 'start', max: number, signal: AbortSignal) => Promise<LiveFeedRead>;
  stop: () => Promise<void>;
};

/**
 * One live subscription shared by every projection a process runs. Each projection used to follow
 * the log with a subscription of its own: every new event was read, parsed and decrypted once per
 * projection, and each subscription polled and listened on its own connection. The feed reads and
 * opens each event once and keeps the latest `capacity` of them; each projection takes what lies
 * after its own checkpoint and commits at its own pace, so a slow one never holds the others back.
 * The feed never waits for its followers: one that falls out of the window is told it is behind
 * and catches up with `readAll`, as after a start.
 */
export const createLiveFeed = (options: LiveFeedOptions): LiveFeed => {
  const { store, capacity } = options;
  const events: RecordedEvent[] = [];
  // The checkpoint just before `events[0]`: a follower there or later can be served.
  let base: Checkpoint | 'start' = options.from;
  let ended = false;
  const wakers = new Set<() => void>();

  const wakeAll = (): void => {
    for (const wake of [...wakers]) wake();
  };

  const subscription: Subscription = store.subscribeToAll(
    (batch) => {
      if (batch.length === 0) return Promise.resolve();
      events.push(...batch);
      // Trimmed in chunks: shifting the front of a large array on every delivery is quadratic.
      if (events.length > capacity + Math.max(1, capacity >> 2)) {
        const drop = events.length - capacity;
        base = events[drop - 1].checkpoint;
        events.splice(0, drop);
      }
      wakeAll();
      return Promise.resolve();
    },
    { from: options.from, batchSize: options.batchSize, coalesceMs: options.coalesceMs, onError: options.onError },
  );
  void subscription.done.finally(() => {
    ended = true;
    wakeAll();
  });

  /** Index of the first held event after `from`. */
  const firstAfter = (from: Checkpoint | 'start'): number => {
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (store.compareCheckpoints(events[middle].checkpoint, from) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  const next = async (from: Checkpoint | 'start', max: number, signal: AbortSignal): Promise<LiveFeedRead> => {
    for (;;) {
      if (signal.aborted) return 'stopped';
      if (store.compareCheckpoints(from, base) < 0) return 'behind';
      const index = firstAfter(from);
      if (index < events.length) return events.slice(index, index + max);
      if (ended) return 'ended';
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          wakers.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        wakers.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  };

  return {
    get ended() {
      return ended;
    },
    next,
    stop: async () => {
      await subscription.stop();
      ended = true;
      wakeAll();
    },
  };
};
