import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { runApiToExit } from './test-support/api-process';

const listen = (): Promise<{ server: Server; port: number }> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve({ server, port: address.port });
    });
  });

describe('start-up with bad configuration ends with one clear line', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('api_main');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('names the port that is already in use', async () => {
    const { server, port } = await listen();
    try {
      const result = await runApiToExit({ DATABASE_URL: database.url, PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `Ketenregie cannot start: Port ${port} is already in use: stop the other process or set PORT to a free port.\n`,
      );
    } finally {
      server.close();
    }
  });

  it('names the database server it cannot reach', async () => {
    const result = await runApiToExit({ DATABASE_URL: 'postgres://x@127.0.0.1:1/db', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Ketenregie cannot start: Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused): start the database server or correct DATABASE_URL.\n',
    );
  });

  it('rejects an unparsable DATABASE_URL before connecting anywhere', async () => {
    const result = await runApiToExit({ DATABASE_URL: 'localhost:5432/ketenregie?password=hunter2', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Ketenregie cannot start: Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://, not localhost://.\n',
    );
  });

  it('names the EventStoreDB it cannot reach', async () => {
    const result = await runApiToExit({
      DATABASE_URL: database.url,
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
      PORT: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Ketenregie cannot start: Cannot reach EventStoreDB at 127\.0\.0\.1:1 \(.+\): start it or correct EVENTSTORE_CONNECTION_STRING\.\n$/,
    );
  });
});
