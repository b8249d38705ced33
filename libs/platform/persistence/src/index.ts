export * from './ensure-schema';
export * from './prepared-query';
