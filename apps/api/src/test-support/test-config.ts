import type { ApiConfig } from '../config/config';
import { loadConfig } from '../config/config';
import { testOrganisationsFile } from '../access/testing/test-organisations';

/**
 * The configuration of an API a test starts in its own process: its database, the test
 * organisations, a free port, no demo region, no log output, and no rate limits (tests sign in
 * many accounts from one address within seconds; the limits have their own test).
 */
export const testApiConfig = (databaseUrl: string): ApiConfig =>
  loadConfig({
    DATABASE_URL: databaseUrl,
    MASTER_KEY: process.env['MASTER_KEY'],
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    ORGANISATIONS_FILE: testOrganisationsFile,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000',
    RATE_LIMIT_API_PER_MINUTE: '0',
  });
