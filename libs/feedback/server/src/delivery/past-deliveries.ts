import type { Queryable } from '@ketenregie/event-store';
import type { DeliveryOutcome } from '../feedback-events/feedback-events';
import { DELIVERY_CLAIMS_TABLE } from './delivery-worker';

/** How a mail of the past ended, as its outcome event records it. */
export type PastDelivery = { messageId: string; outcome: DeliveryOutcome; attempts: number; settledAt: string };

/** The lease owner of the claims of mail that went out before this installation existed: the worker never takes these. */
export const PAST_DELIVERY_OWNER = 'history';

/**
 * For a history written with its feedback (the national archive): each mail's claim, as the
 * delivery worker would have left it, settled. Written before the history's events: the outbox
 * lists a message as queued from the batch that holds it until the batch that holds its outcome,
 * and a worker looking in between would otherwise mail a referrer about a report of years ago.
 * Needs the delivery schema (`ensureFeedbackDeliverySchema`). A claim already there stays as it is.
 */
export const recordPastDeliveries = async (db: Queryable, deliveries: readonly PastDelivery[]): Promise<void> => {
  if (deliveries.length === 0) return;
  await db.query(
    `insert into ${DELIVERY_CLAIMS_TABLE} (message_id, lease_owner, lease_until, attempts, next_attempt_at, outcome, settled_at)
     select d.message_id, $2, d.settled_at, d.attempts, d.settled_at, d.outcome, d.settled_at
       from jsonb_to_recordset($1::jsonb) as d(message_id text, outcome text, attempts integer, settled_at timestamptz)
     on conflict (message_id) do nothing`,
    [
      JSON.stringify(
        deliveries.map((delivery) => ({
          message_id: delivery.messageId,
          outcome: delivery.outcome,
          attempts: delivery.attempts,
          settled_at: delivery.settledAt,
        })),
      ),
      PAST_DELIVERY_OWNER,
    ],
  );
};
