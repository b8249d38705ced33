export * from './access-log-entry';
export * from './canonical-json';
export * from './access-log-hash';
export { ensureAccessLogSchema, ACCESS_LOG_TABLE, ACCESS_LOG_HEAD_TABLE } from './access-log-schema';
export * from './access-log';
export * from './access-log.module';
