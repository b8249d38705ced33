// Injection tokens for what `createInfrastructure` provides; the TypeORM DataSource is injected
// by its class.
export const API_CONFIG = 'ketenregie:api-config';
export const EVENT_STORE = 'ketenregie:event-store';
export const PROJECTION_RUNNER = 'ketenregie:projection-runner';
export const DATABASE_INFO = 'ketenregie:database-info';
export const APP_LOGGER = 'ketenregie:logger';
