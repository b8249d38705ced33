import type { Checkpoint, RecordedEvent } from '@ketenregie/event-store';
import { backoffAfter } from '../delivery/delivery-worker';
import { feedbackEventTypes, outcomeEventId } from '../feedback-events/feedback-events';
import type { MessageQueued, MessageSettled } from '../feedback-events/feedback-events';
import { planOutboxChanges } from './outbox.projection';

let position = 0;
const recorded = (type: string, data: object): RecordedEvent => ({
  id: `e${++position}`,
  streamId: 'feedback-c1',
  revision: position,
  checkpoint: String(position) as Checkpoint,
  type,
  schemaVersion: 1,
  data: data as Record<string, unknown>,
  metadata: {},
  recordedAt: new Date(0),
});

const queued = (messageId: string, recipientEmail: string | null): MessageQueued => ({
  messageId,
  caseId: 'c1',
  reportId: 'r1',
  milestone: 'report-received',
  channel: recipientEmail ? 'email' : 'portal',
  recipientEmail,
  locale: 'nl',
  subject: 'Uw melding',
  text: 'tekst',
  dueOn: null,
  queuedAt: '2026-03-02T09:00:00.000Z',
});

const settled = (messageId: string, attempts: number, smtpCode: number | null): MessageSettled => ({
  messageId,
  caseId: 'c1',
  attempts,
  at: '2026-03-02T09:01:00.000Z',
  smtpCode,
  reason: null,
});

describe('the outbox read model', () => {
  it('adds a queued message as waiting, or as portal-only without an address', () => {
    const { created } = planOutboxChanges([
      recorded(feedbackEventTypes.queued, queued('m1', 'a@b.example')),
      recorded(feedbackEventTypes.queued, queued('m2', null)),
    ]);
    expect(created.map((row) => [row.message_id, row.status])).toEqual([
      ['m1', 'queued'],
      ['m2', 'portal-only'],
    ]);
  });

  it('folds an outcome in the same batch into the new row, and one of an earlier batch into an update', () => {
    const { created, settled: updates } = planOutboxChanges([
      recorded(feedbackEventTypes.queued, queued('m1', 'a@b.example')),
      recorded(feedbackEventTypes.delivered, settled('m1', 2, 250)),
      recorded(feedbackEventTypes.failed, settled('m0', 6, 451)),
    ]);
    expect(created).toMatchObject([{ message_id: 'm1', status: 'delivered', attempts: 2, smtp_code: 250 }]);
    expect(updates).toEqual([{ message_id: 'm0', status: 'failed', attempts: 6, settled_at: '2026-03-02T09:01:00.000Z', smtp_code: 451 }]);
  });
});

describe('delivery timing and ids', () => {
  it('doubles the wait after each try, up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((attempts) => backoffAfter(attempts, 30_000, 3_600_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000,
    ]);
  });

  it('gives a message one outcome event id in every process, shaped as a UUID', () => {
    expect(outcomeEventId('m1')).toBe(outcomeEventId('m1'));
    expect(outcomeEventId('m1')).not.toBe(outcomeEventId('m2'));
    expect(outcomeEventId('m1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
