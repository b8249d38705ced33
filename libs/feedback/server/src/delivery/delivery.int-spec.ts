import { DataSource } from 'typeorm';
import type { Referrer } from '@ketenregie/feedback-domain';
import type { AccessLogPort, AccessLogRecord } from '@ketenregie/access-contracts';
import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import type { PostgresEventStore, ProjectionRunner } from '@ketenregie/event-store';
import { createPostgresEventStore, createProjectionRunner } from '@ketenregie/event-store';
import { feedbackEventTypes, feedbackStreamId } from '../feedback-events/feedback-events';
import { FEEDBACK_OUTBOX_PROJECTION, feedbackOutboxProjection } from '../outbox/outbox.projection';
import { redeemPortalLink } from '../portal-links/portal-links';
import { claimsOf, outsideProfessional, queueOne, testPortal, testSender } from '../testing/feedback-test-kit';
import { startTestSmtpServer, textBodyOf } from '../testing/test-smtp-server';
import type { TestSmtpServer } from '../testing/test-smtp-server';
import { ensureFeedbackDeliverySchema } from './delivery-schema';
import { createDeliveryWorker, feedbackMailRoute } from './delivery-worker';
import type { DeliveryWorkerOptions } from './delivery-worker';
import { LOCAL_MAILBOX_TABLE, localMailboxTransport, smtpTransport } from './mail-transport';
import type { MailTransport } from './mail-transport';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('feedback delivery over SMTP (real in-process smtp-server)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let smtp: TestSmtpServer;
  let transport: MailTransport;

  beforeAll(async () => {
    db = await createTestDatabase('feedback_delivery');
    store = await createPostgresEventStore({ connectionString: db.url });
    dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: 6 } });
    await dataSource.initialize();
    await ensureFeedbackDeliverySchema(dataSource);
    runner = createProjectionRunner({ store, dataSource, projections: [feedbackOutboxProjection], logger: silent });
    await runner.start();
    smtp = await startTestSmtpServer();
    transport = smtpTransport({ url: smtp.url, timeoutMs: 5_000 });
  });

  afterAll(async () => {
    await transport?.close();
    await smtp?.close();
    await runner?.stop();
    await dataSource?.destroy();
    await store?.close();
    await db?.drop();
  });

  const worker = (overrides: Partial<DeliveryWorkerOptions> = {}) =>
    createDeliveryWorker({ db: dataSource, store, transport, portalLinks: testPortal, from: testSender, backoffMs: 20, ...overrides });

  const queued = async (overrides: Parameters<typeof queueOne>[1] = {}) => {
    const message = await queueOne(store, overrides);
    await runner.waitFor(FEEDBACK_OUTBOX_PROJECTION, message.checkpoint, 10_000);
    return message;
  };

  const outcomesOf = async (caseId: string) =>
    (await store.readStream(feedbackStreamId(caseId))).filter((event) => event.type !== feedbackEventTypes.queued);

  /** Runs the worker until the message's outcome is recorded (retries wait for their backoff). */
  const deliverUntilSettled = async (messageId: string, run = worker()) => {
    for (let round = 0; round < 200; round++) {
      await run.runOnce();
      if ((await claimsOf(dataSource, messageId))?.outcome) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('message never settled');
  };

  it('sends the message with its id as Message-ID, the fixed text, the note and a single-use portal link', async () => {
    const before = smtp.received.length;
    const { caseId, messageId } = await queued({ note: 'Bel gerust als u vragen heeft.' });
    await deliverUntilSettled(messageId);

    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received[smtp.received.length - 1];
    expect(mail.messageIdHeader).toBe(`<${messageId}@vt-zhz.example>`);
    expect(mail.raw).toMatch(/^From: terugkoppeling@vt-zhz\.example$/m);
    expect(mail.raw).toMatch(/^To: huisarts@praktijk\.example$/m);
    expect(mail.raw).toMatch(new RegExp(`^Subject: Uw melding VT-2026-${caseId.slice(0, 5)}: veiligheidsbeoordeling klaar$`, 'm'));
    expect(mail.to).toEqual(['huisarts@praktijk.example']);

    const body = textBodyOf(mail.raw);
    expect(body).toContain('Wij hebben besloten dat er vervolg komt.');
    expect(body).toContain('Persoonlijke toelichting van uw contactpersoon:\nBel gerust als u vragen heeft.');
    expect(body).toContain('Deze link werkt één keer en is 14 dagen geldig.');
    for (const secret of ['GEHEIME-CONCLUSIE', 'GEHEIME-BEVINDING', 'ANDERE-MELDER', 'GEEN-ROL-VOORWAARDE', '{{']) {
      expect(body).not.toContain(secret);
    }

    const token = /https:\/\/ketenregie\.example\/melder\/link\/([A-Za-z0-9_-]+)/.exec(body)?.[1];
    expect(token).toBeDefined();
    const stored = (await dataSource.query(`select token_hash from feedback_portal_links where message_id = $1`, [messageId])) as {
      token_hash: string;
    }[];
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toBe(token);
    await expect(redeemPortalLink(dataSource, token ?? '', new Date())).resolves.toMatchObject({ messageId, caseId });
    await expect(redeemPortalLink(dataSource, token ?? '', new Date())).resolves.toBeUndefined();

    const outcomes = await outcomesOf(caseId);
    expect(outcomes.map((event) => [event.type, event.data['attempts']])).toEqual([[feedbackEventTypes.delivered, 1]]);
  });

  it('refuses an expired portal link', async () => {
    const { messageId } = await queued();
    await deliverUntilSettled(messageId);
    const mail = smtp.received[smtp.received.length - 1];
    const token = /\/melder\/link\/([A-Za-z0-9_-]+)/.exec(textBodyOf(mail.raw))?.[1] ?? '';
    const later = new Date(Date.now() + 15 * 24 * 60 * 60 * 1000);
    await expect(redeemPortalLink(dataSource, token, later)).resolves.toBeUndefined();
  });

  it('tries again with backoff when the server answers 421 and 451, and records the delivery once', async () => {
    const { caseId, messageId } = await queued();
    const before = smtp.received.length;
    smtp.refuseNext(1, 421);
    const run = worker({ backoffMs: 250 });
    await run.runOnce();
    expect(await claimsOf(dataSource, messageId)).toMatchObject({ attempts: 1, outcome: null, last_error: 'SMTP 421' });
    // The backoff holds the next try back: an immediate run claims nothing.
    smtp.refuseNext(1, 451);
    await expect(run.runOnce()).resolves.toBe(0);
    await deliverUntilSettled(messageId, run);

    expect(await claimsOf(dataSource, messageId)).toMatchObject({ attempts: 3, outcome: 'delivered' });
    expect(smtp.received.length).toBe(before + 1);
    const outcomes = await outcomesOf(caseId);
    expect(outcomes.map((event) => [event.type, event.data['attempts']])).toEqual([[feedbackEventTypes.delivered, 3]]);
  });

  it('records failed-after-retries when the server keeps deferring, and refused on a 5xx', async () => {
    const deferred = await queued();
    smtp.refuseNext(10, 451);
    await deliverUntilSettled(deferred.messageId, worker({ maxAttempts: 3 }));
    smtp.refuseNext(0, 451);
    expect((await outcomesOf(deferred.caseId)).map((event) => [event.type, event.data['attempts'], event.data['smtpCode']])).toEqual([
      [feedbackEventTypes.failed, 3, 451],
    ]);

    const refused = await queued();
    smtp.refuseNext(1, 550);
    await deliverUntilSettled(refused.messageId);
    expect((await outcomesOf(refused.caseId)).map((event) => [event.type, event.data['smtpCode']])).toEqual([
      [feedbackEventTypes.refused, 550],
    ]);
  });

  it('refuses a recorded recipient that is not one address, without sending or disclosing anything', async () => {
    const outside = outsideProfessional as Extract<Referrer, { kind: 'outside-professional' }>;
    const referrerAt = (email: string): Referrer => ({ ...outside, email });
    const disclosed: AccessLogRecord[] = [];
    const accessLog: AccessLogPort = {
      record: (entry) => accessLog.recordAll([entry]),
      recordAll: async (entries) => void disclosed.push(...entries),
      recordPending: () => Promise.reject(new Error('a delivery writes no pending entries')),
      recordWithin: () => Promise.reject(new Error('a delivery writes no entries within a transaction')),
    };
    const listed = await queued({ referrer: referrerAt('huisarts@praktijk.example, iemand@elders.example') });
    const before = smtp.received.length;
    await deliverUntilSettled(listed.messageId, worker({ accessLog }));

    expect(smtp.received.length).toBe(before);
    expect(disclosed.filter((entry) => entry.requestId === listed.messageId)).toEqual([]);
    expect((await outcomesOf(listed.caseId)).map((event) => [event.type, event.data['smtpCode'], event.data['reason']])).toEqual([
      [feedbackEventTypes.refused, null, 'recipient is not one e-mail address'],
    ]);
    // The same message to one address leaves as ever.
    const single = await queued({ referrer: referrerAt('huisarts@praktijk.example') });
    await deliverUntilSettled(single.messageId, worker({ accessLog }));
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received[smtp.received.length - 1].to).toEqual(['huisarts@praktijk.example']);
  });

  it('shows the outcome in the outbox once projected', async () => {
    const { messageId } = await queued();
    await deliverUntilSettled(messageId);
    const checkpoint = (await store.readAll({ from: 'start', maxCount: 100_000 })).checkpoint;
    if (checkpoint !== 'start') await runner.waitFor(FEEDBACK_OUTBOX_PROJECTION, checkpoint, 10_000);
    const [row] = (await dataSource.query(`select status, attempts from feedback_outbox where message_id = $1`, [messageId])) as {
      status: string;
      attempts: number;
    }[];
    expect(row).toEqual({ status: 'delivered', attempts: 1 });
  });

  it('lets two workers share a burst without sending any message twice', async () => {
    const before = smtp.received.length;
    const messages = await Promise.all(Array.from({ length: 30 }, () => queued()));
    const [a, b] = [worker({ batchSize: 7 }), worker({ batchSize: 7 })];
    for (let round = 0; round < 20; round++) await Promise.all([a.runOnce(), b.runOnce()]);
    const sent = smtp.received.slice(before).map((mail) => mail.messageIdHeader);
    expect(new Set(sent).size).toBe(30);
    expect(sent).toHaveLength(30);
    expect(new Set(sent)).toEqual(new Set(messages.map(({ messageId }) => `<${messageId}@vt-zhz.example>`)));
  });

  it('records the outcome and ends the claim in one statement, and adds nothing when another process ended the claim first', async () => {
    const { caseId, messageId } = await queued();
    const statements: string[] = [];
    const recording = new Proxy(store, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'appendWithin') return undefined;
        if (property === 'appendWithCompanions' && typeof value === 'function')
          return (...args: unknown[]) => {
            statements.push('append with companions');
            return (value as (...inner: unknown[]) => unknown).apply(target, args);
          };
        return value;
      },
    });
    await deliverUntilSettled(messageId, worker({ store: recording }));
    expect(statements).toEqual(['append with companions']);
    expect((await outcomesOf(caseId)).map((event) => event.type)).toEqual([feedbackEventTypes.delivered]);
    expect(await claimsOf(dataSource, messageId)).toMatchObject({ outcome: 'delivered' });

    // Another process finished the same send a moment earlier and recorded its outcome.
    const raced = await queued();
    const first: MailTransport = {
      ...transport,
      send: async (mail) => {
        await dataSource.query(`update feedback_delivery_claims set outcome = 'delivered', settled_at = now() where message_id = $1`, [
          mail.messageId,
        ]);
        return { kind: 'accepted', smtpCode: 250 };
      },
    };
    await worker({ transport: first }).runOnce();
    expect(await outcomesOf(raced.caseId)).toEqual([]);
    expect(await claimsOf(dataSource, raced.messageId)).toMatchObject({ outcome: 'delivered' });
  });

  it('logs the disclosures of a batch in one access-log write before its mail leaves, and sends no first try it could not log', async () => {
    const messages = await Promise.all(Array.from({ length: 3 }, () => queued()));
    const ids = new Set<string>(messages.map(({ messageId }) => messageId));
    const ours = (entries: readonly AccessLogRecord[]) => entries.filter((entry) => ids.has(entry.requestId));
    const sentOfOurs = () =>
      smtp.received.filter((mail) => messages.some(({ messageId }) => mail.messageIdHeader === `<${messageId}@vt-zhz.example>`));
    const writes: { entries: AccessLogRecord[]; sentBefore: number }[] = [];
    let failNext = true;
    const accessLog: AccessLogPort = {
      record: (entry) => accessLog.recordAll([entry]),
      recordAll: async (entries) => {
        if (failNext) {
          failNext = false;
          throw new Error('access log unavailable');
        }
        writes.push({ entries: ours(entries), sentBefore: sentOfOurs().length });
      },
      recordPending: () => Promise.reject(new Error('a delivery writes no pending entries')),
      recordWithin: () => Promise.reject(new Error('a delivery writes no entries within a transaction')),
    };
    const run = worker({ accessLog });

    // The log refuses: nothing leaves, and the claims are handed back as untried.
    await run.runOnce();
    expect(sentOfOurs()).toHaveLength(0);
    for (const { messageId } of messages) expect(await claimsOf(dataSource, messageId)).toMatchObject({ attempts: 0, outcome: null });

    for (const { messageId } of messages) await deliverUntilSettled(messageId, run);
    const logged = writes.filter((write) => write.entries.length > 0);
    expect(logged).toHaveLength(1);
    expect(logged[0].sentBefore).toBe(0);
    expect(logged[0].entries.map((entry) => entry.requestId).sort()).toEqual([...ids].sort());
    expect(logged[0].entries.every((entry) => entry.action === 'disclose' && entry.route === feedbackMailRoute)).toBe(true);
    expect(sentOfOurs()).toHaveLength(3);
    for (const { messageId } of messages)
      expect(await claimsOf(dataSource, messageId)).toMatchObject({ attempts: 1, outcome: 'delivered' });
  });

  it('keeps mail in the local mailbox when no SMTP server is configured, once per message', async () => {
    const { messageId } = await queued();
    const local = worker({ transport: localMailboxTransport(dataSource) });
    await deliverUntilSettled(messageId, local);
    await local.runOnce();
    const rows = (await dataSource.query(
      `select recipient, subject, body, message_id_header from ${LOCAL_MAILBOX_TABLE} where message_id = $1`,
      [messageId],
    )) as { recipient: string; subject: string; body: string; message_id_header: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].recipient).toBe('huisarts@praktijk.example');
    expect(rows[0].message_id_header).toBe(`<${messageId}@vt-zhz.example>`);
    expect(rows[0].body).toMatch(/https:\/\/ketenregie\.example\/melder\/link\//);
  });
});
