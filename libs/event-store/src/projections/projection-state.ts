import type { DataSource, EntityManager } from 'typeorm';
import type { Checkpoint, RecordedEvent } from '../port';
import type { Projection } from './projection';

/**
 * Shared SQL of the runner and the rebuild: the `projection_state` table (checkpoint, lease,
 * generation and rebuild progress per projection) and the generation-to-view mapping.
 */

export const PROJECTION_STATE_TABLE = 'projection_state';
/** Events a projection set aside (docs/adr/0009-parked-events.md), per projection and generation. */
export const PARKED_EVENTS_TABLE = 'projection_parked_events';

export type ProjectionStateRow = {
  name: string;
  checkpoint: Checkpoint | 'start';
  generation: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  updatedAt: Date | null;
  rebuildGeneration: number | null;
  rebuildCheckpoint: Checkpoint | 'start';
  rebuildOwner: string | null;
  rebuildExpiresAt: Date | null;
  rebuildStartedAt: Date | null;
};

type RawStateRow = {
  name: string;
  checkpoint: string | null;
  generation: number;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  updated_at: Date | null;
  rebuild_generation: number | null;
  rebuild_checkpoint: string | null;
  rebuild_owner: string | null;
  rebuild_expires_at: Date | null;
  rebuild_started_at: Date | null;
};

export const STATE_COLUMNS =
  'name, checkpoint, generation, lease_owner, lease_expires_at, updated_at, rebuild_generation, ' +
  'rebuild_checkpoint, rebuild_owner, rebuild_expires_at, rebuild_started_at';

// `start` is stored as null so that no adapter checkpoint format can ever collide with it.
export const toStoredCheckpoint = (checkpoint: Checkpoint | 'start'): string | null => (checkpoint === 'start' ? null : checkpoint);

export const fromStoredCheckpoint = (value: string | null): Checkpoint | 'start' => (value === null ? 'start' : (value as Checkpoint));

