import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AccessLogPort, AccessLogRecord } from '@ketenregie/access-contracts';
import type { EventStore, EventToAppend, Queryable, SqlCompanion } from '@ketenregie/event-store';
import { fillPortalLink } from '@ketenregie/feedback-domain';
import { isMailboxAddress } from '@ketenregie/kernel';
import { feedbackEventTypes, feedbackStreamId, outcomeEventId } from '../feedback-events/feedback-events';
import type { DeliveryOutcome, MessageSettled } from '../feedback-events/feedback-events';
import { feedbackOutbox } from '../outbox/outbox.projection';
import { issuePortalLinks } from '../portal-links/portal-links';
import type { PortalLinkSettings } from '../portal-links/portal-links';
import type { MailTransport, SendResult } from './mail-transport';
import { CASE_FAMILIES_TABLE } from '../milestones/queue-milestone-feedback';

export const DELIVERY_CLAIMS_TABLE = 'feedback_delivery_claims';

/**
 * The worker's own memory of each message, outside the rebuildable read model: who holds it (the
 * lease), how often it was tried, when the next try may start, and whether its outcome is recorded.
 */
export const deliveryClaimsSchema = [
  `create table if not exists ${DELIVERY_CLAIMS_TABLE} (
     message_id text primary key,
     lease_owner text not null,
     lease_until timestamptz not null,
     attempts integer not null,
     next_attempt_at timestamptz not null,
     last_error text,
     outcome text,
     settled_at timestamptz
   )`,
  `create index if not exists ${DELIVERY_CLAIMS_TABLE}_open on ${DELIVERY_CLAIMS_TABLE} (next_attempt_at) where settled_at is null`,
];

export type DeliveryLogger = {
  info: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
};

export type DeliveryWorkerOptions = {
  db: Queryable;
  store: EventStore;
  transport: MailTransport;
  portalLinks: PortalLinkSettings;
  from: string;
  owner?: string;
  /** How long a claimed message is this worker's; longer than one send may take. */
  leaseMs?: number;
  /** Tries in all, the first included, before the message is recorded as failed. */
  maxAttempts?: number;
  /** Wait before the second try; doubled for each later one, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  batchSize?: number;
  /** Sends running at once. */
  concurrency?: number;
  /** Wait between looks at the outbox when there was nothing to send and no nudge (jittered ±50 %; default 30 s). */
  idleMs?: number;
  logger?: DeliveryLogger;
  /**
   * The access log: each mail is a disclosure of case information outside the platform, logged
   * (`disclose`) before its first try. Absent only in tests of the delivery alone.
   */
  accessLog?: AccessLogPort;
};

/** Who discloses: the platform itself, on the feedback rules, for the case's director. */
const deliveryActor = { userId: 'system:feedback-delivery', organisationId: 'ketenregie' };

/** The route an access-log entry names for a mail: not an HTTP route, the channel it left by. */
export const feedbackMailRoute = 'SMTP feedback-mail';

type Claimed = { message_id: string; attempts: number };

/** TypeORM answers `update ... returning` with `[rows, count]` and other statements with the rows. */
const rowsOf = <T>(result: unknown): T[] => {
  const list = result as unknown[];
  if (list.length === 2 && Array.isArray(list[0]) && typeof list[1] === 'number') return list[0] as T[];
  return list as T[];
};

class AlreadySettled extends Error {}

/** PostgreSQL's `division_by_zero`, which a companion's check raises to roll an append back. */
const isDivisionByZero = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '22012';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait before try `attempts + 1`: exponential, capped. */
export const backoffAfter = (attempts: number, baseMs: number, maxMs: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));

export type DeliveryWorker = {
  readonly owner: string;
  /** Claims due messages and sends them; resolves with how many were claimed. */
  runOnce: () => Promise<number>;
  start: () => void;
  /** Finishes the sends in flight, then stops. */
  stop: () => Promise<void>;
  /** A message was just queued here: look at the outbox now and often for a few seconds. */
  nudge: () => void;
};

/**
 * Delivers the outbox: claim -> send -> record. A claim is a lease on one message, taken in one
 * statement, so two processes never send it at the same time; the outcome event and the end of the
 * claim commit together. A process that dies between send and record leaves a lapsing lease: the
 * message is sent again, with the same `Message-ID`, and the receiver drops the repeat
 * (docs/adr/0013-feedback-delivery-exactly-once.md).
 */
