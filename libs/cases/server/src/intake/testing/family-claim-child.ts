// Child process for the family-claim takeover test: claims a household for a case, as an intake
// does just before its append, says so on stdout, and holds the claim until it is killed, as a
// process that crashed between the claim and the append would. Configuration from the environment.
import { DataSource } from 'typeorm';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import { FamilyClaims } from '../family-claims';
import { claimTestHousehold } from './family-claim-household';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const main = async (): Promise<void> => {
  const url = env('CLAIM_DATABASE_URL');
  const store = await createPostgresEventStore({ connectionString: url, poolSize: 1 });
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
  await dataSource.initialize();
  const claims = new FamilyClaims(dataSource, store, createProjectionRunner({ store, dataSource, projections: [] }));
  await claims.onModuleInit();
  const outcome = await claims.claim(claimTestHousehold, env('CLAIM_CASE_ID'), 'family-of-the-crashed-intake');
  process.stdout.write(`${outcome?.kind ?? 'none'}\n`);
  setInterval(() => undefined, 60_000);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
