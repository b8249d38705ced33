import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FamilyKeyStore } from '@ketenregie/access-server';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { loadConfig } from '../config/config';
import { runApiToExit } from '../test-support/api-process';
import { MASTER_KEY_FILE, resolveMasterKey } from './master-key';

describe('the master key', () => {
  const directories: string[] = [];
  const dataDir = async (): Promise<string> => {
    const directory = await mkdtemp(join(tmpdir(), 'ketenregie-master-key-'));
    directories.push(directory);
    return directory;
  };

  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it('is generated once into DATA_DIR for the embedded default, readable by its owner only', async () => {
    const config = loadConfig({ DATA_DIR: await dataDir() });
    // Processes starting together all end up with the one key that was written.
    const keys = await Promise.all(Array.from({ length: 5 }, () => resolveMasterKey(config)));
    const file = join(config.dataDir, MASTER_KEY_FILE);
    const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    expect(stored).toHaveLength(32);
    for (const key of keys) expect(key).toEqual({ key: stored, source: 'data-dir' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await resolveMasterKey(config)).toEqual({ key: stored, source: 'data-dir' });
  });

  it('refuses a key file others can read, or one that holds no key', async () => {
    const config = loadConfig({ DATA_DIR: await dataDir() });
    const file = join(config.dataDir, MASTER_KEY_FILE);
    await resolveMasterKey(config);
    await chmod(file, 0o644);
    await expect(resolveMasterKey(config)).rejects.toThrow(`${file} must be readable by its owner only: chmod 600 ${file}.`);
    await writeFile(file, 'short\n', { mode: 0o600 });
    await chmod(file, 0o600);
    await expect(resolveMasterKey(config)).rejects.toThrow(`${file} does not hold a master key (32 bytes as base64)`);
  });

  it('comes from MASTER_KEY when set, and must be set with DATABASE_URL', async () => {
    const key = randomBytes(32);
    expect(await resolveMasterKey(loadConfig({ DATABASE_URL: 'postgres://db/x', MASTER_KEY: key.toString('base64') }))).toEqual({
      key,
      source: 'configured',
    });
    await expect(resolveMasterKey(loadConfig({ DATABASE_URL: 'postgres://db/x' }))).rejects.toThrow(
      'MASTER_KEY is required with DATABASE_URL: set it to 32 random bytes as base64 (openssl rand -base64 32) and keep it out of the database backups.',
    );
  });

  describe('at start-up of the API', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase('master_key_startup');
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('ends with one line when it is missing, malformed, or not the key the database was created with', async () => {
      const missing = await runApiToExit({ DATABASE_URL: database.url, PORT: '0', MASTER_KEY: '' });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(
        'Ketenregie cannot start: MASTER_KEY is required with DATABASE_URL: set it to 32 random bytes as base64 (openssl rand -base64 32) and keep it out of the database backups.\n',
      );

      const malformed = 'c2hvcnQ=';
      const bad = await runApiToExit({ DATABASE_URL: database.url, PORT: '0', MASTER_KEY: malformed });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe(
        'Ketenregie cannot start: Invalid configuration: MASTER_KEY must be 32 random bytes encoded as base64 (openssl rand -base64 32).\n',
      );

      // The database holds family keys wrapped with another master key.
      const dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false });
      await dataSource.initialize();
      try {
        const keys = new FamilyKeyStore(dataSource, randomBytes(32));
        await keys.ensureSchema();
        await keys.getKey('family-1');
      } finally {
        await dataSource.destroy();
      }
      const wrong = await runApiToExit({ DATABASE_URL: database.url, PORT: '0', MASTER_KEY: randomBytes(32).toString('base64') });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(
        'Ketenregie cannot start: MASTER_KEY does not open the family keys in this database: set the key this database was created with.\n',
      );
    });
  });
});
