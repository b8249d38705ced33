export * from './auth';
export * from './access-log';
