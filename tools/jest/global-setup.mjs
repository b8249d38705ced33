// One PostgreSQL server per test run; each test file creates its own database on it
// (see libs/testing). With DATABASE_URL set, that server is used instead.
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

const require = createRequire(import.meta.url);

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.KETENREGIE_TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  // The same code `npm start` runs the embedded server with (TypeScript, compiled on require): as
  // root it runs the binaries from a copy the postgres system user can reach, so the tests work in
  // a checkout only root may enter.
  require('../scripts/run-ts.cjs');
  const {
    initialiseCluster,
    makeServerTempDir,
    preparePostgresBinaries,
    startPostgres,
  } = require('../../apps/api/src/database/postgres-server.ts');
  const { rm } = await import('node:fs/promises');
  const binaries = await preparePostgresBinaries();
  const port = await freePort();
  const databaseDir = await makeServerTempDir(binaries, 'ketenregie-test-pg-');
  try {
    await initialiseCluster(binaries, { dataDir: databaseDir, superuser: 'postgres', password: 'postgres', authMethod: 'password' });
    const server = await startPostgres(binaries, {
      dataDir: databaseDir,
      port,
      flags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    });
    globalThis.__KETENREGIE_PG__ = {
      stop: async () => {
        await server.stop();
        await rm(databaseDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw error;
  }
  process.env.KETENREGIE_TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
