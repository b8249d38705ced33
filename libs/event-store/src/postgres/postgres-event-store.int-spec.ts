import { describeEventStoreContract } from '../contract';
import { createTestDatabase } from '@ketenregie/testing';
import { createPostgresEventStore } from './postgres-event-store';

describeEventStoreContract('postgresql', async () => {
  const database = await createTestDatabase('es_contract');
  const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});
