import { HttpException, HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { SqlCompanion, SqlTransaction } from '@ketenregie/event-store';
import type { AccessLogPort, AccessLogRecord, PendingAccessEntry } from '@ketenregie/access-contracts';
import type { AccessLogEntryInput } from './access-log-entry';
import { normaliseEntry } from './access-log-entry';
import type { UnchainedEntry } from './access-log-batch';
import {
  appendBatchParameters,
  appendBatchSql,
  appendOneChainedCtes,
  appendOneChainedParameters,
  appendOneChainedSql,
  chainBatch,
} from './access-log-batch';
import { ACCESS_LOG_HEAD_TABLE } from './access-log-schema';

export type GroupCommitOptions = {
  /**
   * Entries per transaction at most. A caller's entries are never split over two transactions, so
   * one `recordAll` larger than this is written alone.
   */
  maxBatchEntries: number;
  /** Entries waiting for a transaction at most; beyond that `record` refuses at once (503). */
  maxQueuedEntries: number;
  /** How long one batch may take, waiting for the chain head included, before its callers get 503. */
  statementTimeoutMs: number;
};

export const defaultGroupCommitOptions: GroupCommitOptions = { maxBatchEntries: 500, maxQueuedEntries: 5_000, statementTimeoutMs: 5_000 };

export type AccessLogUnavailableReason = 'queue-full' | 'write-failed' | 'closed';

const unavailableDetail: Record<AccessLogUnavailableReason, string> = {
  'queue-full':
    'Het toegangslog kan op dit moment niet alle verzoeken bijhouden. Daarom worden deze gegevens niet getoond of gewijzigd. Probeer het over enkele ogenblikken opnieuw.',
  'write-failed':
    'De toegang kon niet in het toegangslog worden vastgelegd. Daarom worden deze gegevens niet getoond of gewijzigd. Probeer het over enkele ogenblikken opnieuw.',
  closed: 'De dienst wordt afgesloten en legt geen toegang meer vast. Probeer het over enkele ogenblikken opnieuw.',
};

/**
 * The entry could not be written, so the caller must serve nothing. An HTTP 503 problem, so a
 * controller that lets it through answers correctly without knowing about the access log.
 */
export class AccessLogUnavailable extends HttpException {
  constructor(
    readonly reason: AccessLogUnavailableReason,
    options: { cause?: unknown } = {},
  ) {
    super(
      {
        type: `urn:ketenregie:problem:access-log.${reason}`,
        title: 'Service Unavailable',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: unavailableDetail[reason],
      },
      HttpStatus.SERVICE_UNAVAILABLE,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.name = 'AccessLogUnavailable';
  }
}

// Locks the chain head; the time is taken under the lock, so time follows the sequence.
const headForUpdateSql = `select sequence::text as sequence, hash, date_trunc('milliseconds', clock_timestamp()) as now
  from ${ACCESS_LOG_HEAD_TABLE} where id for update`;

type QueryResult = { rows: Record<string, unknown>[]; rowCount: number | null };

/** One database connection kept by the writer; `query` answers an array for a multi-statement text. */
export type WriterConnection = {
  query(text: string, values?: unknown[]): Promise<QueryResult | QueryResult[]>;
  /** True once the connection failed and was given up. */
  readonly broken: boolean;
  /** Back to the pool, healthy and outside a transaction. */
  release(): Promise<void>;
  /** Closed and dropped from the pool; the server rolls back whatever was open on it. */
  discard(): Promise<void>;
};

/**
 * A connection of the app's pool, held for as long as the writer lives. Held rather than borrowed
 * per batch: a request handler that awaits its entry while it holds a pool connection itself
 * (inside a transaction) would otherwise wait for the writer, and the writer for a free connection.
 * The raw `pg` client is used, not the TypeORM runner's `query`, to send the transaction's first
 * statements in one round trip.
 */
export const writerConnectionFrom =
  (dataSource: DataSource): (() => Promise<WriterConnection>) =>
  async () => {
    const runner = dataSource.createQueryRunner('master');
    const client = (await runner.connect()) as {
      query(text: string, values?: unknown[]): Promise<QueryResult | QueryResult[]>;
      end(): Promise<void>;
    };
    return {
      query: (text, values) => (values === undefined ? client.query(text) : client.query(text, values)),
      // TypeORM releases the runner (and the pool drops the client) when the client reports an error.
      get broken() {
        return runner.isReleased;
      },
      release: () => runner.release(),
      discard: async () => {
        // Ending first marks the client, so the pool removes it on release instead of lending it out.
        const ended = client.end().catch(() => undefined);
        await runner.release();
        await ended;
      },
    };
  };

/** A caller's entries in the queue; settled with the sequences its entries got. */
type Pending = { entries: UnchainedEntry[]; resolve: (sequences: number[]) => void; reject: (error: unknown) => void };

export type GroupCommitStats = {
  batches: number;
  entries: number;
  failedBatches: number;
  largestBatch: number;
  queuedEntries: number;
};

// Connection-level failures: the transaction cannot have committed, so a fresh connection may try again.
/** Connections tried for one batch while each was found lost before its commit was sent. */
const connectionAttempts = 3;

const connectionLost = (error: unknown): boolean => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code !== 'string' || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code);
};

