export { EMERGENCY_GRANTS_TABLE, ensureEmergencyGrantsSchema } from './emergency-grant-schema';
export * from './emergency-grant-store';
export * from './emergency-grants.module';
