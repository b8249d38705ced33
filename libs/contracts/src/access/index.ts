export * from './auth';
export * from './access-log';
export * from './emergency-access';
export * from './access-routes';
export * from './auth.routes';
export * from './access-log.routes';
export * from './emergency-grant-review.routes';
