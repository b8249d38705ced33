import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { StartupError } from '../startup-error';
import { findRepoRoot } from './repo-root';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export type ApiConfig = {
  port: number;
  host: string;
  /** External PostgreSQL; absent means the embedded server in `dataDir`. */
  databaseUrl: string | undefined;
  /** EventStoreDB/KurrentDB, normalised to the `esdb` scheme the client understands. */
  eventStoreConnectionString: string | undefined;
  dataDir: string;
  logLevel: LogLevel;
  webDistDir: string;
  /** How often each process looks for deadlines that passed (assessments, investigations, rappels). */
  deadlineScanIntervalMs: number;
  /** Load the demo region into an empty event store (`SEED_DEMO`). */
  seedDemo: boolean;
  /** Size of the demo region: 1 = the seeds' region, about 8,000 intakes a year (`DEMO_SCALE`). */
  demoScale: number;
};

export type Env = Record<string, string | undefined>;

const postgresProtocols = new Set(['postgres:', 'postgresql:']);
// KurrentDB renamed the scheme; @eventstore/db-client 6 only parses `esdb`, and the wire protocol
// is the same, so the newer spellings are accepted and rewritten.
const eventStoreSchemes: Record<string, string> = {
  esdb: 'esdb',
  'esdb+discover': 'esdb+discover',
  kurrentdb: 'esdb',
  'kurrentdb+discover': 'esdb+discover',
  kurrent: 'esdb',
  'kurrent+discover': 'esdb+discover',
  kdb: 'esdb',
  'kdb+discover': 'esdb+discover',
};

// An empty variable (common in compose files and .env templates) means "not set".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const databaseUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'is not a valid URL; expected postgres://user:password@host:5432/database',
    });
    return;
  }
  if (!postgresProtocols.has(url.protocol)) {
    ctx.addIssue({ code: 'custom', message: `must start with postgres:// or postgresql://, not ${url.protocol}//` });
  } else if (!url.hostname) {
    ctx.addIssue({ code: 'custom', message: 'has no host; expected postgres://user:password@host:5432/database' });
  } else if (url.pathname.length <= 1) {
    ctx.addIssue({ code: 'custom', message: 'names no database; expected postgres://user:password@host:5432/database' });
  }
});

const eventStoreConnectionString = z.string().transform((value, ctx) => {
  const match = /^([a-z+]+):\/\/(.+)$/i.exec(value.trim());
  const scheme = match ? eventStoreSchemes[match[1].toLowerCase()] : undefined;
  if (!match || !scheme) {
    ctx.addIssue({
      code: 'custom',
      message: 'must look like esdb://host:2113?tls=false (also accepted: esdb+discover://, kurrentdb://)',
    });
    return z.NEVER;
  }
  return `${scheme}://${match[2]}`;
});

const booleanWords: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

const flag = z.string().transform((value, ctx) => {
  const parsed = booleanWords[value.trim().toLowerCase()];
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be true or false (or 1 or 0)' });
    return z.NEVER;
  }
  return parsed;
});

const schema = z.object({
  PORT: optional(
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535'),
  ),
  HOST: optional(z.string().trim()),
  DATABASE_URL: optional(databaseUrl),
  EVENTSTORE_CONNECTION_STRING: optional(eventStoreConnectionString),
  DATA_DIR: optional(z.string()),
  LOG_LEVEL: optional(z.enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` })),
  WEB_DIST_DIR: optional(z.string()),
  DEADLINE_SCAN_INTERVAL_MS: optional(
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(50, 'must be at least 50'),
  ),
  SEED_DEMO: optional(flag),
  DEMO_SCALE: optional(
    z.coerce.number({ message: 'must be a number' }).gt(0, 'must be more than 0').max(5, 'must be at most 5'),
  ),
});

export type LoadConfigOptions = {
  /** Base for relative paths given in the environment. */
  cwd?: string;
  /** Base for the default directories (`.data`, `dist/web`). */
  repoRoot?: string;
};

/**
 * Reads the environment once at start-up. Messages name the variable and what to do, never echo
 * the value: a connection string carries a password.
 */
export const loadConfig = (env: Env = process.env, options: LoadConfigOptions = {}): ApiConfig => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new StartupError(`Invalid configuration: ${problems.join('; ')}.`);
  }
  const cwd = options.cwd ?? process.cwd();
  const root = options.repoRoot ?? findRepoRoot();
  const path = (value: string | undefined, fallback: string): string =>
    value === undefined ? resolve(root, fallback) : isAbsolute(value) ? value : resolve(cwd, value);
  const values = parsed.data;
  return {
    port: values.PORT ?? 3000,
    host: values.HOST ?? '0.0.0.0',
    databaseUrl: values.DATABASE_URL,
    eventStoreConnectionString: values.EVENTSTORE_CONNECTION_STRING,
    dataDir: path(values.DATA_DIR, '.data'),
    logLevel: values.LOG_LEVEL ?? 'info',
    webDistDir: path(values.WEB_DIST_DIR, 'dist/web'),
    // Overdue work must reach the worklists within a minute of midnight, scan and projection included.
    deadlineScanIntervalMs: values.DEADLINE_SCAN_INTERVAL_MS ?? 20_000,
    // A new user sees a living region at the first start.
    seedDemo: values.SEED_DEMO ?? true,
    demoScale: values.DEMO_SCALE ?? 1,
  };
};
