import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { initialiseCluster, makeServerTempDir, preparePostgresBinaries, startPostgres } from '../../apps/api/src/database/postgres-server';
import { readPostmasterPid } from './process-cpu';

export type BenchServer = {
  /** Connection string of the server's maintenance database. */
  url: string;
  embedded: boolean;
  /** Set for the embedded server, whose processes we can see, so CPU per operation can be measured. */
  postmasterPid: number | null;
  createDatabase: (prefix: string) => Promise<string>;
  stop: () => Promise<void>;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const withClient = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * `DATABASE_URL` if set, otherwise an embedded server in a temporary directory. Durability stays
 * at PostgreSQL's defaults (fsync and synchronous_commit on): the test setup turns fsync off for
 * speed, but a benchmark that does so measures a store that would lose committed events.
 */
export const startBenchServer = async (
  log: (line: string) => void,
  options: { settings?: Record<string, string> } = {},
): Promise<BenchServer> => {
  const created: string[] = [];
  const makeCreateDatabase =
    (url: string) =>
    async (prefix: string): Promise<string> => {
      const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`.replace(/-/g, '_');
      await withClient(url, (client) => client.query(`create database "${name}"`));
      created.push(name);
      const databaseUrl = new URL(url);
      databaseUrl.pathname = `/${name}`;
      return databaseUrl.toString();
    };
  const dropCreated = async (url: string): Promise<void> => {
    await withClient(url, async (client) => {
      for (const name of created) await client.query(`drop database if exists "${name}" with (force)`);
    });
  };

  const external = process.env.DATABASE_URL;
  if (external) {
    log('using the PostgreSQL server of DATABASE_URL');
    return {
      url: external,
      embedded: false,
      postmasterPid: null,
      createDatabase: makeCreateDatabase(external),
      stop: () => dropCreated(external),
    };
  }

  // The same binaries and system user as `npm start` and the tests (apps/api/src/database/postgres-server.ts).
  const binaries = await preparePostgresBinaries();
  const port = await freePort();
  const databaseDir = await makeServerTempDir(binaries, 'ketenregie-bench-pg-');
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${databaseDir})`);
  await initialiseCluster(binaries, { dataDir: databaseDir, superuser: 'postgres', password: 'postgres', authMethod: 'password' });
  const server = await startPostgres(binaries, {
    dataDir: databaseDir,
    port,
    flags: [
      '-c',
      'max_connections=200',
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      // `--statements` of the API benchmark: per-statement timings.
      ...(process.argv.includes('--statements')
        ? [
            '-c',
            'shared_preload_libraries=pg_stat_statements',
            '-c',
            'pg_stat_statements.track=all',
            '-c',
            'pg_stat_statements.track_planning=on',
          ]
        : []),
    ],
  });
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    embedded: true,
    postmasterPid: readPostmasterPid(databaseDir),
    createDatabase: makeCreateDatabase(url),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
};

export type ServerFacts = {
  version: string;
  settings: Record<string, string>;
};

export const readServerFacts = (url: string): Promise<ServerFacts> =>
  withClient(url, async (client) => {
    const version = (await client.query<{ v: string }>('select version() as v')).rows[0].v;
    const names = [
      'server_version',
      'fsync',
      'synchronous_commit',
      'wal_sync_method',
      'shared_buffers',
      'max_connections',
      'max_wal_size',
      'commit_delay',
    ];
    const rows = (
      await client.query<{ name: string; setting: string; unit: string | null }>(
        'select name, setting, unit from pg_settings where name = any($1::text[])',
        [names],
      )
    ).rows;
    return {
      version,
      settings: Object.fromEntries(rows.map((row) => [row.name, row.unit ? `${row.setting} ${row.unit}` : row.setting])),
    };
  });
