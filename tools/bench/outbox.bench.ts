/**
 * `npm run bench:outbox [-- --quick]`: how many feedback messages per second the outbox worker
 * delivers to a real SMTP server in this process (smtp-server on a local port), claim -> send ->
 * record included, with 1, 4 and 8 sends at once. Messages are queued and projected before the
 * clock starts, so the figure is delivery alone. PostgreSQL at its durable defaults. Prints a table
 * and writes bench/results/outbox(-quick).json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import type { Checkpoint } from '@ketenregie/event-store';
import {
  FEEDBACK_OUTBOX_PROJECTION,
  createDeliveryWorker,
  ensureFeedbackDeliverySchema,
  feedbackOutboxProjection,
  smtpTransport,
} from '@ketenregie/feedback-server';
import { queueOne, testSender } from '../../libs/feedback/server/src/testing/feedback-test-kit';
import { startTestSmtpServer } from '../../libs/feedback/server/src/testing/test-smtp-server';
import { readServerFacts, startBenchServer } from './bench-postgres-server';
import { machineFacts } from './machine-facts';

const root = resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const messagesPerPhase = quick ? 200 : 1000;

const log = (line: string): void => {
  process.stderr.write(`[bench:outbox] ${line}\n`);
};

type PhaseResult = { concurrency: number; messages: number; seconds: number; messagesPerSecond: number; smtpTransactions: number };

const main = async (): Promise<void> => {
  const startedAt = performance.now();
  const loadBefore = loadavg();
  const server = await startBenchServer(log);
  const smtp = await startTestSmtpServer();
  let dataSource: DataSource | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const serverFacts = await readServerFacts(server.url);
    const url = await server.createDatabase('outbox');
    const store = await createPostgresEventStore({ connectionString: url });
    closers.push(() => store.close());
    dataSource = new DataSource({ type: 'postgres', url, logging: false, poolSize: 20, applicationName: 'bench-outbox' });
    await dataSource.initialize();
    await ensureFeedbackDeliverySchema(dataSource);
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const runner = createProjectionRunner({ store, dataSource, projections: [feedbackOutboxProjection], logger: quiet });
    await runner.start();
    closers.push(() => runner.stop());
    const portalLinks = { secret: randomBytes(32), baseUrl: 'https://ketenregie.example' };

    const results: PhaseResult[] = [];
    for (const concurrency of [1, 4, 8]) {
      let last: Checkpoint | undefined;
      for (let queued = 0; queued < messagesPerPhase; queued += 50) {
        const batch = await Promise.all(Array.from({ length: Math.min(50, messagesPerPhase - queued) }, () => queueOne(store)));
        last = batch[batch.length - 1].checkpoint;
      }
      if (last) await runner.waitFor(FEEDBACK_OUTBOX_PROJECTION, last, 120_000);
      const transport = smtpTransport({ url: smtp.url, maxConnections: concurrency });
      const worker = createDeliveryWorker({ db: dataSource, store, transport, portalLinks, from: testSender, concurrency, batchSize: 50 });
      const before = smtp.received.length;
      const started = performance.now();
      let delivered = 0;
      while (delivered < messagesPerPhase) {
        const claimed = await worker.runOnce();
        delivered += claimed;
        if (claimed === 0) break;
      }
      const seconds = (performance.now() - started) / 1000;
      await transport.close();
      const transactions = smtp.received.length - before;
      if (transactions !== messagesPerPhase) throw new Error(`expected ${messagesPerPhase} mails, the server received ${transactions}`);
      const result = {
        concurrency,
        messages: messagesPerPhase,
        seconds: Number(seconds.toFixed(2)),
        messagesPerSecond: Math.round(messagesPerPhase / seconds),
        smtpTransactions: transactions,
      };
      log(`${concurrency} at once: ${result.messagesPerSecond} messages/s`);
      results.push(result);
    }

    const report = {
      benchmark: 'outbox',
      machine: machineFacts({ serverFacts, embedded: server.embedded, loadBefore, startedAt, quick }),
      results,
    };
    const directory = join(root, 'bench/results');
    await mkdir(directory, { recursive: true });
    const file = join(directory, quick ? 'outbox-quick.json' : 'outbox.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    const lines = results.map(
      (r) =>
        `${String(r.concurrency).padStart(11)}  ${String(r.messages).padStart(8)}  ${r.seconds.toFixed(2).padStart(7)}  ${String(r.messagesPerSecond).padStart(10)}`,
    );
    process.stdout.write(`concurrency  messages  seconds  messages/s\n${lines.join('\n')}\nwritten to ${file}\n`);
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await smtp.close();
    await server.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`[bench:outbox] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
