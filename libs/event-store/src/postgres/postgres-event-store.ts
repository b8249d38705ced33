import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DuplicateEventId, InvalidAppend, WrongExpectedVersion } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  StreamMetadataResult,
  StreamRevision,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionHandler,
  SqlCompanion,
  SqlReadCompanion,
  SqlTransaction,
  WithinAppend,
} from '../port';
import { schemaStatements } from './schema';
import { sharedFlush } from './shared-flush';

export type PostgresEventStoreOptions = {
  connectionString: string;
  /** Schema holding the store's tables; lets several stores share one database. */
  schema?: string;
  /** Connections for appends and reads. */
  poolSize?: number;
  /** Create tables and functions if missing (default true). */
  migrate?: boolean;
  /** Longest wait between checks for new events when no notification arrives. */
  idlePollMs?: number;
};

export type PostgresEventStore = EventStore & {
  readonly kind: 'postgresql';
  readonly schema: string;
  /** Total events in the log, including those of deleted streams. */
  countAll(): Promise<number>;
  /** Checkpoint of the newest visible event (`start` for an empty log): where a reader that read everything stands. */
  headCheckpoint(): Promise<Checkpoint | 'start'>;
  /**
   * Many new streams in one statement and one transaction, all or none: each stream must not exist
   * yet (`no_stream`; one that does fails the whole batch with `WrongExpectedVersion`). For loading
   * history in bulk (an archive, a migration), where one round trip per stream would set the pace.
   */
  appendToNewStreams(streams: NewStream[]): Promise<{ events: number; checkpoint: Checkpoint }>;
  /**
   * As `appendToNewStreams`, for streams already turned into the statement's text by
   * `serializeNewStreams`: a bulk loader can do that in another thread, which then leaves this one
   * only the statement to send.
   */
  appendSerializedNewStreams(batch: SerializedNewStreams): Promise<{ events: number; checkpoint: Checkpoint }>;
};

export type NewStream = { streamId: string; events: EventToAppend[] };

/**
 * New streams as `appendSerializedNewStreams` sends them: plain strings, cheap to pass between
 * threads. `rows` is the events in COPY's text format, one line each.
 */
export type SerializedNewStreams = { streamIds: string[]; firstEventId: string; events: number; heads: string; rows: string };

// COPY's text format takes every byte as it is except these four, which it reads as escapes.
const copyEscapes = /[\\\t\n\r]/;
const copyEscape = (character: string): string =>
  character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r';
const copyField = (text: string): string => (copyEscapes.test(text) ? text.replace(/[\\\t\n\r]/g, copyEscape) : text);

/** Checks and serialises new streams for `appendSerializedNewStreams`; the same checks `appendToStream` makes. */
export const serializeNewStreams = (streams: NewStream[]): SerializedNewStreams => {
  if (streams.length === 0 || streams.some((stream) => stream.events.length === 0)) {
    throw new InvalidAppend('Nothing to append: a stream without events');
  }
  const heads: { id: string; version: number }[] = [];
  let rows = '';
  let count = 0;
  let firstEventId: string | undefined;
  for (const { streamId, events } of streams) {
    if (!streamId) throw new InvalidAppend('A stream id is required');
    heads.push({ id: streamId, version: events.length - 1 });
    const stream = copyField(streamId);
    events.forEach((event, revision) => {
      const id = event.id ?? uuidV7();
      if (!uuidPattern.test(id)) throw new InvalidAppend(`Event id must be a UUID, got ${id}`);
      if (!event.type) throw new InvalidAppend('Every event needs a type (its wire name)');
      firstEventId ??= id;
      count += 1;
      // JSON text never holds a raw tab or line break, but a backslash in any escaped string.
      rows += `${stream}\t${revision}\t${id}\t${copyField(event.type)}\t${event.schemaVersion ?? 1}\t${copyField(JSON.stringify(event.data))}\t${copyField(JSON.stringify(event.metadata ?? {}))}\n`;
    });
  }
  return {
    streamIds: heads.map((head) => head.id),
    firstEventId: firstEventId as string,
    events: count,
    heads: JSON.stringify(heads),
    rows,
  };
};

