import type { EntityManager } from 'typeorm';
import type { Checkpoint, RecordedEvent } from '../port';
import type { FailureDescription } from './failures';
import { describeFailure, isEventIndependentFailure } from './failures';
import type { Projection } from './projection';
import {
  PARKED_EVENTS_TABLE,
  PROJECTION_STATE_TABLE,
  filterProjectionEvents,
  fromStoredCheckpoint,
  millis,
  selectRows,
  toStoredCheckpoint,
} from './projection-state';

/**
 * Parked events (docs/adr/0009-parked-events.md): an event a projection cannot apply is set aside
 * for that projection, in the same transaction that moves its checkpoint past it, so the rest of
 * the region keeps flowing and each event still takes effect exactly once: applied, or parked and
 * applied later when a retry succeeds. Later events of the same stream are held behind it, so a
 * stream's rows only ever show a prefix of its history, never a later event applied over a gap.
 */

/** `failed`: the event fails on its own. `held`: it waits behind an earlier parked event of its stream. */
export type ParkReason = 'failed' | 'held';

export type ParkedEvent = {
  reason: ParkReason;
  event: RecordedEvent;
  /** The checkpoint just before the event: reading all from it returns the event again. */
  previous: Checkpoint | 'start';
  failure?: FailureDescription;
  attempts: number;
};

export type ParkingScope = {
  projection: Projection;
  generation: number;
  tables: Record<string, string>;
};

export type ApplyWithParkingOptions = {
  /**
   * Apply in savepoints and set aside each event that fails alone, instead of failing the batch.
   * Only after the batch failed on its own: bisecting costs a savepoint per try.
   */
  isolate: boolean;
  /** False only when nothing of this generation is parked, which spares a query per batch. */
  mayHaveParked: boolean;
  /** Tries of a single event before it is parked. */
  confirmations?: number;
  /** Failed tries of the whole batch so far; counted in a parked event's attempts. */
  priorFailures?: number;
  /** When a parked event is first retried. */
  retryInMs: number;
};

const DEFAULT_CONFIRMATIONS = 2;
const SAVEPOINT = 'ketenregie_projection_event';

type Queryable = Pick<EntityManager, 'query'>;

/** Applies `projection.apply` inside a savepoint; answers the error instead of aborting the transaction. */
const tryInSavepoint = async (manager: EntityManager, apply: () => Promise<void>): Promise<unknown> => {
  await manager.query(`savepoint ${SAVEPOINT}`);
  try {
    await apply();
    await manager.query(`release savepoint ${SAVEPOINT}`);
    return undefined;
  } catch (error) {
    await manager.query(`rollback to savepoint ${SAVEPOINT}`);
    await manager.query(`release savepoint ${SAVEPOINT}`);
    return error;
  }
};

/** Streams among `streamIds` that have an event parked for this projection and generation. */
export const parkedStreams = async (db: Queryable, name: string, generation: number, streamIds: string[]): Promise<Set<string>> => {
  if (streamIds.length === 0) return new Set();
  const rows = await selectRows<{ stream_id: string }>(
    db,
    `select distinct stream_id from ${PARKED_EVENTS_TABLE}
      where projection = $1 and generation = $2 and stream_id = any($3::text[])`,
    [name, generation, streamIds],
  );
  return new Set(rows.map((row) => row.stream_id));
};

const insertParked = async (manager: EntityManager, scope: ParkingScope, parked: ParkedEvent[], retryInMs: number): Promise<void> => {
  const column = <T>(pick: (entry: ParkedEvent) => T): T[] => parked.map(pick);
  await manager.query(
    `insert into ${PARKED_EVENTS_TABLE} (
        projection, generation, reason, event_id, stream_id, stream_revision, event_type, checkpoint,
        previous_checkpoint, error_class, error_code, error_message, attempts, first_failed_at, last_retried_at, next_retry_at)
     select $1, $2, u.reason, u.event_id, u.stream_id, u.revision, u.event_type, u.checkpoint, u.previous,
            u.error_class, u.error_code, u.error_message, u.attempts,
            case when u.reason = 'failed' then now() end,
            case when u.reason = 'failed' then now() end,
            case when u.reason = 'failed' then now() + $3::interval end
       from unnest($4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::int[])
            with ordinality as u(reason, event_id, stream_id, revision, event_type, checkpoint, previous,
                                 error_class, error_code, error_message, attempts, ord)
      order by u.ord`,
    [
      scope.projection.name,
      scope.generation,
      millis(retryInMs),
      column((entry) => entry.reason),
      column((entry) => entry.event.id),
      column((entry) => entry.event.streamId),
      column((entry) => entry.event.revision),
      column((entry) => entry.event.type),
      column((entry) => entry.event.checkpoint),
      column((entry) => toStoredCheckpoint(entry.previous)),
      column((entry) => entry.failure?.errorClass ?? null),
      column((entry) => entry.failure?.errorCode ?? null),
      column((entry) => entry.failure?.errorMessage ?? null),
      column((entry) => entry.attempts),
    ],
  );
};

