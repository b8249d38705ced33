import { loadConfig } from './config';
import type { Env } from './config';

const root = '/srv/ketenregie';
const load = (env: Env) => loadConfig(env, { cwd: '/home/operator', repoRoot: root });

const failure = (env: Env): string => {
  try {
    load(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
};

describe('loadConfig', () => {
  it('defaults to the embedded database, port 3000 and directories in the repository', () => {
    expect(load({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      eventStoreConnectionString: undefined,
      dataDir: '/srv/ketenregie/.data',
      logLevel: 'info',
      webDistDir: '/srv/ketenregie/dist/web',
      deadlineScanIntervalMs: 20_000,
      seedDemo: true,
      demoScale: 1,
      masterKey: undefined,
      retentionYears: 20,
      retentionScanIntervalMs: 3_600_000,
      parallelWorkersPerQuery: 0,
      trustProxy: false,
      sessions: { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 },
      signIn: { maxFailedAttempts: 5, lockoutMs: 15 * 60_000 },
      rateLimits: { signInPerMinute: 10, apiPerMinute: 1200 },
      feedbackMail: { smtpUrl: undefined, from: 'terugkoppeling@ketenregie.local', publicUrl: 'http://localhost:3000' },
      oidc: undefined,
      organisationsFile: undefined,
      emergencyAccess: { grantDurationHours: 8, minimumReasonCharacters: 20 },
      readiness: { maxProjectionLag: 10_000, lagGrowthWindowMs: 5_000 },
    });
  });

  it('reads how many parallel workers one query of the API may start', () => {
    expect(load({ PG_PARALLEL_WORKERS_PER_QUERY: '4' }).parallelWorkersPerQuery).toBe(4);
    expect(failure({ PG_PARALLEL_WORKERS_PER_QUERY: '-1' })).toBe(
      'Invalid configuration: PG_PARALLEL_WORKERS_PER_QUERY must be 0 or more.',
    );
    expect(failure({ PG_PARALLEL_WORKERS_PER_QUERY: 'veel' })).toBe(
      'Invalid configuration: PG_PARALLEL_WORKERS_PER_QUERY must be a number.',
    );
  });

  it('reads the lag bound of readiness', () => {
    expect(load({ READY_MAX_PROJECTION_LAG: '500' }).readiness).toEqual({ maxProjectionLag: 500, lagGrowthWindowMs: 5_000 });
    expect(failure({ READY_MAX_PROJECTION_LAG: '0' })).toBe('Invalid configuration: READY_MAX_PROJECTION_LAG must be at least 1.');
    expect(failure({ READY_MAX_PROJECTION_LAG: 'lots' })).toBe(
      'Invalid configuration: READY_MAX_PROJECTION_LAG must be a number of events.',
    );
    expect(failure({ READY_MAX_PROJECTION_LAG: '2.5' })).toBe(
      'Invalid configuration: READY_MAX_PROJECTION_LAG must be a whole number of events.',
    );
  });

  it('reads the organisations file (relative to the working directory) and the emergency-access settings', () => {
    expect(
      load({ ORGANISATIONS_FILE: 'config/organisations.json', EMERGENCY_ACCESS_HOURS: '4', EMERGENCY_ACCESS_MIN_REASON: '30' }),
    ).toMatchObject({
      organisationsFile: '/home/operator/config/organisations.json',
      emergencyAccess: { grantDurationHours: 4, minimumReasonCharacters: 30 },
    });
    expect(failure({ EMERGENCY_ACCESS_HOURS: '48' })).toBe('Invalid configuration: EMERGENCY_ACCESS_HOURS must be at most 24.');
    expect(failure({ EMERGENCY_ACCESS_MIN_REASON: '0' })).toBe('Invalid configuration: EMERGENCY_ACCESS_MIN_REASON must be at least 1.');
  });

  it('reads the session, lockout and proxy settings', () => {
    expect(
      load({
        SESSION_IDLE_TIMEOUT_SECONDS: '600',
        SESSION_ABSOLUTE_TIMEOUT_SECONDS: '28800',
        SIGN_IN_MAX_FAILURES: '3',
        SIGN_IN_LOCKOUT_SECONDS: '60',
        TRUST_PROXY: 'loopback',
      }),
    ).toMatchObject({
      trustProxy: 'loopback',
      sessions: { idleTimeoutMs: 600_000, absoluteTimeoutMs: 28_800_000 },
      signIn: { maxFailedAttempts: 3, lockoutMs: 60_000 },
    });
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(failure({ SESSION_IDLE_TIMEOUT_SECONDS: '0' })).toBe('Invalid configuration: SESSION_IDLE_TIMEOUT_SECONDS must be at least 1.');
    expect(failure({ SIGN_IN_MAX_FAILURES: 'many' })).toBe('Invalid configuration: SIGN_IN_MAX_FAILURES must be a number.');
  });

  const oidc = {
    OIDC_ISSUER_URL: 'https://login.gemeente.example/realms/ketenregie',
    OIDC_CLIENT_ID: 'ketenregie',
    OIDC_CLIENT_SECRET: 'geheim-dat-niet-in-een-melding-mag',
    OIDC_REDIRECT_URL: 'https://ketenregie.gemeente.example/api/v1/auth/oidc/callback',
  };

  it('reads the master key and the retention settings', () => {
    const key = Buffer.alloc(32, 7);
    expect(load({ MASTER_KEY: key.toString('base64'), RETENTION_YEARS: '0.5', RETENTION_SCAN_INTERVAL_MS: '1000' })).toMatchObject({
      masterKey: key,
      retentionYears: 0.5,
      retentionScanIntervalMs: 1000,
    });
  });

  it('rejects a master key that is not 32 bytes of base64, in one line without echoing it', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    for (const value of [short, 'not base64 at all!', `${Buffer.alloc(32, 7).toString('base64')}x`]) {
      const message = failure({ MASTER_KEY: value });
      expect(message).toBe('Invalid configuration: MASTER_KEY must be 32 random bytes encoded as base64 (openssl rand -base64 32).');
      expect(message).not.toContain(value);
    }
    expect(failure({ RETENTION_YEARS: '0' })).toBe('Invalid configuration: RETENTION_YEARS must be more than 0.');
  });

  it('reads the OpenID Connect client, all four settings together', () => {
    expect(load(oidc).oidc).toEqual({
      issuerUrl: oidc.OIDC_ISSUER_URL,
      clientId: 'ketenregie',
      clientSecret: oidc.OIDC_CLIENT_SECRET,
      redirectUrl: oidc.OIDC_REDIRECT_URL,
    });
    // Plain HTTP only on this machine.
    expect(load({ ...oidc, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' }).oidc?.issuerUrl).toBe('http://127.0.0.1:9000');
  });

  it('refuses part of the OpenID Connect settings, or unusable URLs, in one line without the secret', () => {
    const { OIDC_CLIENT_SECRET: _secret, ...withoutSecret } = oidc;
    const message = failure(withoutSecret);
    expect(message).toBe(
      'Invalid configuration: OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL go together; set OIDC_CLIENT_SECRET too, or none of them.',
    );
    expect(failure({ ...oidc, OIDC_ISSUER_URL: 'http://login.gemeente.example' })).toBe(
      'Invalid configuration: OIDC_ISSUER_URL must use https:// (plain http:// only on localhost).',
    );
    const redirect = failure({ ...oidc, OIDC_REDIRECT_URL: 'https://ketenregie.gemeente.example/callback' });
    expect(redirect).toBe('Invalid configuration: OIDC_REDIRECT_URL must end in /api/v1/auth/oidc/callback.');
    // The callback moved with the API: a provider still registered with the unversioned one is caught at start.
    expect(failure({ ...oidc, OIDC_REDIRECT_URL: 'https://ketenregie.gemeente.example/api/auth/oidc/callback' })).toBe(
      'Invalid configuration: OIDC_REDIRECT_URL must end in /api/v1/auth/oidc/callback.',
    );
    expect(redirect).not.toContain(oidc.OIDC_CLIENT_SECRET);
  });

  it('reads every setting, resolving relative paths against the working directory', () => {
    const config = load({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://app:secret@db.internal:5433/ketenregie',
      DATA_DIR: 'state',
      LOG_LEVEL: 'debug',
      WEB_DIST_DIR: '/opt/web',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://app:secret@db.internal:5433/ketenregie',
      dataDir: '/home/operator/state',
      logLevel: 'debug',
      webDistDir: '/opt/web',
    });
  });

  it('treats empty variables as unset', () => {
    expect(load({ PORT: '', DATABASE_URL: '  ', EVENTSTORE_CONNECTION_STRING: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      eventStoreConnectionString: undefined,
    });
  });

  it('rewrites the KurrentDB schemes to the esdb scheme the client parses', () => {
    expect(load({ EVENTSTORE_CONNECTION_STRING: 'kurrentdb://kurrent:2113?tls=false' }).eventStoreConnectionString).toBe(
      'esdb://kurrent:2113?tls=false',
    );
    expect(load({ EVENTSTORE_CONNECTION_STRING: 'esdb+discover://a:2113,b:2113' }).eventStoreConnectionString).toBe(
      'esdb+discover://a:2113,b:2113',
    );
  });

  it('rejects an unparsable DATABASE_URL in one line without echoing it', () => {
    const message = failure({ DATABASE_URL: 'host=db password=hunter2' });
    expect(message).toBe('Invalid configuration: DATABASE_URL is not a valid URL; expected postgres://user:password@host:5432/database.');
    expect(message).not.toContain('hunter2');
  });

  it('rejects a DATABASE_URL for another database system or without a database name', () => {
    expect(failure({ DATABASE_URL: 'mysql://root:pw@db/app' })).toBe(
      'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://, not mysql://.',
    );
    expect(failure({ DATABASE_URL: 'postgres://app:pw@db:5432' })).toBe(
      'Invalid configuration: DATABASE_URL names no database; expected postgres://user:password@host:5432/database.',
    );
  });

  it('rejects a port that is not a number in range', () => {
    expect(failure({ PORT: 'http' })).toBe('Invalid configuration: PORT must be a number.');
    expect(failure({ PORT: '70000' })).toBe('Invalid configuration: PORT must be between 0 and 65535.');
    expect(failure({ PORT: '80.5' })).toBe('Invalid configuration: PORT must be a whole number.');
  });

  it('rejects an event store connection string it cannot use', () => {
    expect(failure({ EVENTSTORE_CONNECTION_STRING: 'http://kurrent:2113' })).toBe(
      'Invalid configuration: EVENTSTORE_CONNECTION_STRING must look like esdb://host:2113?tls=false (also accepted: esdb+discover://, kurrentdb://).',
    );
  });

  it('reports every bad setting at once, still on one line', () => {
    const message = failure({ PORT: '-1', LOG_LEVEL: 'loud', DATABASE_URL: 'nope' });
    expect(message).not.toContain('\n');
    expect(message).toContain('PORT must be between 0 and 65535');
    expect(message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(message).toContain('DATABASE_URL is not a valid URL');
  });

  it('takes the feedback mail settings, and refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(
      load({ SMTP_URL: 'smtps://vt:secret@mail.example:465', MAIL_FROM: 'terugkoppeling@vt.example', PUBLIC_URL: 'https://vt.example' })
        .feedbackMail,
    ).toEqual({
      smtpUrl: 'smtps://vt:secret@mail.example:465',
      from: 'terugkoppeling@vt.example',
      publicUrl: 'https://vt.example',
    });
    expect(failure({ SMTP_URL: 'http://mail.example' })).toBe('Invalid configuration: SMTP_URL must start with smtp:// or smtps://.');
    expect(failure({ MAIL_FROM: 'geen adres' })).toBe('Invalid configuration: MAIL_FROM must be an e-mail address.');
  });
});
