// Child process for the claim-takeover test: claims one Idempotency-Key as a request would at its
// start, says so on stdout, and then holds the claim until it is killed, as a process that crashed
// mid-command would. Configuration from the environment.
import { DataSource } from 'typeorm';
import { IdempotencyStore } from '../idempotency';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const main = async (): Promise<void> => {
  const dataSource = new DataSource({ type: 'postgres', url: env('CLAIM_DATABASE_URL'), extra: { max: 1 } });
  await dataSource.initialize();
  const store = new IdempotencyStore(dataSource);
  await store.onModuleInit();
  const claim = await store.claim(env('CLAIM_KEY'), env('CLAIM_FINGERPRINT'));
  process.stdout.write(`${claim.kind} ${store.owner}\n`);
  setInterval(() => undefined, 60_000);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