type EventRow = {
  checkpoint: string;
  stream_id: string;
  stream_revision: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: number;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const identifierPattern = /^[a-z_][a-z0-9_]{0,40}$/;
const START = 'start' as const;

// Fixed-width decimal so checkpoints also sort as plain strings (handy in SQL and logs).
const encodeCheckpoint = (transactionId: string, position: string): Checkpoint =>
  `${transactionId.padStart(20, '0')}:${position.padStart(20, '0')}` as Checkpoint;

const checkpointPattern = /^(\d{1,20}):(\d{1,20})$/;
const canonicalCheckpointPattern = /^\d{20}:\d{20}$/;

const decodeCheckpoint = (checkpoint: Checkpoint): { transactionId: string; position: string } => {
  const match = checkpointPattern.exec(checkpoint);
  if (!match) throw new InvalidAppend(`Not a PostgreSQL event store checkpoint: ${checkpoint}`);
  return { transactionId: BigInt(match[1]).toString(), position: BigInt(match[2]).toString() };
};

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  revision: row.stream_revision,
  checkpoint: row.checkpoint as Checkpoint,
  type: row.event_type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
  recordedAt: new Date(row.recorded_at),
});

/**
 * Time-ordered UUID (RFC 9562 version 7) for events whose id the caller did not choose: new ids
 * land at the right edge of the event-id index instead of on random pages, which keeps appends'
 * index writes and WAL small.
 */
const uuidV7 = (): string => {
  const bytes = randomBytes(16);
  const now = Date.now();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const expectedToText = (expected: ExpectedVersion): string => {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < 0) {
      throw new InvalidAppend(`Expected version must be a 0-based revision, got ${expected}`);
    }
    return String(expected);
  }
  return expected;
};

const isPgError = (error: unknown): error is Error & { code?: string; detail?: string } => error instanceof Error && 'code' in error;

// Lowers only a local flush (`on`, `local`) to an asynchronous commit; answers a row if it did.
const commitAsynchronouslySql = `select set_config('synchronous_commit', 'off', true)
  where current_setting('synchronous_commit') in ('on', 'local'); commit`;

// Writes nothing a reader sees: flushes the log up to here, and so every commit recorded before it.
const flushLogSql = `select pg_logical_emit_message(false, 'ketenregie', '', true)`;

const inTransaction = async <T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  commit: (client: PoolClient) => Promise<unknown> = (client) => client.query('commit'),
): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await commit(client);
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

