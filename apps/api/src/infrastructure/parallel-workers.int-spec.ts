import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { loadConfig } from '../config/config';
import { createInfrastructure } from './infrastructure';
import { createLogger } from '../logging/logger';

// Every connection of the API's read-model pool starts with the configured limit on parallel
// workers, whichever connection a query gets: the setting is part of how the pool connects.
describe('parallel workers per query on the API’s connections (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('parallel_workers');
  });

  afterAll(async () => {
    await db?.drop();
  });

  const settingOnEveryConnection = async (env: Record<string, string>): Promise<string[]> => {
    const config = loadConfig({ DATABASE_URL: db.url, MASTER_KEY: process.env['MASTER_KEY'], ...env });
    const infrastructure = await createInfrastructure(config, createLogger('silent'), { projections: [] });
    try {
      // Held open together, so they are distinct connections of the pool.
      const runners = await Promise.all(
        [1, 2, 3].map(async () => {
          const runner = infrastructure.dataSource.createQueryRunner();
          await runner.connect();
          return runner;
        }),
      );
      try {
        const settings = await Promise.all(
          runners.map(
            async (runner) =>
              ((await runner.query('show max_parallel_workers_per_gather')) as { max_parallel_workers_per_gather: string }[])[0]
                .max_parallel_workers_per_gather,
          ),
        );
        return settings;
      } finally {
        await Promise.all(runners.map((runner) => runner.release()));
      }
    } finally {
      await infrastructure.close();
    }
  };

  it('starts no parallel workers unless configured to', async () => {
    expect(await settingOnEveryConnection({})).toEqual(['0', '0', '0']);
    expect(await settingOnEveryConnection({ PG_PARALLEL_WORKERS_PER_QUERY: '2' })).toEqual(['2', '2', '2']);
  });
});
