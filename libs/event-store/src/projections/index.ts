export * from './projection';
export * from './errors';
export * from './logger';
export * from './projection-runner';
export * from './rebuild-projection';
export * from './event-statistics.projection';
export * from './progress';
export { PROJECTION_STATE_TABLE, physicalTableName, quoteIdent } from './projection-state';
