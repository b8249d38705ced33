import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { createTestDatabase, startChildUntil } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { FamilyClaims } from './family-claims';
import { claimTestHousehold } from './testing/family-claim-household';

const statusOf = (error: unknown): number | undefined => (error as { getStatus?: () => number }).getStatus?.();

describe('family claims held by a process that died (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let claims: FamilyClaims;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('family_claims_lease');
    dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false });
    await dataSource.initialize();
    store = await createPostgresEventStore({ connectionString: database.url });
    claims = new FamilyClaims(dataSource, store, createProjectionRunner({ store, dataSource, projections: [] }));
    await claims.onModuleInit();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await store?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  /** An intake in another process that claimed the household and stopped before its append. */
  const claimInChild = async (caseId: string): Promise<ChildProcess> => {
    const child = await startChildUntil(
      join(__dirname, 'testing/family-claim-child.ts'),
      { CLAIM_DATABASE_URL: database.url, CLAIM_CASE_ID: caseId },
      'claimed',
    );
    children.push(child);
    return child;
  };

  it('waits for the intake of a process that runs, and takes the claim of one killed mid-intake at once', async () => {
    const child = await claimInChild('case-of-the-crashed-intake');
    // Alive: the second intake waits its 10 s for the first to open its case or give up, then 409.
    const waited = await claims.claim(claimTestHousehold, 'case-of-the-second-intake', 'family-2').catch((error: unknown) => error);
    expect(statusOf(waited)).toBe(409);

    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
    const started = Date.now();
    const outcome = await claims.claim(claimTestHousehold, 'case-of-the-second-intake', 'family-2');
    expect(outcome?.kind).toBe('claimed');
    expect(Date.now() - started).toBeLessThan(5_000);
    const held = (await dataSource.query('select distinct case_id from cases_family_claims')) as { case_id: string }[];
    expect(held).toEqual([{ case_id: 'case-of-the-second-intake' }]);
  }, 60_000);
});
