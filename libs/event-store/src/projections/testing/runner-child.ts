// Child process for the crash test: runs one ledger projection until it is killed (SIGKILL) or
// receives SIGTERM. Configuration comes from the environment so the test can restart it as is.
import { DataSource } from 'typeorm';
import { createPostgresEventStore } from '../../postgres';
import { createProjectionRunner } from '../projection-runner';
import { createLedgerProjection } from './ledger.projection';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const main = async (): Promise<void> => {
  const url = env('LEDGER_DATABASE_URL');
  const store = await createPostgresEventStore({ connectionString: url, poolSize: 4 });
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  await dataSource.initialize();
  const runner = createProjectionRunner({
    store,
    dataSource,
    projections: [
      createLedgerProjection({
        name: env('LEDGER_NAME'),
        prefix: env('LEDGER_PREFIX'),
        label: `pid-${process.pid}`,
        sleepSeconds: Number(process.env['LEDGER_SLEEP_SECONDS'] ?? '0'),
      }),
    ],
    batchSize: Number(process.env['LEDGER_BATCH_SIZE'] ?? '50'),
    leaseDurationMs: 1_000,
    leaseRetryMs: 100,
    logger: { info: () => undefined, warn: () => undefined, error: (fields, message) => console.error(message, fields) },
  });
  await runner.start();
  process.stdout.write('started\n');
  process.once('SIGTERM', () => {
    void runner
      .stop()
      .then(() => dataSource.destroy())
      .then(() => store.close())
      .then(() => process.exit(0));
  });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