export const createPostgresEventStore = async (options: PostgresEventStoreOptions): Promise<PostgresEventStore> => {
  const schema = options.schema ?? 'event_store';
  if (!identifierPattern.test(schema)) throw new Error(`Invalid event store schema name: ${schema}`);
  const q = `"${schema}"`;
  const channel = `${schema}_es_events`;
  const idlePollMs = options.idlePollMs ?? 1000;
  const notifyWindowMs = 5;
  const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 20 });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);

  if (options.migrate ?? true) {
    await inTransaction(pool, async (client) => {
      // Two processes starting at once must not race on creating the same catalog entries.
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`ketenregie:${schema}:migrate`]);
      for (const statement of schemaStatements(schema)) await client.query(statement);
    });
  }

  // `pg_logical_emit_message(..., flush)` exists from PostgreSQL 17 on: an older server (through
  // DATABASE_URL) keeps a durable commit per append with work, slower under contention but as safe.
  const logFlushAvailable: Promise<boolean> = pool
    .query<{ version: number }>(`select current_setting('server_version_num')::int as version`)
    .then((result) => result.rows[0].version >= 170000)
    // Not known (the server did not answer): the safe way.
    .catch(() => false);

  // Concurrent commands share one flush statement (`sharedFlush`), not only one disk write.
  const flushLog = sharedFlush(() => pool.query(flushLogSql).then(() => undefined));

  // Wakes subscribers after appends commit: in this process at once, in other processes through a
  // NOTIFY sent at most once per window (leading and trailing edge), so a steady stream of appends
  // costs a bounded number of notifications instead of one extra statement per append.
  const localWakers = new Set<() => void>();
  let notifyTimer: NodeJS.Timeout | undefined;
  let notifyPending = false;
  const sendNotify = () => {
    pool.query('select pg_notify($1, $2)', [channel, '']).catch(() => undefined);
  };
  const announceCommit = () => {
    for (const wakeSubscriber of localWakers) wakeSubscriber();
    if (notifyTimer) {
      notifyPending = true;
      return;
    }
    sendNotify();
    const closeWindow = () => {
      if (notifyPending) {
        notifyPending = false;
        sendNotify();
        notifyTimer = setTimeout(closeWindow, notifyWindowMs);
      } else {
        notifyTimer = undefined;
      }
    };
    notifyTimer = setTimeout(closeWindow, notifyWindowMs);
  };

  // The checkpoint is built and the timestamp converted by PostgreSQL: parsing them in Node was
  // the main cost of reading the log.
  const eventColumns = `lpad(e.transaction_id::text, 20, '0') || ':' || lpad(e.global_position::text, 20, '0') as checkpoint,
    e.stream_id, e.stream_revision::float8 as stream_revision, e.event_id, e.event_type, e.schema_version, e.data, e.metadata,
    (extract(epoch from e.recorded_at) * 1000)::float8 as recorded_at`;

  // `stream` yields the revision before the batch only if the expected version holds; the insert
  // then numbers the events from it. No row from `stream` means nothing is written.
  const insertCtes = (streamStatement: string) => `with stream as (${streamStatement}),
    inserted as (
      insert into ${q}.es_events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata)
        select $1, stream.base + e.n, e.id, e.type, e.v, e.data, e.m
          from stream, jsonb_to_recordset($3::jsonb) as e(n bigint, id uuid, type text, v integer, data jsonb, m jsonb)
        returning global_position, stream_revision
    )`;
  const resultColumns = `max(stream_revision)::float8 as next_version,
           lpad(pg_current_xact_id()::text, 20, '0') || ':' || lpad(max(global_position)::text, 20, '0') as checkpoint`;
  const appendStatement = (streamStatement: string) => `${insertCtes(streamStatement)}
    select ${resultColumns}
      from inserted`;
  // `any` and `no_stream` may create the stream; $2 is true for `any`.
  const upsertStream = `insert into ${q}.es_streams as st (stream_id, version) values ($1, $4 - 1)
      on conflict (stream_id) do update set version = st.version + $4, deleted = false
        where $2::boolean or st.deleted or st.version < 0
      returning st.version - $4 as base`;
  const upsertAppend = appendStatement(upsertStream);
  // An exact revision ($2) or, with $2 null, `stream_exists`.
  const updateStream = `update ${q}.es_streams st set version = st.version + $4
      where st.stream_id = $1 and not st.deleted and st.version >= 0 and ($2::bigint is null or st.version = $2::bigint)
      returning st.version - $4 as base`;
  const updateAppend = appendStatement(updateStream);

  const appendToStream = (streamId: string, events: EventToAppend[], appendOptions?: AppendOptions): Promise<AppendResult> =>
    append(streamId, events, appendOptions);

  /**
   * The append with its companions' CTEs in one statement (`SqlCompanion`), committed as one
   * implicit transaction when the statement ends. `append_result` has a row only when the events
   * went in, and every companion writes only with it. Where the log can be flushed afterwards, the
   * commit is made asynchronous and the log flushed up to it before the answer, as
   * `appendInTransaction` does: locks a companion takes (the access log's chain head) are then held
   * only while PostgreSQL runs the statement, never across a round trip or a disk flush.
   */
  const companionStatementNames = new Map<string, string>();
  const companionStatement = (streamStatement: string, companions: SqlCompanion[], lowerDurability: boolean) => {
    let offset = 4;
    const ctes: string[] = [];
    const checks: string[] = [];
    const values: unknown[] = [];
    companions.forEach((companion, index) => {
      const shift = offset;
      ctes.push(companion.ctes.replace(/\$(\d+)/g, (_match, digits: string) => `$${Number(digits) + shift}`));
      if (companion.check) checks.push(`(select c from ${companion.check} as x(c)) as check_${index}`);
      values.push(...companion.values);
      offset += companion.values.length;
    });
    // Lowered only from a local flush (or none): synchronous replication is kept as configured.
    const durability = lowerDurability
      ? `,
    durability as (select set_config('synchronous_commit', 'off', true) as lowered
      where current_setting('synchronous_commit') in ('on', 'local', 'off'))`
      : '';
    const text = `${insertCtes(streamStatement)},
    append_result as (select ${resultColumns} from inserted having count(*) > 0)${durability},
    ${ctes.join(',\n    ')}
    select r.next_version, r.checkpoint, ${lowerDurability ? '(select count(*) from durability)::int' : '0'} as lowered${checks.map((check) => `, ${check}`).join('')}
      from append_result r`;
    let name = companionStatementNames.get(text);
    // Callers' companions are fixed texts, so a handful of names; beyond that the text is sent unnamed.
    if (name === undefined && companionStatementNames.size < 64) {
      name = `${schema}_es_append_with_${companionStatementNames.size}`;
      companionStatementNames.set(text, name);
    }
    return { text, values, ...(name ? { name } : {}) };
  };

  const appendWithCompanions = (
    streamId: string,
    events: EventToAppend[],
    appendOptions: AppendOptions,
    companions: SqlCompanion[],
  ): Promise<AppendResult> => append(streamId, events, appendOptions, undefined, companions);

  const appendWithin = (
    streamId: string,
    events: EventToAppend[],
    appendOptions: AppendOptions,
    work: WithinAppend,
  ): Promise<AppendResult> => append(streamId, events, appendOptions, work);

  const append = async (
    streamId: string,
    events: EventToAppend[],
    appendOptions?: AppendOptions,
    work?: WithinAppend,
    companions?: SqlCompanion[],
  ): Promise<AppendResult> => {
    if (events.length === 0) throw new InvalidAppend('Nothing to append: the event list is empty');
    if (!streamId) throw new InvalidAppend('A stream id is required');
    const expectedVersion = appendOptions?.expectedVersion ?? 'any';
    const payload = events.map((event, index) => {
      const id = event.id ?? uuidV7();
      if (!uuidPattern.test(id)) throw new InvalidAppend(`Event id must be a UUID, got ${id}`);
      if (!event.type) throw new InvalidAppend('Every event needs a type (its wire name)');
      return { n: index + 1, id, type: event.type, v: event.schemaVersion ?? 1, data: event.data, m: event.metadata ?? {} };
    });
    const creates = expectedVersion === 'any' || expectedVersion === 'no_stream';
    const expected = creates ? expectedVersion === 'any' : expectedVersion === 'stream_exists' ? null : expectedToText(expectedVersion);
    const statement = {
      name: `${schema}_es_append_${creates ? 'upsert' : 'update'}`,
      text: creates ? upsertAppend : updateAppend,
      values: [streamId, expected, JSON.stringify(payload), payload.length],
    };
    const insert = async (runner: Pool | PoolClient): Promise<AppendResult> => {
      const row = (await runner.query<{ next_version: number | null; checkpoint: string }>(statement)).rows[0];
      if (row.next_version === null) throw new WrongExpectedVersion(streamId, expectedVersion, await streamVersion(streamId));
      return { nextExpectedVersion: row.next_version, checkpoint: row.checkpoint as Checkpoint };
    };
    const insertWithCompanions = async (rows: SqlCompanion[]): Promise<AppendResult> => {
      const flushable = await logFlushAvailable;
      const combined = companionStatement(creates ? upsertStream : updateStream, rows, flushable);
      const row = (
        await pool.query<{ next_version: number; checkpoint: string; lowered: number }>({
          ...combined,
          values: [...statement.values, ...combined.values],
        })
      ).rows[0];
      if (!row) throw new WrongExpectedVersion(streamId, expectedVersion, await streamVersion(streamId));
      // Committed, and without its own flush: nobody is answered before the log is on disk up to it.
      if (row.lowered > 0) await flushLog();
      return { nextExpectedVersion: row.next_version, checkpoint: row.checkpoint as Checkpoint };
    };
    try {
      // With work: one transaction, so the events and the caller's rows commit (or not) together.
      const result = companions
        ? await insertWithCompanions(companions)
        : work
          ? await appendInTransaction(insert, work)
          : await insert(pool);
      announceCommit();
      return result;
    } catch (error) {
      const wrongVersion = error instanceof WrongExpectedVersion ? error : undefined;
      const duplicateId = isPgError(error) && error.code === '23505' && error.message.includes('es_events_event_id');
      // A retried append with caller-chosen ids fails one of these two checks; if exactly these
      // events are already stored in this stream, the first attempt succeeded: report that.
      if ((wrongVersion || duplicateId) && events.some((event) => event.id !== undefined)) {
        const earlier = await findEarlierAppend(
          streamId,
          payload.map((event) => event.id),
        );
        if (earlier === 'elsewhere') throw new DuplicateEventId(payload[0].id);
        if (earlier) return { ...earlier, alreadyStored: true };
      }
      if (wrongVersion) throw wrongVersion;
      if (duplicateId) throw new DuplicateEventId(payload[0].id);
      throw error;
    }
  };

  /**
   * The append and the caller's writes in one transaction, durable before it answers. The work may
   * lock a row that every such transaction needs (the access log's chain head): held through a
   * durable commit, that lock would make each commit wait for the previous one's disk flush. So a
   * plain `on` (or `local`) commit is made asynchronous, which releases the locks as soon as the
   * commit is recorded, and the log is then flushed up to and including it before the answer:
   * flushes of concurrent commands share one write to disk, as durable commits without the lock
   * do. A stronger setting (synchronous replication) is kept as is.
   */
  const appendInTransaction = async (insert: (runner: PoolClient) => Promise<AppendResult>, work: WithinAppend): Promise<AppendResult> => {
    let flush = false;
    let committed: Promise<void> | undefined;
    const commit = async (client: PoolClient): Promise<void> => {
      // Without a way to flush the log afterwards, the commit stays durable by itself.
      if (!(await logFlushAvailable)) {
        await client.query('commit');
        return;
      }
      // One round trip: the simple protocol sends both statements at once.
      const [lowered] = (await client.query(commitAsynchronouslySql)) as unknown as [{ rows: unknown[] }];
      flush = lowered.rows.length === 1;
    };
    const result = await inTransaction(
      pool,
      async (client) => {
        const appended = await insert(client);
        const afterCommit = () => new Error('A statement after the commit of an append');
        const transaction: SqlTransaction = {
          query: (text, values) => (committed ? Promise.reject(afterCommit()) : client.query(text, values)),
          // Both are queued on the connection at once: the client sends the commit the moment the
          // statement is done, without a turn of this process's event loop in between.
          queryAndCommit: async (text, values) => {
            if (committed) throw afterCommit();
            const statement = client.query(text, values);
            committed = commit(client);
            const [done, ended] = await Promise.allSettled([statement, committed]);
            if (done.status === 'rejected') throw done.reason;
            if (ended.status === 'rejected') throw ended.reason;
            return done.value;
          },
        };
        await work(transaction, appended);
        return appended;
      },
      (client) => committed ?? commit(client),
    );
    // A lost connection here leaves a commit whose answer the caller never sees, as a lost commit
    // acknowledgement does; a retry finds the stored answer or the stored events.
    if (flush) await flushLog();
    return result;
  };

  const findEarlierAppend = async (streamId: string, ids: string[]): Promise<AppendResult | 'elsewhere' | undefined> => {
    const result = await pool.query<{ stream_id: string; stream_revision: string; event_id: string; tx: string; global_position: string }>(
      `select stream_id, stream_revision, event_id, transaction_id::text as tx, global_position
         from ${q}.es_events where event_id = any($1::uuid[]) order by stream_revision`,
      [ids],
    );
    if (result.rows.length === 0) return undefined;
    const rows = result.rows;
    const sameOrder = rows.length === ids.length && rows.every((row, index) => row.event_id === ids[index].toLowerCase());
    const contiguous = rows.every((row, index) => Number(row.stream_revision) === Number(rows[0].stream_revision) + index);
    if (!sameOrder || !contiguous || rows.some((row) => row.stream_id !== streamId)) return 'elsewhere';
    const last = rows[rows.length - 1];
    return { nextExpectedVersion: Number(last.stream_revision), checkpoint: encodeCheckpoint(last.tx, last.global_position) };
  };

  const readStream = async (streamId: string, readOptions?: ReadStreamOptions): Promise<RecordedEvent[]> => {
    const backwards = readOptions?.direction === 'backwards';
    const from = readOptions?.fromRevision ?? (backwards ? 'end' : 'start');
    const maxCount = readOptions?.maxCount ?? 2_147_483_647;
    if (maxCount <= 0 || (!backwards && from === 'end')) return [];
    const bound = from === 'end' ? null : from === 'start' ? 0 : from;
    const result = await pool.query<EventRow>({
      name: `${schema}_es_read_stream_${backwards ? 'b' : 'f'}`,
      text: `select ${eventColumns}
        from ${q}.es_events e join ${q}.es_streams s on s.stream_id = e.stream_id
        where e.stream_id = $1 and not s.deleted and e.stream_revision >= s.truncate_before
          and ($2::bigint is null or e.stream_revision ${backwards ? '<=' : '>='} $2::bigint)
        order by e.stream_revision ${backwards ? 'desc' : 'asc'}
        limit $3`,
      values: [streamId, bound, maxCount],
    });
    return result.rows.map(toRecordedEvent);
  };

  // Callers' companions are fixed texts, so a handful of names; beyond that the text is sent unnamed.
  const readWithNames = new Map<string, string>();
  const readStreamWith = async (
    streamId: string,
    companions: SqlReadCompanion[],
  ): Promise<{ events: RecordedEvent[]; companions: (Record<string, unknown> | undefined)[] }> => {
    let offset = 1;
    const ctes: string[] = [];
    const values: unknown[] = [streamId];
    for (const companion of companions) {
      const shift = offset;
      ctes.push(companion.ctes.replace(/\$(\d+)/g, (_match, digits: string) => `$${Number(digits) + shift}`));
      values.push(...companion.values);
      offset += companion.values.length;
    }
    const results = companions.map((companion, index) => `(select to_jsonb(x) from ${companion.result} x limit 1) as companion_${index}`);
    // One row at least, so the companions' answers come back for an empty stream too.
    const text = `${ctes.length > 0 ? `with ${ctes.join(',\n    ')}` : ''}
      select ${[...results, 'ev.*'].join(', ')}
        from (select 1) as one
        left join lateral (
          select ${eventColumns}
            from ${q}.es_events e join ${q}.es_streams s on s.stream_id = e.stream_id
           where e.stream_id = $1 and not s.deleted and e.stream_revision >= s.truncate_before
        ) ev on true
       order by ev.stream_revision`;
    let name = readWithNames.get(text);
    if (name === undefined && readWithNames.size < 64) {
      name = `${schema}_es_read_with_${readWithNames.size}`;
      readWithNames.set(text, name);
    }
    const result = await pool.query<EventRow & Record<string, unknown>>({ text, values, ...(name ? { name } : {}) });
    const events = result.rows.filter((row) => row.event_id !== null).map(toRecordedEvent);
    const first = result.rows[0];
    return {
      events,
      companions: companions.map((_companion, index) => (first?.[`companion_${index}`] as Record<string, unknown> | null) ?? undefined),
    };
  };

  const streamVersion = async (streamId: string): Promise<StreamRevision | 'no_stream'> => {
    const result = await pool.query<{ version: string; deleted: boolean }>(
      `select version, deleted from ${q}.es_streams where stream_id = $1`,
      [streamId],
    );
    const row = result.rows[0];
    if (!row || row.deleted || Number(row.version) < 0) return 'no_stream';
    return Number(row.version);
  };

  const readAllFrom = async (runner: Pool | PoolClient | Client, from: Checkpoint | 'start', maxCount: number): Promise<ReadAllResult> => {
    const cursor = from === START ? { transactionId: '0', position: '0' } : decodeCheckpoint(from);
    const result = await runner.query<EventRow>({
      name: `${schema}_es_read_all`,
      text: `select ${eventColumns} from ${q}.es_events e
        where (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
          and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by e.transaction_id, e.global_position
        limit $3`,
      values: [cursor.transactionId, cursor.position, maxCount],
    });
    const events = result.rows.map(toRecordedEvent);
    return { events, checkpoint: events.length > 0 ? events[events.length - 1].checkpoint : from };
  };

  const readAll = (readOptions?: ReadAllOptions): Promise<ReadAllResult> =>
    readAllFrom(pool, readOptions?.from ?? START, readOptions?.maxCount ?? 1000);

  /**
   * A subscription's read: the next visible events and, when there are none, whether committed
   * events after `from` are still hidden behind an older running transaction (then it polls
   * briefly instead of waiting for a notification). One statement for both: under steady load a
   * subscriber asked twice for every empty read, for every projection in the process.
   */
  const readLiveFrom = async (from: Checkpoint | 'start', maxCount: number): Promise<ReadAllResult & { pending: boolean }> => {
    const cursor = from === START ? { transactionId: '0', position: '0' } : decodeCheckpoint(from);
    const result = await pool.query<Omit<EventRow, 'event_id'> & { event_id: string | null; pending: boolean }>({
      name: `${schema}_es_read_live`,
      text: `with page as (
          select ${eventColumns}, e.transaction_id as tx, e.global_position as gp from ${q}.es_events e
           where (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
             and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
           order by e.transaction_id, e.global_position
           limit $3
        )
        select p.checkpoint, p.stream_id, p.stream_revision, p.event_id, p.event_type, p.schema_version, p.data, p.metadata,
               p.recorded_at, f.pending
          from (select not exists (select 1 from page)
                       and exists (select 1 from ${q}.es_events e
                                    where (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)) as pending) f
          left join page p on true
         order by p.tx, p.gp`,
      values: [cursor.transactionId, cursor.position, maxCount],
    });
    // No visible event: the one row carries only the flag.
    const events = result.rows.flatMap((row) => (row.event_id === null ? [] : [toRecordedEvent(row as EventRow)]));
    return {
      events,
      checkpoint: events.length > 0 ? events[events.length - 1].checkpoint : from,
      pending: result.rows[0]?.pending ?? false,
    };
  };

  const compareCheckpoints = (a: Checkpoint | 'start', b: Checkpoint | 'start'): number => {
    if (a === b) return 0;
    if (a === START) return -1;
    if (b === START) return 1;
    // Checkpoints this store writes are fixed-width and sort as text; a rebuild compares one per
    // event and projection, and decoding both into BigInts each time was a twentieth of its CPU.
    if (canonicalCheckpointPattern.test(a) && canonicalCheckpointPattern.test(b)) return a < b ? -1 : 1;
    const left = decodeCheckpoint(a);
    const right = decodeCheckpoint(b);
    const byTransaction = BigInt(left.transactionId) - BigInt(right.transactionId);
    if (byTransaction !== 0n) return byTransaction < 0n ? -1 : 1;
    const byPosition = BigInt(left.position) - BigInt(right.position);
    return byPosition === 0n ? 0 : byPosition < 0n ? -1 : 1;
  };

  const countEventsAfter = async (from: Checkpoint | 'start', limit = 1_000_000): Promise<number> => {
    const cursor = from === START ? { transactionId: '0', position: '0' } : decodeCheckpoint(from);
    const result = await pool.query<{ count: string }>(
      `select count(*) as count from (select 1 from ${q}.es_events e
         where (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
           and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         limit $3) visible`,
      [cursor.transactionId, cursor.position, limit],
    );
    return Number(result.rows[0].count);
  };

  const headCheckpoint = async (): Promise<Checkpoint | 'start'> => {
    const result = await pool.query<{ checkpoint: Checkpoint }>(
      `select lpad(e.transaction_id::text, 20, '0') || ':' || lpad(e.global_position::text, 20, '0') as checkpoint
         from ${q}.es_events e
        where e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by e.transaction_id desc, e.global_position desc
        limit 1`,
    );
    return result.rows[0]?.checkpoint ?? START;
  };

  const subscribeToAll = (handler: SubscriptionHandler, subscribeOptions?: SubscribeToAllOptions): Subscription => {
    const batchSize = subscribeOptions?.batchSize ?? 500;
    const coalesceMs = subscribeOptions?.coalesceMs ?? 0;
    let position: Checkpoint | 'start' = subscribeOptions?.from ?? START;
    let stopped = false;
    let wake: (() => void) | undefined;
    let notified = false;
    const listener = new Client({ connectionString: options.connectionString });
    const onCommit = () => {
      notified = true;
      wake?.();
    };
    listener.on('notification', onCommit);
    localWakers.add(onCommit);
    // A dropped listener connection only costs latency: the loop still polls while idle.
    listener.on('error', () => undefined);

    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve();
        }, ms);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });

    const run = async () => {
      await listener.connect().then(
        () => listener.query(`listen "${channel}"`),
        () => undefined,
      );
      let caughtUp = false;
      let pendingDelay = 2;
      while (!stopped) {
        notified = false;
        const { events, checkpoint, pending } = await readLiveFrom(position, batchSize);
        if (events.length > 0) {
          await handler(events);
          position = checkpoint;
          pendingDelay = 2;
          // A plain timer: notifications arriving meanwhile must not cut the wait short.
          if (events.length < batchSize && coalesceMs > 0 && !stopped) await delay(coalesceMs);
          continue;
        }
        if (!caughtUp) {
          caughtUp = true;
          subscribeOptions?.onCaughtUp?.();
        }
        if (stopped) break;
        if (notified) continue;
        // Committed events hidden behind an older, still running transaction become visible when
        // it ends, which sends no notification of its own: poll briefly while such events exist.
        if (pending) {
          await sleep(pendingDelay);
          pendingDelay = Math.min(pendingDelay * 2, 50);
        } else {
          await sleep(idlePollMs);
        }
      }
    };

    const done = run()
      .catch((error: unknown) => {
        if (!stopped) subscribeOptions?.onError?.(error);
      })
      .finally(() => {
        localWakers.delete(onCommit);
        return listener.end().catch(() => undefined);
      });

    return {
      done,
      stop: async () => {
        stopped = true;
        wake?.();
        await done;
      },
    };
  };

  const deleteStream = async (streamId: string, deleteOptions?: AppendOptions): Promise<void> => {
    const expected = deleteOptions?.expectedVersion ?? 'any';
    await inTransaction(pool, async (client) => {
      const result = await client.query<{ version: string; deleted: boolean }>(
        `select version, deleted from ${q}.es_streams where stream_id = $1 for update`,
        [streamId],
      );
      const row = result.rows[0];
      const current = !row || row.deleted || Number(row.version) < 0 ? -1 : Number(row.version);
      const ok =
        expected === 'any' ||
        (expected === 'no_stream' && current === -1) ||
        (expected === 'stream_exists' && current >= 0) ||
        (typeof expected === 'number' && current === expected);
      if (!ok) throw new WrongExpectedVersion(streamId, expected, current < 0 ? 'no_stream' : current);
      if (current >= 0) {
        await client.query(`update ${q}.es_streams set deleted = true, truncate_before = version + 1 where stream_id = $1`, [streamId]);
      }
    });
  };

  const setStreamMetadata: EventStore['setStreamMetadata'] = async (streamId, metadata, metadataOptions) => {
    const expected = metadataOptions?.expectedMetadataRevision ?? 'any';
    return inTransaction(pool, async (client) => {
      await client.query(`insert into ${q}.es_streams (stream_id) values ($1) on conflict (stream_id) do nothing`, [streamId]);
      const result = await client.query<{ metadata_revision: number | null }>(
        `select metadata_revision from ${q}.es_streams where stream_id = $1 for update`,
        [streamId],
      );
      const current = result.rows[0].metadata_revision;
      const ok =
        expected === 'any' || (expected === 'no_stream' && current === null) || (typeof expected === 'number' && current === expected);
      if (!ok) throw new WrongExpectedVersion(`$$${streamId}`, expected, current ?? 'no_stream');
      const next = current === null ? 0 : current + 1;
      await client.query(`update ${q}.es_streams set metadata = $2, metadata_revision = $3 where stream_id = $1`, [
        streamId,
        JSON.stringify(metadata),
        next,
      ]);
      return { metadataRevision: next };
    });
  };

  const getStreamMetadata = async (streamId: string): Promise<StreamMetadataResult> => {
    const result = await pool.query<{ metadata: StreamMetadata | null; metadata_revision: number | null }>(
      `select metadata, metadata_revision from ${q}.es_streams where stream_id = $1`,
      [streamId],
    );
    const row = result.rows[0];
    if (!row || row.metadata_revision === null) return { metadata: {}, metadataRevision: 'no_stream' };
    return { metadata: row.metadata ?? {}, metadataRevision: row.metadata_revision };
  };

  // New streams in one transaction: their heads from one JSON array, their events through COPY,
  // which PostgreSQL parses field by field. Taking the events from one JSON array instead cost the
  // server half as much again per event: it parsed the whole array, then rebuilt each event's data
  // out of it.
  const newStreamHeadsStatement = `insert into ${q}.es_streams (stream_id, version)
      select s.id, s.version from jsonb_to_recordset($1::jsonb) as s(id text, version bigint)`;
  const copyNewEventsStatement = `copy ${q}.es_events (stream_id, stream_revision, event_id, event_type, schema_version, data, metadata) from stdin`;
  const newStreamsCheckpointStatement = `select lpad(pg_current_xact_id()::text, 20, '0') || ':' || lpad(max(global_position)::text, 20, '0') as checkpoint
      from ${q}.es_events where transaction_id = pg_current_xact_id()`;

  const copyIn = (client: PoolClient, rows: string): Promise<number> =>
    new Promise((done, fail) => {
      const stream = client.query(copyFrom(copyNewEventsStatement));
      stream.once('error', fail);
      stream.once('finish', () => done(stream.rowCount ?? 0));
      stream.end(rows);
    });

  const appendSerializedNewStreams = async (batch: SerializedNewStreams): Promise<{ events: number; checkpoint: Checkpoint }> => {
    try {
      const appended = await inTransaction(pool, async (client) => {
        await client.query({ name: `${schema}_es_new_stream_heads`, text: newStreamHeadsStatement, values: [batch.heads] });
        const events = await copyIn(client, batch.rows);
        if (events !== batch.events) throw new Error(`COPY wrote ${events} of ${batch.events} events`);
        const result = await client.query<{ checkpoint: string }>({
          name: `${schema}_es_new_streams_checkpoint`,
          text: newStreamsCheckpointStatement,
        });
        return { events, checkpoint: result.rows[0].checkpoint as Checkpoint };
      });
      announceCommit();
      return appended;
    } catch (error) {
      if (isPgError(error) && error.code === '23505') {
        if (error.message.includes('es_events_event_id')) throw new DuplicateEventId(batch.firstEventId);
        const existing = await pool.query<{ stream_id: string; version: string }>(
          `select stream_id, version from ${q}.es_streams where stream_id = any($1::text[]) limit 1`,
          [batch.streamIds],
        );
        const [found] = existing.rows;
        if (found) throw new WrongExpectedVersion(found.stream_id, 'no_stream', Number(found.version));
      }
      throw error;
    }
  };

  const appendToNewStreams = async (streams: NewStream[]): Promise<{ events: number; checkpoint: Checkpoint }> =>
    appendSerializedNewStreams(serializeNewStreams(streams));

  const countAll = async (): Promise<number> => {
    const result = await pool.query<{ count: string }>(`select count(*) as count from ${q}.es_events`);
    return Number(result.rows[0].count);
  };

  return {
    kind: 'postgresql',
    schema,
    appendToStream,
    appendWithin,
    appendWithCompanions,
    readStreamWith,
    readStream,
    streamVersion,
    readAll,
    subscribeToAll,
    isCheckpoint: (value: string): value is Checkpoint => checkpointPattern.test(value),
    compareCheckpoints,
    countEventsAfter,
    deleteStream,
    setStreamMetadata,
    getStreamMetadata,
    countAll,
    headCheckpoint,
    appendToNewStreams,
    appendSerializedNewStreams,
    close: () => pool.end(),
  };
};
