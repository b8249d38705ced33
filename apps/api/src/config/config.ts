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
  /**
   * `MASTER_KEY`: wraps every family's data key (crypto-shredding, docs/adr/0005). Absent: the
   * embedded default keeps a generated key in `DATA_DIR`; with `DATABASE_URL` it is required.
   */
  masterKey: Buffer | undefined;
  /** `RETENTION_YEARS` after a family's last case closed, its personal data is erased (default 20). */
  retentionYears: number;
  /** How often each process looks for families whose retention ran out (`RETENTION_SCAN_INTERVAL_MS`). */
  retentionScanIntervalMs: number;
  /**
   * `PG_PARALLEL_WORKERS_PER_QUERY` (PostgreSQL's `max_parallel_workers_per_gather` for the API's
   * connections), default 0: a worklist reads a few rows through its partial index, and a parallel
   * plan chosen on a misestimate spent 10 ms starting workers for 1 ms of work.
   */
  parallelWorkersPerQuery: number;
  /**
   * Express `trust proxy` (`TRUST_PROXY`): which proxies may say, in X-Forwarded-Proto/-For/-Host,
   * that a request came over HTTPS. False: none, the connection itself decides.
   */
  trustProxy: boolean | number | string;
  sessions: {
    /** `SESSION_IDLE_TIMEOUT_SECONDS`, default 30 minutes. */
    idleTimeoutMs: number;
    /** `SESSION_ABSOLUTE_TIMEOUT_SECONDS`, default 12 hours. */
    absoluteTimeoutMs: number;
  };
  signIn: {
    /** `SIGN_IN_MAX_FAILURES`, default 5. */
    maxFailedAttempts: number;
    /** `SIGN_IN_LOCKOUT_SECONDS`, default 15 minutes. */
    lockoutMs: number;
  };
  /** OpenID Connect at the organisation's own identity provider (`OIDC_*`); absent: local accounts only. */
  oidc: OidcConfig | undefined;
  /**
   * `ORGANISATIONS_FILE`: the JSON list of organisations the access policy knows (Veilig Thuis
   * regions with their municipalities, local teams, partners...). Absent: only the demo region's,
   * when the demo is on; nobody else can open a case.
   */
  organisationsFile: string | undefined;
  /** Break-the-glass: `EMERGENCY_ACCESS_HOURS` (default 8, at most 24) and `EMERGENCY_ACCESS_MIN_REASON` (default 20). */
  emergencyAccess: { grantDurationHours: number; minimumReasonCharacters: number };
  /** When `/health/ready` answers 503 for a projection's lag (parked events only make it `degraded`). */
  readiness: {
    /** `READY_MAX_PROJECTION_LAG`: events a projection may lag without counting as falling behind (default 10,000). */
    maxProjectionLag: number;
    /** How long a lag above the bound must go without shrinking before it counts (5 s). */
    lagGrowthWindowMs: number;
  };
  /**
   * Feedback e-mail to referrers: `SMTP_URL` (`smtp://` or `smtps://`; absent: the local mailbox
   * administrators read in the app), `MAIL_FROM` and `PUBLIC_URL` (where the portal links point).
   */
  feedbackMail: { smtpUrl: string | undefined; from: string; publicUrl: string };
  rateLimits: {
    /** `RATE_LIMIT_SIGN_IN_PER_MINUTE` per client address, default 10. */
    signInPerMinute: number;
    /** `RATE_LIMIT_API_PER_MINUTE` per session (or address), default 1200; 0 switches it off. */
    apiPerMinute: number;
  };
};

export type OidcConfig = { issuerUrl: string; clientId: string; clientSecret: string; redirectUrl: string };

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

const seconds = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const trustProxy = z.string().transform((value): boolean | number | string => {
  const trimmed = value.trim();
  const word = booleanWords[trimmed.toLowerCase()];
  if (word !== undefined && !/^\d+$/.test(trimmed)) return word;
  // A number counts hops from the app; anything else is Express's list of addresses or names.
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
});

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

const httpUrl = (what: 'issuer' | 'redirect') =>
  z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackHosts.has(url.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'must use https:// (plain http:// only on localhost)' });
    } else if (what === 'redirect' && url.pathname !== '/api/v1/auth/oidc/callback') {
      ctx.addIssue({ code: 'custom', message: 'must end in /api/v1/auth/oidc/callback' });
    }
  });

const smtpUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
    return;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    ctx.addIssue({ code: 'custom', message: 'must start with smtp:// or smtps://' });
});

const publicUrl = z.string().superRefine((value, ctx) => {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'must use https://' });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
  }
});

const oidcVariables = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const;

