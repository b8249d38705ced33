export * from './access-log';
export * from './erasure';
export * from './identity';
export * from './authorization';
