export * from './access-log';
export * from './erasure';
export * from './authorization';
