import { spawn } from 'node:child_process';
import { appendFile, chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findRepoRoot } from '../config/repo-root';
import { StartupError } from '../startup-error';
import { freePort, startEmbeddedPostgres } from './embedded-postgres';
import type { PostgresBinaries } from './postgres-server';
import { initialiseCluster, packagedBinaries, serverUser, stageBinaries } from './postgres-server';

// As root, from a checkout in a folder only root may enter (under /root, or any
// `mktemp -d`), `npm start` and `npm test` crashed with `spawn …/initdb EACCES`: PostgreSQL runs as
// the system user postgres, which cannot reach the binaries under node_modules there.

const root = findRepoRoot();
const isRoot = process.getuid?.() === 0;

/** A folder the postgres user can enter, for data and staged binaries: root's, 0755. */
const openFolder = async (prefix: string): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
};

if (!isRoot) {
  describe('embedded PostgreSQL from a folder only root may enter', () => {
    it.skip(`needs root (this run is uid ${process.getuid?.()}): only a root process runs PostgreSQL as the postgres system user`, () =>
      undefined);
  });
} else {
  describe('embedded PostgreSQL from a folder only root may enter', () => {
    let closed: string;
    let open: string;
    const cleanup: string[] = [];

    beforeAll(async () => {
      // As `mktemp -d` makes it: 0700, root's. The package's binaries appear inside it, as in a checkout there.
      closed = await mkdtemp(join(tmpdir(), 'ketenregie-root-only-'));
      expect((await stat(closed)).mode & 0o777).toBe(0o700);
      const packaged = await packagedBinaries();
      await symlink(packaged.dir, join(closed, 'native'));
      open = await openFolder('ketenregie-open-');
      cleanup.push(closed, open);
    });

    afterAll(async () => {
      for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
    });

    const closedSource = async () => ({ dir: join(closed, 'native'), version: (await packagedBinaries()).version });

    it('cannot run the binaries where the checkout has them (the failure this guards against)', async () => {
      const binaries: PostgresBinaries = { ...(await closedSource()), user: await serverUser() };
      const dataDir = join(open, 'unstaged');
      await expect(
        initialiseCluster(binaries, { dataDir, superuser: 'postgres', password: 'x'.repeat(12), authMethod: 'scram-sha-256' }),
      ).rejects.toMatchObject({
        code: 'EACCES',
      });
    });

    it('stages them where that user can reach them, then initialises, starts and answers', async () => {
      const base = await openFolder('ketenregie-stage-');
      cleanup.push(base);
      const source = await closedSource();
      const binaries: PostgresBinaries = { dir: await stageBinaries(source, base), version: source.version, user: await serverUser() };
      expect(binaries.dir).toMatch(new RegExp(`^${base}/ketenregie-postgres-${source.version.replace(/\./g, '\\.')}-[0-9a-f]{16}$`));
      const staged = await stat(binaries.dir);
      expect({ uid: staged.uid, mode: staged.mode & 0o777 }).toEqual({ uid: 0, mode: 0o755 });

      const dataDir = join(open, 'data');
      const server = await startEmbeddedPostgres({ dataDir, binaries, preferredPort: await freePort() });
      try {
        const client = new Client({ connectionString: server.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ user: string }>('select current_user as user');
          expect(rows).toEqual([{ user: 'postgres' }]);
        } finally {
          await client.end();
        }
      } finally {
        await server.stop();
      }
    });

    it('stops with one line naming the folder to change when the data would sit inside the closed folder', async () => {
      const source = await closedSource();
      const base = await openFolder('ketenregie-stage-');
      cleanup.push(base);
      const binaries: PostgresBinaries = { dir: await stageBinaries(source, base), version: source.version, user: await serverUser() };
      const attempt = startEmbeddedPostgres({ dataDir: join(closed, 'checkout', '.data'), binaries });
      await expect(attempt).rejects.toBeInstanceOf(StartupError);
      await expect(attempt).rejects.toThrow(
        `PostgreSQL runs as the system user postgres, which cannot enter ${closed} (mode 0700, owner uid 0), so it cannot use ${join(closed, 'checkout', '.data')}: ` +
          'set DATA_DIR to a folder outside it that this user can reach (e.g. DATA_DIR=/var/lib/ketenregie), or use DATABASE_URL.',
      );
    });

    it('runs only a complete, untouched copy of its own: concurrent starts share one, a changed one is replaced, a planted one refused', async () => {
      const base = await openFolder('ketenregie-stage-');
      cleanup.push(base);
      const source = await closedSource();
      const dirs = await Promise.all(Array.from({ length: 3 }, () => stageBinaries(source, base)));
      expect(new Set(dirs).size).toBe(1);
      const [dir] = dirs;
      // Only the copy is left: the private staging folders of the two that lost the race are gone.
      expect(await readdir(base)).toEqual([dir.slice(base.length + 1)]);

      const initdb = join(dir, 'bin', 'initdb');
      const original = await readFile(initdb);
      await appendFile(initdb, 'tampered');
      expect(await stageBinaries(source, base)).toBe(dir);
      expect((await readFile(initdb)).equals(original)).toBe(true);

      // Someone else's folder where the copy goes is never used, however complete it looks.
      await rm(dir, { recursive: true });
      await mkdir(dir, { mode: 0o755 });
      const { uid, gid } = await serverUser();
      await chown(dir, uid, gid);
      await expect(stageBinaries(source, base)).rejects.toThrow(
        `${dir} is not root's own folder (someone else made it): remove it and start again.`,
      );
    });

    it('lets `npm start` run from a checkout in the closed folder, with DATA_DIR outside it', async () => {
      // The checkout: only what the API needs, linked in; node keeps the links' paths, so the API
      // resolves its packages, and the PostgreSQL binaries, inside the closed folder.
      const checkout = join(closed, 'k');
      await mkdir(checkout);
      for (const entry of ['apps', 'libs', 'tools', 'node_modules', 'package.json', 'tsconfig.base.json']) {
        await symlink(join(root, entry), join(checkout, entry));
      }
      const run = (env: Record<string, string>, waitForReady: boolean) =>
        new Promise<{ code: number | null; stdout: string; stderr: string; ready?: number }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--preserve-symlinks',
              '--preserve-symlinks-main',
              join(checkout, 'tools/scripts/run-ts.cjs'),
              join(checkout, 'apps/api/src/main.ts'),
            ],
            {
              cwd: checkout,
              env: { ...process.env, SEED_DEMO: 'false', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
              stdio: ['ignore', 'pipe', 'pipe'],
            },
          );
          let stdout = '';
          let stderr = '';
          let ready: number | undefined;
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            const url = /"url":"(http:\/\/[^"]+)"/.exec(stdout)?.[1];
            if (waitForReady && url && ready === undefined) {
              ready = 0;
              void fetch(`${url}/health/ready`).then((response) => {
                ready = response.status;
                child.kill('SIGTERM');
              }, reject);
            }
          });
          const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
          child.once('error', reject);
          child.once('exit', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, ready });
          });
        });

      const inside = await run({}, false);
      expect(inside.code).toBe(1);
      expect(inside.stderr.trim().split('\n')).toEqual([
        `Ketenregie cannot start: PostgreSQL runs as the system user postgres, which cannot enter ${closed} (mode 0700, owner uid 0), so it cannot use ${join(checkout, '.data')}: ` +
          'set DATA_DIR to a folder outside it that this user can reach (e.g. DATA_DIR=/var/lib/ketenregie), or use DATABASE_URL.',
      ]);

      const outside = await run({ DATA_DIR: join(open, 'start-data') }, true);
      expect({
        ready: outside.ready,
        code: outside.code,
        stderr: outside.stderr,
        log: outside.ready === 200 ? '' : outside.stdout.slice(-3000),
      }).toEqual({
        ready: 200,
        code: 0,
        stderr: '',
        log: '',
      });
      expect(outside.stdout).toContain('initialising the embedded PostgreSQL');
    }, 180_000);
  });
}
