/**
 * What a projection failure says about the event, and how to describe it without personal data.
 *
 * PostgreSQL's message, `detail` and `where` can quote the failing value (`invalid input syntax
 * for type date: "..."`, `JSON data, line 1: ...`), and a projection's own error message can embed
 * anything it was given. So a description is built only from fields that name schema objects or
 * code: the SQLSTATE, table, column, constraint and routine, or an error's class and the source
 * location that threw it.
 */

export type FailureDescription = {
  errorClass: string;
  /** SQLSTATE for PostgreSQL errors, the system error code (`ECONNRESET`) for others, if any. */
  errorCode?: string;
  /** Built from schema and code names only; never a value. */
  errorMessage: string;
};

type DriverFields = {
  code?: unknown;
  severity?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  dataType?: unknown;
  routine?: unknown;
  driverError?: unknown;
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

// Names of the SQLSTATEs a projection meets; the rest is shown by code alone.
const conditionNames: Record<string, string> = {
  '21000': 'cardinality_violation',
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22012': 'division_by_zero',
  '22021': 'character_not_in_repertoire',
  '22023': 'invalid_parameter_value',
  '22P02': 'invalid_text_representation',
  '22P05': 'untranslatable_character',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '25P02': 'in_failed_sql_transaction',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42703': 'undefined_column',
  '42P01': 'undefined_table',
  '54000': 'program_limit_exceeded',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
};

// SQLSTATE classes that say nothing about the event: the connection, the server's resources or
// state, concurrency, privileges and the statement's own text. Retrying (after a fix or a restart
// where needed) is the remedy, never setting the event aside.
const eventIndependentClasses = new Set(['08', '28', '3D', '3F', '40', '42', '53', '55', '57', '58', 'F0', 'XX']);
// A read-only transaction: the pool reached a standby after a failover.
const eventIndependentStates = new Set(['25006']);

// What node-postgres and TypeORM throw when the connection, not the statement, failed.
const connectionMessage =
  /connection (terminated|ended|is not|error|timeout)|terminated unexpectedly|not queryable|timeout exceeded when trying to connect|Connection is not established|Query runner already released/i;
const systemErrorCode = /^E[A-Z0-9_]+$/;

const driverFields = (error: Error): DriverFields => {
  const own = error as DriverFields;
  const inner = own.driverError && typeof own.driverError === 'object' ? (own.driverError as DriverFields) : undefined;
  return { ...inner, ...own };
};

/** The SQLSTATE when this is an error PostgreSQL sent (directly or wrapped by TypeORM). */
export const sqlState = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const fields = driverFields(error);
  return typeof fields.code === 'string' && SQLSTATE.test(fields.code) && typeof fields.severity === 'string' ? fields.code : undefined;
};

/**
 * True when the failure is not the event's own: a lost connection, a deadlock or serialization
 * failure, a server shutting down, a statement that is wrong for every event. Such failures are
 * retried until they pass and never park an event.
 */
export const isEventIndependentFailure = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const state = sqlState(error);
  if (state) return eventIndependentClasses.has(state.slice(0, 2)) || eventIndependentStates.has(state);
  const code = driverFields(error).code;
  if (typeof code === 'string' && systemErrorCode.test(code)) return true;
  return connectionMessage.test(error.message);
};

const identifier = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Za-z0-9_.$"-]{1,128}$/.test(value) ? value : undefined;

// `at fn (/abs/path/libs/x/src/file.ts:12:34)` -> `libs/x/src/file.ts:12`: where the code threw.
const thrownAt = (stack: string | undefined): string | undefined => {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:[A-Za-z]:)?[^\s()]+):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (!match || match[1].includes('node_modules') || match[1].startsWith('node:')) continue;
    const path = match[1].replace(/^.*?\/(?=(libs|apps|tools)\/)/, '');
    return `${path}:${match[2]}`;
  }
  return undefined;
};

export const describeFailure = (error: unknown): FailureDescription => {
  if (!(error instanceof Error)) return { errorClass: typeof error, errorMessage: `a thrown ${typeof error}` };
  const errorClass = error.constructor.name || error.name || 'Error';
  const fields = driverFields(error);
  const state = sqlState(error);
  if (state) {
    const where = (['table', 'column', 'constraint', 'dataType', 'routine'] as const)
      .map((key) => [key, identifier(fields[key])] as const)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key} ${value}`);
    const name = conditionNames[state];
    return {
      errorClass,
      errorCode: state,
      errorMessage: `PostgreSQL ${state}${name ? ` ${name}` : ''}${where.length ? ` (${where.join(', ')})` : ''}`,
    };
  }
  const code = typeof fields.code === 'string' && systemErrorCode.test(fields.code) ? fields.code : undefined;
  const location = thrownAt(error.stack);
  return {
    errorClass,
    ...(code ? { errorCode: code } : {}),
    errorMessage: `${errorClass}${code ? ` ${code}` : ''}${location ? ` thrown at ${location}` : ''}`,
  };
};