/**
 * Applies a batch read from `from` within the caller's transaction. Events of streams with a parked
 * event are held; with `isolate`, a failing batch is bisected in savepoints so that every event that
 * applies does so exactly once and each event that fails on its own (`confirmations` times, with an
 * error that is not event-independent) is parked. Event-independent failures are thrown: the caller
 * rolls back and retries the whole batch.
 */
export const applyWithParking = async (
  manager: EntityManager,
  scope: ParkingScope,
  from: Checkpoint | 'start',
  events: RecordedEvent[],
  options: ApplyWithParkingOptions,
): Promise<ParkedEvent[]> => {
  const { projection } = scope;
  const relevant = filterProjectionEvents(projection, events);
  if (relevant.length === 0) return [];
  const position = new Map<RecordedEvent, number>(events.map((event, index) => [event, index]));
  const previousOf = (event: RecordedEvent): Checkpoint | 'start' => {
    const index = position.get(event) ?? 0;
    return index === 0 ? from : events[index - 1].checkpoint;
  };
  const context = { manager, tables: scope.tables };
  const held = options.mayHaveParked
    ? await parkedStreams(manager, projection.name, scope.generation, [...new Set(relevant.map((event) => event.streamId))])
    : new Set<string>();
  const parked: ParkedEvent[] = [];
  const holdBack = (batch: RecordedEvent[]): RecordedEvent[] =>
    batch.filter((event) => {
      if (!held.has(event.streamId)) return true;
      parked.push({ reason: 'held', event, previous: previousOf(event), attempts: 0 });
      return false;
    });

  const confirmations = options.confirmations ?? DEFAULT_CONFIRMATIONS;
  const isolate = async (batch: RecordedEvent[]): Promise<void> => {
    const rest = holdBack(batch);
    if (rest.length === 0) return;
    const failure = await tryInSavepoint(manager, () => projection.apply(rest, context));
    if (failure === undefined) return;
    if (isEventIndependentFailure(failure)) throw failure;
    if (rest.length > 1) {
      const middle = Math.ceil(rest.length / 2);
      await isolate(rest.slice(0, middle));
      await isolate(rest.slice(middle));
      return;
    }
    let last = failure;
    let tries = 1;
    for (; tries < confirmations; tries++) {
      const again = await tryInSavepoint(manager, () => projection.apply(rest, context));
      if (again === undefined) return;
      if (isEventIndependentFailure(again)) throw again;
      last = again;
    }
    const [event] = rest;
    held.add(event.streamId);
    parked.push({
      reason: 'failed',
      event,
      previous: previousOf(event),
      failure: describeFailure(last),
      attempts: (options.priorFailures ?? 0) + tries,
    });
  };

  if (options.isolate) {
    await isolate(relevant);
  } else {
    const rest = holdBack(relevant);
    if (rest.length > 0) await projection.apply(rest, context);
  }
  if (parked.length > 0) {
    parked.sort((a, b) => (position.get(a.event) ?? 0) - (position.get(b.event) ?? 0));
    await insertParked(manager, scope, parked, options.retryInMs);
  }
  return parked;
};

export type ParkedRow = {
  seq: string;
  reason: ParkReason;
  eventId: string;
  streamId: string;
  eventType: string;
  checkpoint: Checkpoint;
  previous: Checkpoint | 'start';
  attempts: number;
  /** Retries since it was parked; the pause before the next one doubles with each. */
  retries: number;
};

type RawParkedRow = {
  seq: string;
  reason: ParkReason;
  event_id: string;
  stream_id: string;
  event_type: string;
  checkpoint: string;
  previous_checkpoint: string | null;
  attempts: number;
  retries: number;
};

const toParkedRow = (raw: RawParkedRow): ParkedRow => ({
  seq: String(raw.seq),
  reason: raw.reason,
  eventId: raw.event_id,
  streamId: raw.stream_id,
  eventType: raw.event_type,
  checkpoint: raw.checkpoint as Checkpoint,
  previous: fromStoredCheckpoint(raw.previous_checkpoint),
  attempts: Number(raw.attempts),
  retries: Number(raw.retries),
});

