import type { SystemName } from '../store-bench-protocol';

/** One event as the benchmark hands it to every system; each driver maps it to its own API. */
export type BenchEvent = {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
};

/** What the benchmark needs from a system under test; timing happens outside the driver. */
export type StoreDriver = {
  system: SystemName;
  /** Human-readable facts about how this system is exercised, printed with the results. */
  notes: string[];
  append: (streamId: string, events: BenchEvent[]) => Promise<void>;
  countEvents: () => Promise<number>;
  /** Reads the log from the start in pages, to the end or `limit`; returns the events read. */
  readAllPass: (pageSize: number, limit?: number) => Promise<number>;
  /**
   * Builds the per-type counts read model from position 0 to the head and returns how long that
   * took, plus the sum of the counts afterwards (a correctness check on the measured work).
   */
  catchUp: (options: { batchSize: number; headEvents: number; timeoutMs: number }) => Promise<{
    seconds: number;
    projectedEvents: number;
    method: string;
  }>;
  close: () => Promise<void>;
};

export type DriverOptions = {
  connectionString: string;
  poolSize: number;
};