/**
 * The `ACCESS_LOG` port with group commit. The chain needs one append at a time; instead of one
 * transaction per entry, every entry that arrives while a transaction is in flight waits for the
 * next one, and that transaction appends them all, chained in arrival order, with one INSERT.
 * Each caller's promise settles with the transaction that holds its entry: resolved after a
 * durable commit, rejected (503) when it failed, so the caller then serves nothing.
 */
export class GroupCommitAccessLog implements AccessLogPort {
  private readonly options: GroupCommitOptions;
  private readonly queue: Pending[] = [];
  private queuedEntries = 0;
  private draining: Promise<void> | undefined;
  private connection: WriterConnection | undefined;
  private closing: Promise<void> | undefined;
  private readonly counters = { batches: 0, entries: 0, failedBatches: 0, largestBatch: 0 };
  private readonly beginSql: string;

  constructor(
    private readonly openConnection: () => Promise<WriterConnection>,
    options: Partial<GroupCommitOptions> = {},
  ) {
    this.options = { ...defaultGroupCommitOptions, ...options };
    const { maxBatchEntries, maxQueuedEntries, statementTimeoutMs } = this.options;
    for (const [name, value] of Object.entries({ maxBatchEntries, maxQueuedEntries, statementTimeoutMs })) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`GroupCommitAccessLog: ${name} must be a positive whole number`);
    }
    // One round trip: open, settle durability and the time limit, lock the head. `synchronous_commit`
    // is raised only from `off`, never lowered: a server set to wait for a standby keeps doing so.
    this.beginSql = `begin;
      select set_config('synchronous_commit', 'on', true) where current_setting('synchronous_commit') = 'off';
      set local statement_timeout = ${statementTimeoutMs};
      ${headForUpdateSql}`;
  }

  record(entry: AccessLogRecord): Promise<void> {
    return this.recordAll([entry]);
  }

  async recordAll(entries: readonly AccessLogRecord[]): Promise<void> {
    await this.enqueue(entries.map((entry) => entry as AccessLogEntryInput));
  }

  async recordPending(entry: AccessLogRecord): Promise<PendingAccessEntry> {
    const input: AccessLogEntryInput = { ...(entry as AccessLogEntryInput), outcome: 'pending' };
    const [sequence] = await this.enqueue([input]);
    return {
      complete: async (outcome) => {
        await this.enqueue([{ ...input, outcome: outcome as AccessLogEntryInput['outcome'], completes: sequence }]);
      },
    };
  }

  async recordWithin(transaction: SqlTransaction, entry: AccessLogRecord): Promise<void> {
    const fields = normaliseEntry(entry as AccessLogEntryInput);
    if (this.closing) throw new AccessLogUnavailable('closed');
    const parameters = appendOneChainedParameters(fields);
    // Last in the transaction: where its owner offers it, the commit follows without a round trip.
    await (
      transaction.queryAndCommit
        ? transaction.queryAndCommit(appendOneChainedSql, parameters)
        : transaction.query(appendOneChainedSql, parameters)
    ).catch((error: unknown) => {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      throw code === '22012' ? new Error('The access log has no chain head: run AccessLog.ensureSchema() first') : error;
    });
  }

  companionOf(entry: AccessLogRecord): SqlCompanion {
    const fields = normaliseEntry(entry as AccessLogEntryInput);
    if (this.closing) throw new AccessLogUnavailable('closed');
    return { ctes: appendOneChainedCtes, values: appendOneChainedParameters(fields), check: 'access_log_check' };
  }

  private enqueue(entries: readonly AccessLogEntryInput[]): Promise<number[]> {
    // Validated here, so a malformed entry fails its own caller only and never a batch.
    let normalised: UnchainedEntry[];
    try {
      normalised = entries.map((entry) => normaliseEntry(entry));
    } catch (error) {
      return Promise.reject(error);
    }
    if (normalised.length === 0) return Promise.resolve([]);
    if (this.closing) return Promise.reject(new AccessLogUnavailable('closed'));
    if (this.queuedEntries + normalised.length > this.options.maxQueuedEntries)
      return Promise.reject(new AccessLogUnavailable('queue-full'));
    return new Promise<number[]>((resolve, reject) => {
      this.queue.push({ entries: normalised, resolve, reject });
      this.queuedEntries += normalised.length;
      this.startDraining();
    });
  }

  stats(): GroupCommitStats {
    return { ...this.counters, queuedEntries: this.queuedEntries };
  }

  /** Refuses new entries, writes the queued ones, then gives the connection back. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.draining) await this.draining;
      const connection = this.connection;
      this.connection = undefined;
      if (connection && !connection.broken) await connection.release();
    })();
    return this.closing;
  }

  private startDraining(): void {
    if (this.draining) return;
    // A microtask later, so callers of the same tick (a `Promise.all` of records) share the first batch.
    this.draining = Promise.resolve()
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0) this.startDraining();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      const entries = batch.flatMap((pending) => pending.entries);
      try {
        const first = await this.write(entries);
        this.counters.batches += 1;
        this.counters.entries += entries.length;
        this.counters.largestBatch = Math.max(this.counters.largestBatch, entries.length);
        let next = first;
        for (const pending of batch) {
          pending.resolve(pending.entries.map((_entry, index) => next + index));
          next += pending.entries.length;
        }
      } catch (error) {
        this.counters.failedBatches += 1;
        const failure = error instanceof AccessLogUnavailable ? error : new AccessLogUnavailable('write-failed', { cause: error });
        for (const pending of batch) pending.reject(failure);
      }
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (batch.length > 0 && size + next.entries.length > this.options.maxBatchEntries) break;
      this.queue.shift();
      batch.push(next);
      size += next.entries.length;
      this.queuedEntries -= next.entries.length;
    }
    return batch;
  }

  /** Appends the batch in one transaction; answers the sequence of its first entry. */
  private async write(entries: UnchainedEntry[]): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const connection = await this.usableConnection();
      let commitSent = false;
      try {
        const results = await connection.query(this.beginSql);
        const last = Array.isArray(results) ? results[results.length - 1] : results;
        const head = last?.rows[0] as { sequence: string; hash: string; now: Date } | undefined;
        if (!head) throw new Error('The access log has no chain head: run AccessLog.ensureSchema() first');
        const chained = chainBatch({ sequence: Number(head.sequence), hash: head.hash }, head.now, entries);
        const appended = (await connection.query(appendBatchSql, appendBatchParameters(chained))) as QueryResult;
        if (appended.rowCount !== 1) throw new Error('The access log head did not move with the appended batch');
        commitSent = true;
        await connection.query('commit');
        return chained[0].sequence;
      } catch (error) {
        await this.abandon(connection, error);
        // Retried only when the transaction cannot have committed; after COMMIT was sent the
        // outcome is unknown, and the callers are better told "failed" than given a duplicate.
        // More than once: a server that ended its sessions (restart, failover, an administrator)
        // leaves every idle connection of the pool dead, and the pool may hand out several before
        // it has noticed.
        if (attempt < connectionAttempts && !commitSent && connectionLost(error)) continue;
        throw error;
      }
    }
  }

  private async usableConnection(): Promise<WriterConnection> {
    if (this.connection?.broken) this.connection = undefined;
    this.connection ??= await this.openConnection();
    return this.connection;
  }

  private async abandon(connection: WriterConnection, error: unknown): Promise<void> {
    if (!connectionLost(error) && !connection.broken) {
      try {
        await connection.query('rollback');
        return;
      } catch {
        // Falls through: a connection that cannot roll back is given up.
      }
    }
    if (this.connection === connection) this.connection = undefined;
    if (!connection.broken) await connection.discard().catch(() => undefined);
  }
}
