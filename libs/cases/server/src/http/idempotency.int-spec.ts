import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, startChildUntil } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { IdempotencyStore, scopedIdempotencyKey } from './idempotency';

const statusOf = (error: unknown): number | undefined => (error as { getStatus?: () => number }).getStatus?.();

describe('Idempotency-Key claims (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: IdempotencyStore;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('idempotency_claims');
    dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false });
    await dataSource.initialize();
    store = new IdempotencyStore(dataSource);
    await store.onModuleInit();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Another API process that claims `key` and then holds it, as one in the middle of a command. */
  const claimInChild = async (key: string, fingerprint: string): Promise<ChildProcess> => {
    const child = await startChildUntil(
      join(__dirname, 'testing/idempotency-claim-child.ts'),
      { CLAIM_DATABASE_URL: database.url, CLAIM_KEY: key, CLAIM_FINGERPRINT: fingerprint },
      'execute ',
    );
    children.push(child);
    return child;
  };

  const killed = (child: ChildProcess): Promise<void> =>
    new Promise((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });

  it('takes over at once a claim whose process was killed mid-request, and waits for one whose process runs', async () => {
    const key = scopedIdempotencyKey({ userId: 'vt-anna' }, randomUUID());
    const child = await claimInChild(key, 'fingerprint-1');
    const refused = await store.claim(key, 'fingerprint-1').catch((error: unknown) => error);
    expect(statusOf(refused)).toBe(409);

    await killed(child);
    const started = Date.now();
    expect(await store.claim(key, 'fingerprint-1')).toEqual({ kind: 'execute' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = (await dataSource.query('select owner from http_idempotency where idempotency_key = $1', [key])) as { owner: string }[];
    expect(row.owner).toBe(store.owner);
    // Now it is this process's, and running: another request with the key waits.
    expect(statusOf(await new IdempotencyStore(dataSource).claim(key, 'fingerprint-1').catch((error: unknown) => error))).toBe(409);
  }, 60_000);

  it('leaves a claim of a process on another host until its lease ran out', async () => {
    const key = scopedIdempotencyKey({ userId: 'vt-anna' }, randomUUID());
    await dataSource.query(`insert into http_idempotency (idempotency_key, fingerprint, owner) values ($1, 'fingerprint-1', $2)`, [
      key,
      `elsewhere-${hostname()}:1:abcdef01`,
    ]);
    expect(statusOf(await store.claim(key, 'fingerprint-1').catch((error: unknown) => error))).toBe(409);
    await dataSource.query(`update http_idempotency set created_at = now() - interval '61 seconds' where idempotency_key = $1`, [key]);
    expect(await store.claim(key, 'fingerprint-1')).toEqual({ kind: 'execute' });
  });

  it('keeps the keys of two users apart, and a failed request frees only its own claim', async () => {
    const key = randomUUID();
    const anna = scopedIdempotencyKey({ userId: 'vt-anna' }, key);
    const bram = scopedIdempotencyKey({ userId: 'vt-bram' }, key);
    expect(anna).not.toBe(bram);
    expect(await store.claim(anna, 'fingerprint-anna')).toEqual({ kind: 'execute' });
    // Anna's request is in progress; Bram's with the same key neither waits for it nor is refused.
    expect(await store.claim(bram, 'fingerprint-bram')).toEqual({ kind: 'execute' });
    await store.complete(anna, { status: 201, body: { caseId: 'a' }, headers: {} });
    await store.complete(bram, { status: 201, body: { caseId: 'b' }, headers: {} });
    expect(await store.claim(anna, 'fingerprint-anna')).toMatchObject({ kind: 'replay', response: { body: { caseId: 'a' } } });
    expect(await store.claim(bram, 'fingerprint-bram')).toMatchObject({ kind: 'replay', response: { body: { caseId: 'b' } } });

    const other = new IdempotencyStore(dataSource);
    const taken = scopedIdempotencyKey({ userId: 'vt-anna' }, randomUUID());
    expect(await other.claim(taken, 'f')).toEqual({ kind: 'execute' });
    await store.release(taken);
    expect(statusOf(await store.claim(taken, 'f').catch((error: unknown) => error))).toBe(409);
  });
});
