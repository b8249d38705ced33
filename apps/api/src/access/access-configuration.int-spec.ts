import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { runApiToExit } from '../test-support/api-process';

describe('start-up with a bad organisations file ends with one clear line', () => {
  let database: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase('access_configuration');
    dir = await mkdtemp(join(tmpdir(), 'ketenregie-organisations-'));
  });

  afterAll(async () => {
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = (file: string) => runApiToExit({ DATABASE_URL: database.url, PORT: '0', ORGANISATIONS_FILE: file });

  it('names a file that does not exist', async () => {
    const missing = join(dir, 'missing.json');
    const result = await start(missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Ketenregie cannot start: Invalid configuration: ORGANISATIONS_FILE names a file that does not exist (${missing}).\n`,
    );
  });

  it('names the field that is wrong, and a municipality two regions claim', async () => {
    const kind = join(dir, 'kind.json');
    await writeFile(
      kind,
      JSON.stringify({ organisations: [{ organisationId: 'vt-x', name: 'VT X', kind: 'ziekenhuis', municipalities: ['Gorinchem'] }] }),
    );
    const wrongKind = await start(kind);
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toMatch(
      /^Ketenregie cannot start: Invalid configuration: ORGANISATIONS_FILE organisations\.0\.kind: [^\n]+\.\n$/,
    );

    const twice = join(dir, 'twice.json');
    const region = (organisationId: string) => ({
      organisationId,
      name: organisationId,
      kind: 'veilig-thuis',
      municipalities: ['Gorinchem'],
    });
    await writeFile(twice, JSON.stringify({ organisations: [region('vt-a'), region('vt-b')] }));
    const result = await start(twice);
    expect(result.stderr).toBe(
      'Ketenregie cannot start: Invalid configuration: ORGANISATIONS_FILE municipality "gorinchem" is served by both vt-a and vt-b.\n',
    );
  });
});
