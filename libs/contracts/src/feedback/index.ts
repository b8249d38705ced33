export * from './mailbox';
export * from './feedback-routes';
