import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { PostgresEventStore } from '@ketenregie/event-store';
import { createPostgresEventStore } from '@ketenregie/event-store';
import { feedbackEventTypes } from '../feedback-events/feedback-events';
import { queueOne } from '../testing/feedback-test-kit';
import { startTestSmtpServer } from '../testing/test-smtp-server';
import type { TestSmtpServer } from '../testing/test-smtp-server';
import { ensureFeedbackDeliverySchema } from './delivery-schema';

const root = resolve(__dirname, '../../../../..');
const burst = 300;
const batchSize = 10;

const waitUntil = async (condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
};

describe('feedback delivery exactly once per message id across a kill -9 mid-burst', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let smtp: TestSmtpServer;
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase('feedback_crash');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: 4 } });
    await dataSource.initialize();
    await ensureFeedbackDeliverySchema(dataSource);
    // A little delay per mail keeps the burst running long enough to kill it in the middle.
    smtp = await startTestSmtpServer({ delayMs: 5 });
  });

  afterAll(async () => {
    await smtp?.close();
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const spawnWorker = (): { child: ChildProcess; exited: Promise<number | null>; started: Promise<void> } => {
    const child = spawn(process.execPath, [join(root, 'tools/scripts/run-ts.cjs'), join(__dirname, '../testing/delivery-child.ts')], {
      cwd: root,
      env: {
        ...process.env,
        FEEDBACK_DATABASE_URL: db.url,
        FEEDBACK_SMTP_URL: smtp.url,
        FEEDBACK_LINK_SECRET: secret,
        FEEDBACK_BATCH_SIZE: String(batchSize),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const started = new Promise<void>((done, fail) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('started')) done();
      });
      child.once('exit', (code) => fail(new Error(`worker exited (${code}) before starting: ${output}`)));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    return { child, exited, started };
  };

  it('loses nothing, records one outcome per message, and the receiver keeps exactly one mail per Message-ID', async () => {
    const queued: string[] = [];
    for (let chunk = 0; chunk < burst; chunk += 25) {
      const ids = await Promise.all(Array.from({ length: Math.min(25, burst - chunk) }, () => queueOne(store)));
      queued.push(...ids.map(({ messageId }) => messageId));
    }

    const first = spawnWorker();
    await first.started;
    await waitUntil(() => smtp.received.length >= burst / 3, 60_000, 'the burst to be under way');
    first.child.kill('SIGKILL');
    await first.exited;
    const receivedAtKill = smtp.received.length;

    const second = spawnWorker();
    await second.started;
    await waitUntil(
      async () => {
        const [{ settled }] = (await dataSource.query(
          `select count(*)::int as settled from feedback_delivery_claims where outcome is not null`,
        )) as { settled: number }[];
        return settled === burst;
      },
      120_000,
      'every message to be settled',
    );
    second.child.kill('SIGTERM');
    await second.exited;

    const delivered = (await store.readAll({ from: 'start', maxCount: 1_000_000 })).events.filter(
      (event) => event.type === feedbackEventTypes.delivered,
    );
    const acceptedIds = [...smtp.accepted.keys()];
    const resent = smtp.received.length - smtp.accepted.size;
    process.stdout.write(
      `feedback crash test: sent ${burst} messages; killed after ${receivedAtKill} mails; SMTP transactions ${smtp.received.length}; ` +
        `accepted (distinct Message-ID) ${smtp.accepted.size}; resent after the kill, same Message-ID, dropped by the receiver ${resent}; ` +
        `duplicates accepted ${acceptedIds.length - new Set(acceptedIds).size}; delivered events ${delivered.length}\n`,
    );

    expect(new Set(acceptedIds)).toEqual(new Set(queued.map((id) => `<${id}@vt-zhz.example>`)));
    expect(delivered).toHaveLength(burst);
    expect(new Set(delivered.map((event) => event.data['messageId'])).size).toBe(burst);
    // A repeat can only be a send whose outcome the killed process had not recorded: at most what it held claimed.
    expect(resent).toBeLessThanOrEqual(batchSize);
  }, 240_000);
});
