import { Client } from 'pg';
import { StartupError } from '../startup-error';

export const postgresEndpoint = (connectionString: string): { host: string; port: string; database: string; user: string } => {
  const url = new URL(connectionString);
  return {
    host: url.hostname || 'localhost',
    port: url.port || '5432',
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username) || 'postgres',
  };
};

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;

// One sentence per failure an operator can actually fix; the raw driver text is the last resort.
const explain = (error: unknown, connectionString: string, timeoutMs: number, setting: string): string => {
  const { host, port, database, user } = postgresEndpoint(connectionString);
  const at = `${host}:${port}`;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach PostgreSQL at ${at} (connection refused): start the database server or correct ${setting}.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach PostgreSQL at ${at} (host unreachable): check the network or correct ${setting}.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the PostgreSQL host "${host}": correct the host name in ${setting}.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${at} refused the login of user "${user}": check the user name and password in ${setting}.`;
    case '3D000':
      return `Database "${database}" does not exist on PostgreSQL at ${at}: create it (createdb ${database}) or correct ${setting}.`;
    case '57P03':
      return `PostgreSQL at ${at} is starting up or shutting down: try again shortly.`;
  }
  if (/timeout/i.test(message)) {
    return `PostgreSQL at ${at} did not answer within ${timeoutMs / 1000} s: check host, port and firewall, or correct ${setting}.`;
  }
  return `Cannot connect to PostgreSQL at ${at}: ${message.split('\n')[0]} (check ${setting}).`;
};

/**
 * Fails fast with one actionable sentence instead of letting TypeORM retry and print a stack
 * trace: a wrong URL is the most common first-run mistake.
 */
export const checkPostgres = async (connectionString: string, options: { timeoutMs?: number; setting?: string } = {}): Promise<void> => {
  const timeoutMs = options.timeoutMs ?? 5000;
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new StartupError(explain(error, connectionString, timeoutMs, options.setting ?? 'DATABASE_URL'));
  } finally {
    await client.end().catch(() => undefined);
  }
};
