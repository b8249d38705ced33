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
    });
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
    expect(message).toBe(
      'Invalid configuration: DATABASE_URL is not a valid URL; expected postgres://user:password@host:5432/database.',
    );
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
});
