export * from './feedback-events/feedback-events';
export * from './queue-feedback/queue-feedback';
export * from './outbox/outbox.projection';
export * from './delivery/mail-transport';
export * from './delivery/delivery-worker';
export * from './delivery/delivery-schema';
export * from './portal-links/portal-links';
