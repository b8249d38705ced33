export * from './read-your-writes';
export * from './ensure-schema';
export * from './principal';
export * from './emergency-grants';
export * from './personal-data';
export * from './access-log-port';
export * from './prepared-query';
