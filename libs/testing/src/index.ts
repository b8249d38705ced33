export * from './test-database';
export * from './timing-comparison';
export * from './child-process';
