export * from './access-log';
export * from './erasure';
