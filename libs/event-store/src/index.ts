export * from './port';
export * from './errors';
export * from './postgres';
export * from './eventstoredb';
export * from './projections';
export * from './tokens';
