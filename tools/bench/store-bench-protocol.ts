/** Messages and result shapes shared by the store benchmark's parent and its per-system workers. */

export type SystemName = 'ketenregie' | 'raw-pg' | 'emmett';

export const SYSTEMS: readonly SystemName[] = ['ketenregie', 'raw-pg', 'emmett'];

export type AppendPhase = {
  kind: 'append';
  name: 'single-1' | 'single-16' | 'batch-16';
  concurrency: number;
  eventsPerAppend: number;
  /** Appends in the timed window; the window also lasts at least `minSeconds`. */
  appends: number;
  warmupAppends: number;
  minSeconds: number;
  /** Hard stop so a slow system cannot blow the run's time budget. */
  maxSeconds: number;
};

export type TopUpPhase = {
  kind: 'top-up';
  /** Untimed bulk appends until the log holds at least this many events. */
  minEvents: number;
};

export type ReadAllPhase = {
  kind: 'read-all';
  pageSize: number;
  minSeconds: number;
};

export type CatchUpPhase = {
  kind: 'catch-up';
  batchSize: number;
  timeoutSeconds: number;
};

export type Phase = AppendPhase | TopUpPhase | ReadAllPhase | CatchUpPhase;

export type AppendResult = {
  kind: 'append';
  name: AppendPhase['name'];
  appends: number;
  events: number;
  seconds: number;
  appendsPerSecond: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU per append in the timed window: this worker process, and the PostgreSQL server (null if not visible). */
  clientCpuMsPerAppend: number;
  serverCpuMsPerAppend: number | null;
  /** True when `maxSeconds` ended the window before `appends` were done. */
  cappedByTime: boolean;
};

export type TopUpResult = { kind: 'top-up'; eventsBefore: number; eventsAfter: number; seconds: number };

export type ReadAllResult = {
  kind: 'read-all';
  passes: number;
  events: number;
  eventsPerPass: number;
  /** Events in the log; a pass that returns fewer skipped some. */
  logEvents: number;
  seconds: number;
  eventsPerSecond: number;
  clientCpuMsPerThousand: number;
  serverCpuMsPerThousand: number | null;
};

export type CatchUpResult = {
  kind: 'catch-up';
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Sum of the per-type counts in the read model afterwards; must equal `events`. */
  projectedEvents: number;
  method: string;
  clientCpuMsPerThousand: number;
  serverCpuMsPerThousand: number | null;
};

export type PhaseResult = AppendResult | TopUpResult | ReadAllResult | CatchUpResult;

export type WorkerRequest = { kind: 'run'; id: number; phase: Phase } | { kind: 'close' };

export type WorkerMessage =
  | { kind: 'ready'; system: SystemName; notes: string[] }
  | { kind: 'result'; id: number; result: PhaseResult }
  | { kind: 'failed'; id?: number; error: string }
  | { kind: 'closed' };

export type WorkerStart = {
  system: SystemName;
  connectionString: string;
  poolSize: number;
  /** Lets the worker measure the server's CPU; null when the server is not a local child. */
  postmasterPid: number | null;
};