export const toStateRow = (raw: RawStateRow): ProjectionStateRow => ({
  name: raw.name,
  checkpoint: fromStoredCheckpoint(raw.checkpoint),
  generation: Number(raw.generation),
  leaseOwner: raw.lease_owner,
  leaseExpiresAt: raw.lease_expires_at,
  updatedAt: raw.updated_at,
  rebuildGeneration: raw.rebuild_generation === null ? null : Number(raw.rebuild_generation),
  rebuildCheckpoint: fromStoredCheckpoint(raw.rebuild_checkpoint),
  rebuildOwner: raw.rebuild_owner,
  rebuildExpiresAt: raw.rebuild_expires_at,
  rebuildStartedAt: raw.rebuild_started_at,
});

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** Runs a statement and returns its rows; UPDATE ... RETURNING is wrapped so TypeORM returns rows. */
export const selectRows = async <T>(db: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> =>
  (await db.query(sql, parameters)) as T[];

export const readState = async (db: Queryable, name: string, options: { forUpdate?: boolean } = {}): Promise<ProjectionStateRow | null> => {
  const rows = await selectRows<RawStateRow>(
    db,
    `select ${STATE_COLUMNS} from ${PROJECTION_STATE_TABLE} where name = $1${options.forUpdate ? ' for update' : ''}`,
    [name],
  );
  return rows[0] ? toStateRow(rows[0]) : null;
};

/** The state rows of several projections; `forUpdate` locks them in name order, as every such lock does. */
export const readStates = async (
  db: Queryable,
  names: readonly string[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<string, ProjectionStateRow>> => {
  const rows = await selectRows<RawStateRow>(
    db,
    `select ${STATE_COLUMNS} from ${PROJECTION_STATE_TABLE} where name = any($1::text[]) order by name${options.forUpdate ? ' for update' : ''}`,
    [names],
  );
  return new Map(rows.map((raw) => [raw.name, toStateRow(raw)]));
};

/** Wraps an UPDATE ... RETURNING in a CTE so the driver hands back rows, not a row count. */
export const updateReturning = async (db: Queryable, update: string, parameters: unknown[]): Promise<ProjectionStateRow[]> => {
  const rows = await selectRows<RawStateRow>(
    db,
    `with changed as (${update} returning ${STATE_COLUMNS}) select * from changed`,
    parameters,
  );
  return rows.map(toStateRow);
};

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

// Logical names become SQL identifiers with a generation suffix; PostgreSQL truncates identifiers
// at 63 bytes, so the limit keeps `<name>__g<generation>` unambiguous.
export const assertTableName = (name: string): void => {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`Projection table name ${JSON.stringify(name)} must match ${String(IDENTIFIER)}`);
  }
};

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const physicalTableName = (logical: string, generation: number): string => `${logical}__g${generation}`;

export const physicalTables = (projection: Projection, generation: number): Record<string, string> =>
  Object.fromEntries(projection.tables.map((table) => [table, physicalTableName(table, generation)]));

export const validateProjection = (projection: Projection): void => {
  if (!projection.name) throw new Error('A projection needs a name');
  if (projection.tables.length === 0) throw new Error(`Projection ${projection.name} declares no tables`);
  projection.tables.forEach(assertTableName);
};

// Serialises the one-time DDL across processes: concurrent `create table if not exists` can still
// fail on the catalog's unique index.
const MIGRATION_LOCK = "hashtext('ketenregie.projection_state')";

/** The runner's schema: the state table and the parked events, each created once. */
export const ensureProjectionSchema = async (dataSource: DataSource): Promise<void> => {
  await dataSource.transaction(async (manager) => {
    await manager.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await manager.query(`create table if not exists ${PROJECTION_STATE_TABLE} (
      name text primary key,
      checkpoint text,
      generation integer not null,
      lease_owner text,
      lease_expires_at timestamptz,
      updated_at timestamptz,
      rebuild_generation integer,
      rebuild_checkpoint text,
      rebuild_owner text,
      rebuild_expires_at timestamptz,
      rebuild_started_at timestamptz
    )`);
    // Identifiers, positions and error codes only: never event data, so no personal data.
    await manager.query(`create table if not exists ${PARKED_EVENTS_TABLE} (
      seq bigint generated always as identity primary key,
      projection text not null,
      generation integer not null,
      reason text not null check (reason in ('failed', 'held')),
      event_id text not null,
      stream_id text not null,
      stream_revision bigint not null,
      event_type text not null,
      checkpoint text not null,
      previous_checkpoint text,
      error_class text,
      error_code text,
      error_message text,
      attempts integer not null,
      retries integer not null default 0,
      parked_at timestamptz not null default now(),
      first_failed_at timestamptz,
      last_retried_at timestamptz,
      next_retry_at timestamptz,
      unique (projection, generation, event_id)
    )`);
    await manager.query(
      `create index if not exists ${PARKED_EVENTS_TABLE}_by_stream on ${PARKED_EVENTS_TABLE} (projection, generation, stream_id)`,
    );
  });
};

/**
 * `replaceLeftovers` drops tables of that generation first: only for a rebuild's own target, left
 * over by an interrupted run. A first start never drops anything, so a table name that collides
 * with another projection's fails loudly instead of destroying its data.
 */
export const createGenerationTables = async (
  manager: EntityManager,
  projection: Projection,
  generation: number,
  options: { replaceLeftovers?: boolean } = {},
): Promise<void> => {
  const tables = physicalTables(projection, generation);
  if (options.replaceLeftovers) {
    for (const table of Object.values(tables)) await manager.query(`drop table if exists ${quoteIdent(table)}`);
  }
  for (const statement of projection.createTables(tables)) {
    await manager.query(statement);
  }
};

export const dropGenerationTables = async (manager: EntityManager, projection: Projection, generation: number): Promise<void> => {
  for (const table of Object.values(physicalTables(projection, generation))) {
    await manager.query(`drop table if exists ${quoteIdent(table)}`);
  }
};

// Drop and create rather than `create or replace`: a new generation may have different columns.
export const pointViewsAt = async (manager: EntityManager, projection: Projection, generation: number): Promise<void> => {
  for (const [logical, physical] of Object.entries(physicalTables(projection, generation))) {
    await manager.query(`drop view if exists ${quoteIdent(logical)}`);
    await manager.query(`create view ${quoteIdent(logical)} as select * from ${quoteIdent(physical)}`);
  }
};

/**
 * Creates the state row, generation 1's tables and the views on a projection's first start. The
 * insert's conflict check makes a concurrent starter wait for this transaction and then do nothing.
 */
export const initialiseProjection = async (dataSource: DataSource, projection: Projection): Promise<void> => {
  validateProjection(projection);
  await dataSource.transaction(async (manager) => {
    const inserted = await selectRows<{ name: string }>(
      manager,
      `insert into ${PROJECTION_STATE_TABLE} (name, checkpoint, generation) values ($1, null, 1)
       on conflict (name) do nothing returning name`,
      [projection.name],
    );
    if (inserted.length === 0) return;
    await createGenerationTables(manager, projection, 1);
    await pointViewsAt(manager, projection, 1);
  });
};

export const millis = (ms: number): string => `${Math.max(1, Math.round(ms))} milliseconds`;

const typeFilters = new WeakMap<Projection, Set<string>>();

/** Events the projection declared interest in; the checkpoint still moves past the others. */
export const filterProjectionEvents = (projection: Projection, events: RecordedEvent[]): RecordedEvent[] => {
  if (!projection.eventTypes) return events;
  let types = typeFilters.get(projection);
  if (!types) {
    types = new Set(projection.eventTypes);
    typeFilters.set(projection, types);
  }
  const wanted = types;
  return events.filter((event) => wanted.has(event.type));
};
