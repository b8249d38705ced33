export * from './test-database';
export * from './timing-comparison';
