import { quoteIdent } from './projection-state';

/**
 * One column of a read-model table: its SQL type, how a select reads it back into the row's
 * TypeScript type, and nothing else. The row type, the DDL, the set-based upsert and the select
 * list all come from the same declaration, so a column is written once.
 */
export type Column<T> = {
  readonly sql: string;
  readonly nullable: boolean;
  /** The select expression for the qualified column (e.g. a cast). */
  readonly select: (qualified: string) => string;
  /** What node-postgres returns for the select expression, as the row's type. */
  readonly read: (raw: unknown) => T;
  /** Phantom: carries `T` for `RowOf`. */
  readonly _type?: T;
};

const same = <T>(raw: unknown): T => raw as T;

const declared = <T>(sql: string, options: { select?: (qualified: string) => string; read?: (raw: unknown) => T } = {}): Column<T> => ({
  sql,
  nullable: false,
  select: options.select ?? ((qualified) => qualified),
  read: options.read ?? same,
});

/** The column types read models use. Dates come back as text: node-postgres would make a `date` a local-midnight Date and shift the day. */
export const column = {
  text: <T extends string = string>(): Column<T> => declared<T>('text'),
  integer: (): Column<number> => declared<number>('integer'),
  boolean: (): Column<boolean> => declared<boolean>('boolean'),
  date: <T extends string = string>(): Column<T> => declared<T>('date', { select: (qualified) => `${qualified}::text` }),
  /** An instant, kept as the ISO string it was written as (millisecond precision round-trips). */
  timestamptz: (): Column<string> => declared<string>('timestamptz', { read: (raw) => (raw as Date).toISOString() }),
  textArray: <T extends string = string>(): Column<T[]> => declared<T[]>('text[]'),
  /** A nested part of the row in a shape of the read model's own (what a response shows of it). */
  jsonb: <T>(): Column<T> => declared<T>('jsonb'),
  nullable: <T>(inner: Column<T>): Column<T | null> => ({
    sql: inner.sql,
    nullable: true,
    select: inner.select,
    read: (raw) => (raw === null || raw === undefined ? null : inner.read(raw)),
  }),
};

export type Columns = Record<string, Column<unknown>>;

/** An `EntityManager`, a `DataSource` or a query runner: whatever runs the statement in the caller's transaction. */
export type Queryable = { query: (sql: string, params?: unknown[]) => Promise<unknown> };

export type RowOf<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

export type ReadModelTable<C extends Columns> = {
  /** Logical name (the view queries read). */
  readonly name: string;
  readonly columns: C;
  readonly columnNames: readonly (keyof C & string)[];
  /** `create table` and its indexes for one physical table. */
  createTable: (physical: string) => string[];
  /** `jsonb_to_recordset(<param>) as <alias>(...)`: rows passed as one JSON parameter, typed by the declaration. */
  recordset: (param: string, alias?: string) => string;
  /** Inserts the rows of `source` (a select over all columns) and updates the rows it already has. */
  upsertFrom: (physical: string, source: string) => string;
  /** Writes whole rows with one statement. */
  upsert: (manager: Queryable, physical: string, rows: readonly RowOf<C>[]) => Promise<void>;
  /**
   * Makes the rows of some parents (e.g. the members of some cases) exactly `rows`, in one statement:
   * a parent's rows not among them are deleted, the others upserted. `parent` is the key column
   * naming the parent.
   */
  replaceWithin: (
    manager: Queryable,
    physical: string,
    parent: keyof C & string,
    parentIds: readonly string[],
    rows: readonly RowOf<C>[],
  ) => Promise<void>;
  /** Inserts rows with one statement and no conflict clause, for append-only tables where a clash is a bug. */
  insert: (manager: Queryable, physical: string, rows: readonly RowOf<C>[]) => Promise<void>;
  /** The select list of some (default: all) columns, with the casts their reading needs. */
  selectList: (names?: readonly (keyof C & string)[], alias?: string) => string;
  /** A selected row (raw from node-postgres) as the row type; only the selected columns are read. */
  read: <K extends keyof C & string>(raw: Record<string, unknown>, names?: readonly K[]) => Pick<RowOf<C>, K>;
};

