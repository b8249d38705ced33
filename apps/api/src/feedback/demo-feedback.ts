import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '@ketenregie/event-store';
import type { EventStore } from '@ketenregie/event-store';
import type { CaseCommandOutcome } from '@ketenregie/cases-server';
import type { DemoCaseListener } from '@ketenregie/demo';
import {
  DELIVERY_CLAIMS_TABLE,
  caseStreamPrefix,
  feedbackEventTypes,
  feedbackStreamId,
  isCaseMilestoneEvent,
  outcomeEventId,
  queueMilestoneFeedback,
} from '@ketenregie/feedback-server';
import type { DeliveryOutcome, MessageSettled, PlannedMessage } from '@ketenregie/feedback-server';

/** The lease owner of the demo year's delivered mail: the delivery worker never takes these. */
export const DEMO_HISTORY_OWNER = 'demo-history';

export type DemoDelivery = { outcome: DeliveryOutcome; attempts: number; at: string; smtpCode: number; reason: string | null };

/**
 * How the receiving server answered a mail of the demo year, the same on every load: most accept
 * at once, some defer and accept after the worker's retries (30 s, 1, 2, 4 min), a few refuse
 * (the address no longer exists) or never answer (failed after six tries, about 15 minutes).
 */
export const demoDelivery = (messageId: string, queuedAt: string): DemoDelivery => {
  const hash = createHash('sha256').update(`ketenregie:demo-delivery:${messageId}`).digest();
  const roll = hash.readUInt32BE(0) / 2 ** 32;
  const seconds = 5 + (hash.readUInt16BE(4) % 55);
  const at = (delaySeconds: number) => new Date(Date.parse(queuedAt) + delaySeconds * 1000).toISOString();
  if (roll < 0.012) return { outcome: 'refused', attempts: 1, at: at(seconds), smtpCode: 550, reason: 'mailbox unavailable' };
  if (roll < 0.016) return { outcome: 'failed', attempts: 6, at: at(930 + seconds), smtpCode: 421, reason: 'service not available' };
  if (roll < 0.06) {
    const attempts = 2 + (hash[6] % 3);
    const waited = [0, 30, 90, 210, 450][attempts - 1];
    return { outcome: 'delivered', attempts, at: at(waited + seconds), smtpCode: 250, reason: null };
  }
  return { outcome: 'delivered', attempts: 1, at: at(seconds), smtpCode: 250, reason: null };
};

/**
 * Feedback for the demo year, through the one path from a case milestone to feedback
 * (`queueMilestoneFeedback`, which the milestone processor takes too): after each demo command,
 * each milestone it reached queues its messages with the milestone's own moment as `now`, so
 * whether feedback was on time is real.
 *
 * Mail of the past is not sent again: a year of history mailed into the local mailbox today would
 * bury the administrator's mailbox under thousands of old messages, issue a fresh portal link for
 * each, and record every one as delivered a year after it was due. Instead, before a message is
 * queued its delivery claim is written as already settled (so the delivery worker never takes it),
 * and its outcome is recorded with the normal outcome event at the moment the receiving server
 * answered (`demoDelivery`). The milestone processor reads the same events moments later (they
 * are stored now); its messages are already stored under the same ids, so it adds nothing.
 */
@Injectable()
export class DemoFeedback implements DemoCaseListener {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  async caseCommandLoaded(caseId: string, outcome: CaseCommandOutcome): Promise<void> {
    if (outcome.events.length === 0) return;
    const streamId = `${caseStreamPrefix}${caseId}`;
    if (!outcome.events.some((type) => isCaseMilestoneEvent({ type, streamId }))) return;
    const history = await this.store.readStream(streamId, { maxCount: outcome.version + 1 });
    const firstNew = outcome.version - outcome.events.length + 1;
    for (const event of history) {
      if (event.revision < firstNew || !isCaseMilestoneEvent(event)) continue;
      const results = await queueMilestoneFeedback(this.store, this.db, event, {
        locale: 'nl',
        history,
        beforeQueue: (planned) => this.claimAsHistory(planned),
      });
      for (const { planned, outcome: queued } of results) {
        if (queued.kind === 'queued' && queued.channel === 'email') await this.recordDelivery(planned);
        else await this.releaseClaim(planned.messageId);
      }
    }
  }

  private async claimAsHistory(planned: PlannedMessage): Promise<void> {
    const delivery = demoDelivery(planned.messageId, planned.at);
    await this.db.query(
      `insert into ${DELIVERY_CLAIMS_TABLE} (message_id, lease_owner, lease_until, attempts, next_attempt_at, outcome, settled_at)
       values ($1, $2, $3, $4, $3, $5, $3) on conflict (message_id) do nothing`,
      [planned.messageId, DEMO_HISTORY_OWNER, delivery.at, delivery.attempts, delivery.outcome],
    );
  }

  /** A message without mail (portal, phone, or nothing to tell) needs no claim. */
  private async releaseClaim(messageId: string): Promise<void> {
    await this.db.query(`delete from ${DELIVERY_CLAIMS_TABLE} where message_id = $1 and lease_owner = $2`, [messageId, DEMO_HISTORY_OWNER]);
  }

  /** Only a message this history claimed: one the worker took first is its to deliver. Idempotent by the outcome's id. */
  private async recordDelivery(planned: PlannedMessage): Promise<void> {
    const rows = (await this.db.query(`select 1 from ${DELIVERY_CLAIMS_TABLE} where message_id = $1 and lease_owner = $2`, [
      planned.messageId,
      DEMO_HISTORY_OWNER,
    ])) as unknown[];
    if (rows.length === 0) return;
    const delivery = demoDelivery(planned.messageId, planned.at);
    const data: MessageSettled = {
      messageId: planned.messageId,
      caseId: planned.caseId,
      attempts: delivery.attempts,
      at: delivery.at,
      smtpCode: delivery.smtpCode,
      reason: delivery.reason,
    };
    await this.store.appendToStream(
      feedbackStreamId(planned.caseId),
      [
        {
          id: outcomeEventId(planned.messageId),
          type: feedbackEventTypes[delivery.outcome],
          schemaVersion: 1,
          data,
          metadata: { timestamp: delivery.at },
        },
      ],
      { expectedVersion: 'any' },
    );
  }
}
