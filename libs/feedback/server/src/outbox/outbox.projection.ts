import type { Projection, RecordedEvent, RowOf } from '@ketenregie/event-store';
import { column, quoteIdent, readModelTable } from '@ketenregie/event-store';
import { feedbackEventTypes } from '../feedback-events/feedback-events';
import type { MessageQueued, MessageSettled } from '../feedback-events/feedback-events';

export const FEEDBACK_OUTBOX_PROJECTION = 'feedback.outbox';

/**
 * `queued`: waiting for the worker; `portal-only`: shown in the referrer portal, not mailed (no
 * address, or the referrer chose the portal or a phone call); the rest are how delivery ended.
 */
export type OutboxStatus = 'queued' | 'portal-only' | 'delivered' | 'refused' | 'failed';

export const feedbackOutbox = readModelTable(
  'feedback_outbox',
  {
    message_id: column.text(),
    case_id: column.text(),
    report_id: column.text(),
    milestone: column.text(),
    channel: column.text(),
    recipient_email: column.nullable(column.text()),
    locale: column.text<'nl' | 'en'>(),
    subject: column.text(),
    body: column.text(),
    due_on: column.nullable(column.date()),
    queued_at: column.timestamptz(),
    status: column.text<OutboxStatus>(),
    attempts: column.integer(),
    settled_at: column.nullable(column.timestamptz()),
    smtp_code: column.nullable(column.integer()),
  },
  { key: ['message_id'], indexes: ['(status, queued_at)', '(case_id)'] },
);

export type OutboxRow = RowOf<typeof feedbackOutbox.columns>;

const settledStatus: Record<string, OutboxStatus> = {
  [feedbackEventTypes.delivered]: 'delivered',
  [feedbackEventTypes.refused]: 'refused',
  [feedbackEventTypes.failed]: 'failed',
};

/** Folds a batch: new messages as whole rows, outcomes of earlier messages as updates. */
export const planOutboxChanges = (events: readonly RecordedEvent[]) => {
  const created = new Map<string, OutboxRow>();
  const settled = new Map<
    string,
    { message_id: string; status: OutboxStatus; attempts: number; settled_at: string; smtp_code: number | null }
  >();
  for (const event of events) {
    if (event.type === feedbackEventTypes.queued) {
      const data = event.data as MessageQueued;
      created.set(data.messageId, {
        message_id: data.messageId,
        case_id: data.caseId,
        report_id: data.reportId,
        milestone: data.milestone,
        channel: data.channel,
        recipient_email: data.recipientEmail,
        locale: data.locale,
        subject: data.subject,
        body: data.text,
        due_on: data.dueOn,
        queued_at: data.queuedAt,
        status: data.recipientEmail === null ? 'portal-only' : 'queued',
        attempts: 0,
        settled_at: null,
        smtp_code: null,
      });
      continue;
    }
    const status = settledStatus[event.type];
    if (!status) continue;
    const data = event.data as MessageSettled;
    const outcome = { status, attempts: data.attempts, settled_at: data.at, smtp_code: data.smtpCode };
    const row = created.get(data.messageId);
    if (row) created.set(data.messageId, { ...row, ...outcome });
    else settled.set(data.messageId, { message_id: data.messageId, ...outcome });
  }
  return { created: [...created.values()], settled: [...settled.values()] };
};

/** The outbox: every message to a referrer with where its delivery stands. The worker picks from it. */
export const feedbackOutboxProjection: Projection = {
  name: FEEDBACK_OUTBOX_PROJECTION,
  tables: [feedbackOutbox.name],
  createTables: (physical) => feedbackOutbox.createTable(physical[feedbackOutbox.name]),
  eventTypes: Object.values(feedbackEventTypes),
  apply: async (events, { manager, tables }) => {
    const table = tables[feedbackOutbox.name];
    const { created, settled } = planOutboxChanges(events);
    await feedbackOutbox.upsert(manager, table, created);
    if (settled.length > 0) {
      await manager.query(
        `update ${quoteIdent(table)} o set status = s.status, attempts = s.attempts, settled_at = s.settled_at, smtp_code = s.smtp_code
           from jsonb_to_recordset($1::jsonb) as s(message_id text, status text, attempts integer, settled_at timestamptz, smtp_code integer)
          where o.message_id = s.message_id`,
        [JSON.stringify(settled)],
      );
    }
  },
};
