export * from './referrer';
export * from './milestone';
export * from './feedback-rules';
export * from './templates';
export * from './personal-note';
export * from './feedback-deadlines';
export * from './case-milestones';
export * from './delivery-channel';
