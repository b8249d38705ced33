// Child process for the delivery crash test and the outbox benchmark: keeps the outbox projected
// and delivers it until killed (SIGKILL) or told to stop (SIGTERM). Settings come from the
// environment so a test can start the same process again after killing it.
import { DataSource } from 'typeorm';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import { ensureFeedbackDeliverySchema } from '../delivery/delivery-schema';
import { createDeliveryWorker } from '../delivery/delivery-worker';
import { smtpTransport } from '../delivery/mail-transport';
import { feedbackOutboxProjection } from '../outbox/outbox.projection';
import { testSender } from './feedback-test-kit';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const main = async (): Promise<void> => {
  const url = env('FEEDBACK_DATABASE_URL');
  const store = await createPostgresEventStore({ connectionString: url, poolSize: 4 });
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 6 } });
  await dataSource.initialize();
  await ensureFeedbackDeliverySchema(dataSource);
  const quiet = {
    info: () => undefined,
    warn: () => undefined,
    error: (fields: object, message: string) => console.error(message, fields),
  };
  const runner = createProjectionRunner({
    store,
    dataSource,
    projections: [feedbackOutboxProjection],
    leaseDurationMs: 1_000,
    leaseRetryMs: 100,
    logger: quiet,
  });
  await runner.start();
  const transport = smtpTransport({ url: env('FEEDBACK_SMTP_URL'), timeoutMs: 500, maxConnections: 4 });
  const worker = createDeliveryWorker({
    db: dataSource,
    store,
    transport,
    portalLinks: { secret: Buffer.from(env('FEEDBACK_LINK_SECRET'), 'hex'), baseUrl: 'https://ketenregie.example' },
    from: testSender,
    leaseMs: Number(process.env['FEEDBACK_LEASE_MS'] ?? '1500'),
    backoffMs: 50,
    batchSize: Number(process.env['FEEDBACK_BATCH_SIZE'] ?? '10'),
    concurrency: 4,
    idleMs: 20,
  });
  worker.start();
  process.stdout.write('started\n');
  process.once('SIGTERM', () => {
    void worker
      .stop()
      .then(() => transport.close())
      .then(() => runner.stop())
      .then(() => dataSource.destroy())
      .then(() => store.close())
      .then(() => process.exit(0));
  });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