// Only a canonical encoding of exactly 32 bytes: a truncated or mistyped key must not start the app.
const masterKey = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes encoded as base64 (openssl rand -base64 32)' });
    return z.NEVER;
  }
  return key;
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
  DEMO_SCALE: optional(z.coerce.number({ message: 'must be a number' }).gt(0, 'must be more than 0').max(10, 'must be at most 10')),
  MASTER_KEY: optional(masterKey),
  RETENTION_YEARS: optional(z.coerce.number({ message: 'must be a number' }).gt(0, 'must be more than 0').max(100, 'must be at most 100')),
  RETENTION_SCAN_INTERVAL_MS: optional(
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(50, 'must be at least 50'),
  ),
  PG_PARALLEL_WORKERS_PER_QUERY: optional(
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(64, 'must be at most 64'),
  ),
  TRUST_PROXY: optional(trustProxy),
  SESSION_IDLE_TIMEOUT_SECONDS: optional(seconds(1, 7 * 86_400)),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: optional(seconds(1, 30 * 86_400)),
  SIGN_IN_MAX_FAILURES: optional(
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100'),
  ),
  SIGN_IN_LOCKOUT_SECONDS: optional(seconds(1, 86_400)),
  OIDC_ISSUER_URL: optional(httpUrl('issuer')),
  OIDC_CLIENT_ID: optional(z.string().trim()),
  OIDC_CLIENT_SECRET: optional(z.string()),
  OIDC_REDIRECT_URL: optional(httpUrl('redirect')),
  ORGANISATIONS_FILE: optional(z.string()),
  SMTP_URL: optional(smtpUrl),
  MAIL_FROM: optional(z.email({ message: 'must be an e-mail address' })),
  PUBLIC_URL: optional(publicUrl),
  EMERGENCY_ACCESS_HOURS: optional(
    z.coerce.number({ message: 'must be a number' }).gt(0, 'must be more than 0').max(24, 'must be at most 24'),
  ),
  EMERGENCY_ACCESS_MIN_REASON: optional(
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(500, 'must be at most 500'),
  ),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: optional(
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1'),
  ),
  READY_MAX_PROJECTION_LAG: optional(
    z.coerce.number({ message: 'must be a number of events' }).int('must be a whole number of events').min(1, 'must be at least 1'),
  ),
  RATE_LIMIT_API_PER_MINUTE: optional(
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (off) or more'),
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
  const missingOidc = oidcVariables.filter((name) => values[name] === undefined);
  if (missingOidc.length > 0 && missingOidc.length < oidcVariables.length) {
    throw new StartupError(
      `Invalid configuration: ${oidcVariables.join(', ')} go together; set ${missingOidc.join(' and ')} too, or none of them.`,
    );
  }
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
    masterKey: values.MASTER_KEY,
    // VT practice: files are kept 20 years after closure, then destroyed.
    retentionYears: values.RETENTION_YEARS ?? 20,
    retentionScanIntervalMs: values.RETENTION_SCAN_INTERVAL_MS ?? 3_600_000,
    parallelWorkersPerQuery: values.PG_PARALLEL_WORKERS_PER_QUERY ?? 0,
    trustProxy: values.TRUST_PROXY ?? false,
    sessions: {
      idleTimeoutMs: (values.SESSION_IDLE_TIMEOUT_SECONDS ?? 30 * 60) * 1000,
      absoluteTimeoutMs: (values.SESSION_ABSOLUTE_TIMEOUT_SECONDS ?? 12 * 3600) * 1000,
    },
    signIn: {
      maxFailedAttempts: values.SIGN_IN_MAX_FAILURES ?? 5,
      lockoutMs: (values.SIGN_IN_LOCKOUT_SECONDS ?? 15 * 60) * 1000,
    },
    oidc:
      values.OIDC_ISSUER_URL !== undefined &&
      values.OIDC_CLIENT_ID !== undefined &&
      values.OIDC_CLIENT_SECRET !== undefined &&
      values.OIDC_REDIRECT_URL !== undefined
        ? {
            issuerUrl: values.OIDC_ISSUER_URL,
            clientId: values.OIDC_CLIENT_ID,
            clientSecret: values.OIDC_CLIENT_SECRET,
            redirectUrl: values.OIDC_REDIRECT_URL,
          }
        : undefined,
    organisationsFile: values.ORGANISATIONS_FILE === undefined ? undefined : path(values.ORGANISATIONS_FILE, ''),
    // One shift, after which the professional asks again; the privacy officer reviews each grant.
    emergencyAccess: {
      grantDurationHours: values.EMERGENCY_ACCESS_HOURS ?? 8,
      minimumReasonCharacters: values.EMERGENCY_ACCESS_MIN_REASON ?? 20,
    },
    readiness: {
      // Catch-up runs at tens of thousands of events a second: a lag this large that does not shrink
      // means the projection cannot keep up, not that it is busy.
      maxProjectionLag: values.READY_MAX_PROJECTION_LAG ?? 10_000,
      // Longer than one large batch's commit, so a busy projection is not mistaken for a stuck one.
      lagGrowthWindowMs: 5_000,
    },
    feedbackMail: {
      smtpUrl: values.SMTP_URL,
      from: values.MAIL_FROM ?? 'terugkoppeling@ketenregie.local',
      publicUrl: values.PUBLIC_URL ?? `http://localhost:${values.PORT ?? 3000}`,
    },
    rateLimits: {
      signInPerMinute: values.RATE_LIMIT_SIGN_IN_PER_MINUTE ?? 10,
      // 20 requests a second for a minute is far beyond what a person clicks, and room for a script.
      apiPerMinute: values.RATE_LIMIT_API_PER_MINUTE ?? 1200,
    },
  };
};