export const createDeliveryWorker = (options: DeliveryWorkerOptions): DeliveryWorker => {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoffMs = options.backoffMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
  const batchSize = options.batchSize ?? 20;
  const concurrency = options.concurrency ?? 4;
  const idleMs = options.idleMs ?? 30_000;
  let burstUntil = 0;
  const { db, store, transport } = options;
  const outbox = feedbackOutbox.name;

  const claim = async (): Promise<Claimed[]> =>
    rowsOf<Claimed>(
      await db.query(
        `with due as (
           select o.message_id from ${outbox} o
             left join ${DELIVERY_CLAIMS_TABLE} c on c.message_id = o.message_id
            where o.status = 'queued'
              and (c.message_id is null or (c.settled_at is null and c.lease_until <= now() and c.next_attempt_at <= now()))
            order by o.queued_at
            limit $2
         )
         insert into ${DELIVERY_CLAIMS_TABLE} as c (message_id, lease_owner, lease_until, attempts, next_attempt_at)
         select message_id, $1, now() + $3 * interval '1 millisecond', 1, now() from due
         on conflict (message_id) do update
            set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, attempts = c.attempts + 1
          where c.settled_at is null and c.lease_until <= now() and c.next_attempt_at <= now()
         returning c.message_id, c.attempts`,
        [owner, batchSize, leaseMs],
      ),
    );

  const settle = async (
    message: { message_id: string; case_id: string },
    attempts: number,
    outcome: DeliveryOutcome,
    result: SendResult,
  ) => {
    const data: MessageSettled = {
      messageId: message.message_id,
      caseId: message.case_id,
      attempts,
      at: new Date().toISOString(),
      smtpCode: result.smtpCode,
      reason: result.kind === 'accepted' ? null : result.reason,
    };
    const event: EventToAppend = { id: outcomeEventId(message.message_id), type: feedbackEventTypes[outcome], schemaVersion: 1, data };
    const close = `update ${DELIVERY_CLAIMS_TABLE} set outcome = $2, settled_at = now() where message_id = $1 and settled_at is null`;
    const streamId = feedbackStreamId(message.case_id);
    if (store.appendWithCompanions) {
      // The end of the claim in the append's own statement: one round trip and one commit. The
      // first outcome recorded stands; a second process that also finished a send adds nothing,
      // as the check then divides by the zero claims it ended, which rolls its event back.
      const closed: SqlCompanion = {
        ctes: `delivery_closed as (update ${DELIVERY_CLAIMS_TABLE} set outcome = $2, settled_at = now()
      where message_id = $1 and settled_at is null and exists (select 1 from append_result) returning 1),
    delivery_closed_check as (select 1 / (select count(*)::int from delivery_closed) as closed)`,
        values: [message.message_id, outcome],
        check: 'delivery_closed_check',
      };
      try {
        const appended = await store.appendWithCompanions(streamId, [event], { expectedVersion: 'any' }, [closed]);
        if (appended.alreadyStored) await db.query(close, [message.message_id, outcome]);
      } catch (error) {
        if (!isDivisionByZero(error)) throw error;
      }
      return;
    }
    if (store.appendWithin) {
      try {
        const appended = await store.appendWithin(streamId, [event], { expectedVersion: 'any' }, async (transaction) => {
          // The first outcome recorded stands; a second process that also finished a send adds nothing.
          const { rowCount } = await transaction.query(close, [message.message_id, outcome]);
          if (rowCount === 0) throw new AlreadySettled();
        });
        if (appended.alreadyStored) await db.query(close, [message.message_id, outcome]);
      } catch (error) {
        if (!(error instanceof AlreadySettled)) throw error;
      }
      return;
    }
    // A store outside this database (EventStoreDB): the event first, then the claim. A crash in
    // between sends nothing again: the outcome event's fixed id makes a second append a no-op.
    await store.appendToStream(streamId, [event], { expectedVersion: 'any' });
    await db.query(close, [message.message_id, outcome]);
  };

  type Message = ReturnType<typeof feedbackOutbox.read> & { attempts: number; link: string; familyId: string | undefined };

  let caseFamiliesPresent: boolean | undefined;
  /** The cases' families, for the access log's family export; from the milestone processor's table when it exists. */
  const familiesOf = async (caseIds: readonly string[]): Promise<Map<string, string>> => {
    if (!options.accessLog || caseIds.length === 0) return new Map();
    if (caseFamiliesPresent !== true) {
      const [row] = rowsOf<{ present: boolean }>(await db.query(`select to_regclass($1) is not null as present`, [CASE_FAMILIES_TABLE]));
      caseFamiliesPresent = row?.present === true;
      if (!caseFamiliesPresent) return new Map();
    }
    const rows = rowsOf<{ case_id: string; family_id: string }>(
      await db.query(`select case_id, family_id from ${CASE_FAMILIES_TABLE} where case_id = any($1::text[])`, [[...new Set(caseIds)]]),
    );
    return new Map(rows.map((row) => [row.case_id, row.family_id]));
  };

  /** The claimed messages with their links, in two statements for the whole batch. */
  const load = async (claimed: readonly Claimed[]): Promise<Message[]> => {
    if (claimed.length === 0) return [];
    const attempts = new Map(claimed.map((claim) => [claim.message_id, claim.attempts]));
    const rows = rowsOf<Record<string, unknown>>(
      await db.query(`select ${feedbackOutbox.selectList()} from ${outbox} where message_id = any($1::text[])`, [[...attempts.keys()]]),
    )
      .map((raw) => feedbackOutbox.read(raw))
      .filter((row) => row.recipient_email !== null);
    const links = await issuePortalLinks(
      db,
      options.portalLinks,
      rows.map((row) => ({ messageId: row.message_id, caseId: row.case_id, reportId: row.report_id, queuedAt: row.queued_at })),
    );
    const families = await familiesOf(rows.map((row) => row.case_id));
    return rows.map((row) => ({
      ...row,
      attempts: attempts.get(row.message_id) ?? 1,
      link: links.get(row.message_id) ?? '',
      familyId: families.get(row.case_id),
    }));
  };

  /**
   * Logs the disclosure of each message about to be tried for the first time, for the whole batch in
   * one access-log transaction, before any of them leaves, as a read is logged before its answer: a
   * crash after the entries at worst logs a disclosure whose mail goes out on the next try. Answers
   * the messages that may be sent. When the log cannot be written, the first tries do not begin:
   * their claims are handed back as untried, so the next claim logs them again.
   */
  const disclose = async (messages: Message[]): Promise<Message[]> => {
    const first = messages.filter((message) => message.attempts === 1);
    if (!options.accessLog || first.length === 0) return messages;
    try {
      await options.accessLog.recordAll(
        first.map((message): AccessLogRecord => ({
          subjectType: 'case',
          subjectId: message.case_id,
          ...(message.familyId ? { familyId: message.familyId } : {}),
          actor: deliveryActor,
          action: 'disclose',
          legalBasis: 'wmo-2015-4.1.1',
          requestId: message.message_id,
          route: feedbackMailRoute,
        })),
      );
      return messages;
    } catch (error) {
      options.logger?.warn(
        { messages: first.length, error: error instanceof Error ? error.name : 'unknown' },
        'feedback mail disclosure not logged; the mail waits',
      );
      await db.query(
        `update ${DELIVERY_CLAIMS_TABLE} set attempts = attempts - 1, lease_until = now()
          where message_id = any($1::text[]) and lease_owner = $2 and settled_at is null`,
        [first.map((message) => message.message_id), owner],
      );
      return messages.filter((message) => message.attempts !== 1);
    }
  };

  const deliver = async (message: Message): Promise<void> => {
    if (message.recipient_email === null) return;
    const result = await transport.send({
      messageId: message.message_id,
      caseId: message.case_id,
      from: options.from,
      to: message.recipient_email,
      subject: message.subject,
      text: fillPortalLink(message.body, message.link),
    });
    if (result.kind === 'accepted') return settle(message, message.attempts, 'delivered', result);
    if (result.kind === 'permanent') return settle(message, message.attempts, 'refused', result);
    if (message.attempts >= maxAttempts) return settle(message, message.attempts, 'failed', result);
    const wait = backoffAfter(message.attempts, backoffMs, maxBackoffMs);
    options.logger?.warn(
      { messageId: message.message_id, attempts: message.attempts, reason: result.reason, retryInMs: wait },
      'feedback mail not accepted; trying again later',
    );
    await db.query(
      `update ${DELIVERY_CLAIMS_TABLE} set lease_until = now(), next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3
        where message_id = $1 and lease_owner = $4 and settled_at is null`,
      [message.message_id, wait, result.reason, owner],
    );
  };

  /**
   * A recipient that is not one mailbox (a list typed into one field, recorded before intake checked
   * it) is refused here, before anything is disclosed: the mail library would send the message to
   * every address in it, and any one of them may be someone else's.
   */
  const refuseUnsendable = async (messages: Message[]): Promise<Message[]> => {
    const sendable: Message[] = [];
    for (const message of messages) {
      if (message.recipient_email === null || isMailboxAddress(message.recipient_email)) sendable.push(message);
      else
        await settle(message, message.attempts, 'refused', {
          kind: 'permanent',
          smtpCode: null,
          reason: 'recipient is not one e-mail address',
        });
    }
    return sendable;
  };

  const runOnce = async (): Promise<number> => {
    const claimed = await claim();
    const queue = await disclose(await refuseUnsendable(await load(claimed)));
    const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await deliver(next).catch((error: unknown) =>
          // The lease lapses and the message is tried again; the error names no message content.
          options.logger?.warn(
            { messageId: next?.message_id, error: error instanceof Error ? error.name : 'unknown' },
            'feedback delivery step failed',
          ),
        );
      }
    });
    await Promise.all(lanes);
    return claimed.length;
  };

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  const loop = async (): Promise<void> => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        options.logger?.warn({ error: error instanceof Error ? error.message : 'unknown' }, 'feedback outbox not readable; retrying');
      }
      if (claimed === 0 && !stopping) {
        // Idle, the worker looks rarely and at jittered moments: a busy poll adds load to every
        // request the process serves, unevenly enough to show up as a timing difference between
        // answers that must take equally long. After a nudge (a message queued in this process) it
        // looks often for a few seconds, until the outbox has the message.
        const pause = Date.now() < burstUntil ? 250 : Math.round(idleMs * (0.5 + Math.random()));
        await Promise.race([sleep(pause), new Promise<void>((resolve) => (wake = resolve))]);
      }
    }
  };

  return {
    owner,
    runOnce,
    start: () => {
      stopping = false;
      running ??= loop().finally(() => (running = undefined));
    },
    stop: async () => {
      stopping = true;
      wake?.();
      await running;
    },
    nudge: () => {
      burstUntil = Date.now() + 10_000;
      wake?.();
    },
  };
};
