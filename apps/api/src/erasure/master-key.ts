import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiConfig } from '../config/config';
import { StartupError } from '../startup-error';

export const MASTER_KEY_FILE = 'master-key';

const KEY_BYTES = 32;

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;

const readKeyFile = async (file: string): Promise<Buffer | undefined> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StartupError(`Cannot read the master key in ${file} (${errorCode(error) ?? 'error'}): check its permissions.`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new StartupError(`${file} does not hold a master key (32 bytes as base64): restore it from a backup, or set MASTER_KEY.`);
  }
  return key;
};

const assertPrivate = async (file: string): Promise<void> => {
  if (((await stat(file)).mode & 0o077) !== 0) throw new StartupError(`${file} must be readable by its owner only: chmod 600 ${file}.`);
};

/**
 * The key that wraps every family's data key. Configured (`MASTER_KEY`), or for the embedded
 * default generated once and kept next to the database in `DATA_DIR`, readable by this user only,
 * so `npm start` needs no setup. An external database never gets a generated key: its backups would
 * then depend on a file on one app server.
 */
export const resolveMasterKey = async (config: ApiConfig): Promise<{ key: Buffer; source: 'configured' | 'data-dir' }> => {
  if (config.masterKey) return { key: config.masterKey, source: 'configured' };
  if (config.databaseUrl) {
    throw new StartupError(
      'MASTER_KEY is required with DATABASE_URL: set it to 32 random bytes as base64 (openssl rand -base64 32) and keep it out of the database backups.',
    );
  }
  const file = join(config.dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) {
    await assertPrivate(file);
    return { key: existing, source: 'data-dir' };
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  // Written whole under a private name, then linked into place: of two processes starting at
  // once, one links and the other reads a complete file, never a half-written one.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(draft, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await link(draft, file);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST')
      throw new StartupError(`Cannot write the master key to ${file} (${errorCode(error) ?? 'error'}): check DATA_DIR.`);
    const written = await readKeyFile(file);
    if (!written) throw new StartupError(`Cannot read the master key in ${file}.`);
    return { key: written, source: 'data-dir' };
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  await assertPrivate(file);
  return { key, source: 'data-dir' };
};
