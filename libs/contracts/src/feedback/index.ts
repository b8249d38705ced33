export * from './mailbox';
export * from './feedback-routes';
export * from './portal';
export * from './events';