/** The parked events of one stream, in log order; locked when asked, for a retry. */
export const readParkedStream = async (
  db: Queryable,
  name: string,
  generation: number,
  streamId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ParkedRow[]> =>
  (
    await selectRows<RawParkedRow>(
      db,
      `select seq, reason, event_id, stream_id, event_type, checkpoint, previous_checkpoint, attempts, retries
         from ${PARKED_EVENTS_TABLE}
        where projection = $1 and generation = $2 and stream_id = $3
        order by seq${options.forUpdate ? ' for update' : ''}`,
      [name, generation, streamId],
    )
  ).map(toParkedRow);

/** Streams whose first parked event is due for a retry (all of them when `everything`). */
export const dueParkedStreams = async (db: Queryable, name: string, generation: number, everything: boolean): Promise<string[]> =>
  (
    await selectRows<{ stream_id: string }>(
      db,
      `select stream_id from ${PARKED_EVENTS_TABLE}
        where projection = $1 and generation = $2 and reason = 'failed' and ($3 or next_retry_at <= now())
        group by stream_id order by min(seq)`,
      [name, generation, everything],
    )
  ).map((row) => row.stream_id);

/** When the next parked event of this generation is due, or null when none is parked. */
export const nextParkedRetry = async (db: Queryable, name: string, generation: number): Promise<Date | null> => {
  const [row] = await selectRows<{ next: Date | null }>(
    db,
    `select min(next_retry_at) as next from ${PARKED_EVENTS_TABLE}
      where projection = $1 and generation = $2 and reason = 'failed'`,
    [name, generation],
  );
  return row?.next ?? null;
};

export type ParkedCounts = { failed: number; held: number };

/** Parked events of each projection's active generation. */
export const countParked = async (db: Queryable, names: string[]): Promise<Map<string, ParkedCounts>> => {
  const rows = await selectRows<{ name: string; failed: number; held: number }>(
    db,
    `select p.projection as name,
            count(*) filter (where p.reason = 'failed')::int as failed,
            count(*) filter (where p.reason = 'held')::int as held
       from ${PARKED_EVENTS_TABLE} p
       join ${PROJECTION_STATE_TABLE} s on s.name = p.projection and s.generation = p.generation
      where p.projection = any($1::text[])
      group by p.projection`,
    [names],
  );
  return new Map(rows.map((row) => [row.name, { failed: Number(row.failed), held: Number(row.held) }]));
};

export type StreamRetryOutcome = {
  applied: ParkedRow[];
  /** The event that failed again; it and the events after it stay parked. */
  failed?: { row: ParkedRow; failure: FailureDescription; attempts: number };
};

/**
 * Retries one stream's parked events in log order within the caller's transaction: each event that
 * applies is removed from the parked events in the same transaction; the first that fails again
 * becomes the stream's failed event with its next retry pushed back. Event-independent failures
 * are thrown, so the caller rolls back and keeps everything parked.
 */
export const retryParkedStream = async (
  manager: EntityManager,
  scope: ParkingScope,
  rows: ParkedRow[],
  events: Map<string, RecordedEvent>,
  backoffMs: (retries: number) => number,
): Promise<StreamRetryOutcome> => {
  const applied: ParkedRow[] = [];
  const context = { manager, tables: scope.tables };
  for (const row of rows) {
    const event = events.get(row.eventId);
    if (!event) throw new Error(`Parked event ${row.eventId} of projection ${scope.projection.name} could not be read again`);
    const failure = await tryInSavepoint(manager, () => scope.projection.apply([event], context));
    if (failure === undefined) {
      applied.push(row);
      continue;
    }
    if (isEventIndependentFailure(failure)) throw failure;
    const description = describeFailure(failure);
    const attempts = row.attempts + 1;
    // A held event that now fails itself starts its own backoff.
    const retries = row.reason === 'failed' ? row.retries + 1 : 0;
    await manager.query(
      `update ${PARKED_EVENTS_TABLE}
          set reason = 'failed', attempts = $2, retries = $3, error_class = $4, error_code = $5, error_message = $6,
              first_failed_at = coalesce(first_failed_at, now()), last_retried_at = now(),
              next_retry_at = now() + $7::interval
        where seq = $1`,
      [
        row.seq,
        attempts,
        retries,
        description.errorClass,
        description.errorCode ?? null,
        description.errorMessage,
        millis(backoffMs(retries)),
      ],
    );
    if (applied.length > 0) await deleteParked(manager, applied);
    return { applied, failed: { row, failure: description, attempts } };
  }
  if (applied.length > 0) await deleteParked(manager, applied);
  return { applied };
};

const deleteParked = async (manager: EntityManager, rows: ParkedRow[]): Promise<void> => {
  await manager.query(`delete from ${PARKED_EVENTS_TABLE} where seq = any($1::bigint[])`, [rows.map((row) => row.seq)]);
};

/** Drops the parked events of every generation of a projection but `keep` (after a rebuild's switch). */
export const dropParkedOfOtherGenerations = async (db: Queryable, name: string, keep: number): Promise<void> => {
  await db.query(`delete from ${PARKED_EVENTS_TABLE} where projection = $1 and generation <> $2`, [name, keep]);
};

/** Drops what an interrupted rebuild parked in a generation it starts again from position 0. */
export const dropParkedOfGeneration = async (db: Queryable, name: string, generation: number): Promise<void> => {
  await db.query(`delete from ${PARKED_EVENTS_TABLE} where projection = $1 and generation = $2`, [name, generation]);
};
