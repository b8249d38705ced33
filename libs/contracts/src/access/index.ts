export * from './auth';
export * from './access-log';
export * from './emergency-access';
export * from './access-openapi';
