import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullSystemStatusSchema } from '@ketenregie/contracts';
import type { FullSystemStatus } from '@ketenregie/contracts';
import { createPostgresEventStore } from '@ketenregie/event-store';
import { testAccounts } from '../test-support/accounts';
import { startApiProcess } from '../test-support/api-process';
import type { RunningApiProcess } from '../test-support/api-process';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const postmaster = async (pgData: string): Promise<{ pid: number; port: number }> => {
  const lines = (await readFile(join(pgData, 'postmaster.pid'), 'utf8')).split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
};

/** The full status needs a session: an account is written into the embedded server the API started. */
const status = async (
  api: RunningApiProcess,
  dataDir: string,
  accept: (value: FullSystemStatus) => boolean = () => true,
): Promise<FullSystemStatus> => {
  const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
  const { port } = await postmaster(join(dataDir, 'postgres'));
  const accounts = await testAccounts(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/ketenregie`);
  const signedIn = await accounts
    .signInAs(api.url, { userId: 'ana', organisationId: 'gemeente-gorinchem', roles: ['policy-analyst'] })
    .finally(() => accounts.close());
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = fullSystemStatusSchema.parse(await (await fetch(`${api.url}/api/v1/status`, { headers: signedIn.headers })).json());
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  let parent: string;
  let dataDir: string;
  let api: RunningApiProcess | undefined;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'ketenregie-embedded-'));
    // mkdtemp makes a 0700 directory; the postgres system user must be able to pass through it.
    await chmod(parent, 0o755);
    dataDir = join(parent, 'data');
  });

  afterAll(async () => {
    await api?.stop();
    await rm(parent, { recursive: true, force: true });
  });

  const start = () => startApiProcess({ DATA_DIR: dataDir, PORT: '0' });

  it('initialises once, keeps its data across a clean restart and a kill -9', async () => {
    api = await start();
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
    expect((await status(api, dataDir)).database).toEqual({ kind: 'embedded' });

    const pgData = join(dataDir, 'postgres');
    const passwordFile = join(dataDir, 'postgres.password');
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, 'utf8')).trim();
    const first = await postmaster(pgData);
    const store = await createPostgresEventStore({
      connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${first.port}/ketenregie`,
    });
    try {
      await store.appendToStream('embedded-test', [{ type: 'test.kept-across-restarts', data: {} }]);
    } finally {
      await store.close();
    }
    expect((await status(api, dataDir, (value) => value.events.total === 1)).events.total).toBe(1);

    // A clean stop takes the server down with the app.
    expect(await api.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(isAlive(first.pid)).toBe(false);
    expect(existsSync(join(pgData, 'postmaster.pid'))).toBe(false);

    api = await start();
    expect(api.stdout()).not.toContain('initialising the embedded PostgreSQL');
    expect((await status(api, dataDir, (value) => value.events.total === 1)).events.total).toBe(1);
    expect((await readFile(passwordFile, 'utf8')).trim()).toBe(password);

    // kill -9 leaves the postmaster running without its parent; the next start must recover.
    const orphan = await postmaster(pgData);
    await api.stop('SIGKILL');
    expect(isAlive(orphan.pid)).toBe(true);

    api = await start();
    expect(api.stdout()).toContain(`stopping an orphaned embedded PostgreSQL (pid ${orphan.pid})`);
    expect(isAlive(orphan.pid)).toBe(false);
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
    expect((await status(api, dataDir, (value) => value.events.total === 1)).events.total).toBe(1);

    const last = await postmaster(pgData);
    await api.stop('SIGINT');
    api = undefined;
    expect(isAlive(last.pid)).toBe(false);
  });
  it('lets a second process on the same data directory share the server, one of them running each projection', async () => {
    const first = await start();
    api = first;
    const second = await startApiProcess({ DATA_DIR: dataDir, PORT: '0' });
    try {
      expect(second.stdout()).toContain('using the embedded PostgreSQL on 127.0.0.1:');
      const pgData = join(dataDir, 'postgres');
      const server = await postmaster(pgData);
      const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
      const store = await createPostgresEventStore({
        connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/ketenregie`,
      });
      try {
        await store.appendToStream('shared-test', [{ type: 'test.seen-by-both', data: {} }]);
      } finally {
        await store.close();
      }
      const seen = (value: FullSystemStatus) => value.events.byType.some((entry) => entry.type === 'test.seen-by-both');
      expect(seen(await status(first, dataDir, seen))).toBe(true);
      expect(seen(await status(second, dataDir, seen))).toBe(true);

      // Stopping the sharing process leaves the owner's server running.
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(isAlive(server.pid)).toBe(true);
      expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
    } finally {
      await second.stop();
    }
    await first.stop('SIGTERM');
    api = undefined;
  });
});
