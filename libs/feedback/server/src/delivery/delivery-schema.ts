import type { Queryable } from '@ketenregie/event-store';
import { portalLinkSchema } from '../portal-links/portal-links';
import { portalSessionSchema } from '../portal/portal-sessions';
import { runSchemaOnce } from '../schema/run-schema';
import { deliveryClaimsSchema } from './delivery-worker';
import { localMailboxSchema } from './mail-transport';

/** The delivery's own tables (claims, portal link hashes and their sessions, local mailbox); the outbox is the projection's. */
export const ensureFeedbackDeliverySchema = async (db: Queryable): Promise<void> => {
  await runSchemaOnce(db, 'feedback.delivery', [
    ...deliveryClaimsSchema,
    ...portalLinkSchema,
    ...portalSessionSchema,
    ...localMailboxSchema,
  ]);
};
