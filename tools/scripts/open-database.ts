import { DataSource } from 'typeorm';
import { loadConfig } from '../../apps/api/src/config/config';
import { checkPostgres } from '../../apps/api/src/database/check-postgres';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';

export type OpenDatabase = { url: string; dataSource: DataSource; close: () => Promise<void> };

/**
 * The database an operator script works on, from the API's own configuration: `DATABASE_URL`, or
 * the embedded server in `DATA_DIR` (shared with a running app, started and stopped otherwise).
 */
export const openDatabase = async (applicationName: string): Promise<OpenDatabase> => {
  const config = loadConfig();
  let url: string;
  let stop = async (): Promise<void> => undefined;
  if (config.databaseUrl) {
    await checkPostgres(config.databaseUrl);
    url = config.databaseUrl;
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    url = embedded.url;
    stop = embedded.stop;
  }
  // SQL text and parameters are never logged: they can carry ids of families and professionals.
  const dataSource = new DataSource({ type: 'postgres', url, logging: false, applicationName });
  try {
    await dataSource.initialize();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await stop();
    },
  };
};
