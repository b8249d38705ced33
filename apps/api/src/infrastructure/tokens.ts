// Injection tokens for what `createInfrastructure` provides; the TypeORM DataSource is injected
// by its class. The store and runner tokens live with the event store so contexts can use them.
export { EVENT_STORE, PROJECTION_RUNNER } from '@ketenregie/event-store';
export const API_CONFIG = 'ketenregie:api-config';
export const DATABASE_INFO = 'ketenregie:database-info';
export const APP_LOGGER = 'ketenregie:logger';