/**
 * Declares a read-model table. `key` is its primary key (the upsert's conflict target); each index
 * is the part after `create index on <table>`, e.g. `(status)` or `using gin (keys)`.
 */
export const readModelTable = <C extends Columns>(
  name: string,
  columns: C,
  options: { key: readonly (keyof C & string)[]; indexes?: readonly string[] },
): ReadModelTable<C> => {
  const columnNames = Object.keys(columns) as (keyof C & string)[];
  const keys = new Set<string>(options.key);
  const list = columnNames.map(quoteIdent).join(', ');
  const updates = columnNames.filter((column) => !keys.has(column));
  const upsertFrom = (physical: string, source: string): string => {
    const table = quoteIdent(physical);
    const conflict = `on conflict (${options.key.map(quoteIdent).join(', ')})`;
    const onConflict =
      updates.length === 0
        ? `${conflict} do nothing`
        : `${conflict} do update set ${updates.map((column) => `${quoteIdent(column)} = excluded.${quoteIdent(column)}`).join(', ')}`;
    return `insert into ${table} (${list}) select ${list} from ${source} ${onConflict}`;
  };
  const recordset = (param: string, alias = 'r'): string =>
    `jsonb_to_recordset(${param}) as ${alias}(${columnNames.map((column) => `${quoteIdent(column)} ${columns[column].sql}`).join(', ')})`;
  return {
    name,
    columns,
    columnNames,
    createTable: (physical) => {
      const table = quoteIdent(physical);
      const definitions = columnNames.map(
        (column) => `${quoteIdent(column)} ${columns[column].sql}${columns[column].nullable ? '' : ' not null'}`,
      );
      return [
        `create table ${table} (${[...definitions, `primary key (${options.key.map(quoteIdent).join(', ')})`].join(', ')})`,
        ...(options.indexes ?? []).map((index) => `create index on ${table} ${index}`),
      ];
    },
    recordset,
    upsertFrom,
    upsert: async (manager, physical, rows) => {
      if (rows.length === 0) return;
      await manager.query(upsertFrom(physical, recordset('$1::jsonb')), [JSON.stringify(rows)]);
    },
    replaceWithin: async (manager, physical, parent, parentIds, rows) => {
      if (parentIds.length === 0) return;
      const table = quoteIdent(physical);
      const sameKey = options.key.map((column) => `i.${quoteIdent(column)} = t.${quoteIdent(column)}`).join(' and ');
      await manager.query(
        `with input as (select * from ${recordset('$1::jsonb')}),
         removed as (
           delete from ${table} t
            where t.${quoteIdent(parent)} = any($2::text[])
              and not exists (select 1 from input i where ${sameKey})
         )
         ${upsertFrom(physical, 'input')}`,
        [JSON.stringify(rows), parentIds],
      );
    },
    insert: async (manager, physical, rows) => {
      if (rows.length === 0) return;
      await manager.query(`insert into ${quoteIdent(physical)} (${list}) select ${list} from ${recordset('$1::jsonb')}`, [
        JSON.stringify(rows),
      ]);
    },
    selectList: (names = columnNames, alias) =>
      names
        .map((column) => {
          const qualified = alias ? `${alias}.${quoteIdent(column)}` : quoteIdent(column);
          const expression = columns[column].select(qualified);
          return expression === qualified ? qualified : `${expression} as ${quoteIdent(column)}`;
        })
        .join(', '),
    read: <K extends keyof C & string>(raw: Record<string, unknown>, names?: readonly K[]) => {
      const row: Record<string, unknown> = {};
      for (const column of names ?? (columnNames as K[])) row[column] = columns[column].read(raw[column]);
      return row as Pick<RowOf<C>, K>;
    },
  };
};
