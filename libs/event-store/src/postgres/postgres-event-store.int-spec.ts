import { randomUUID } from 'node:crypto';
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

describe('postgresql: a repeated append', () => {
  it('says that its events were stored already, and a fresh append does not', async () => {
    const database = await createTestDatabase('es_already_stored');
    const store = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
    try {
      const events = [{ id: randomUUID(), type: 'test.thing', data: { n: 1 } }];
      const first = await store.appendToStream('already-1', events, { expectedVersion: 'no_stream' });
      expect(first.alreadyStored).toBeUndefined();
      const again = await store.appendToStream('already-1', events, { expectedVersion: 'no_stream' });
      expect(again).toEqual({ ...first, alreadyStored: true });
      const next = await store.appendToStream('already-1', [{ id: randomUUID(), type: 'test.thing', data: { n: 2 } }], { expectedVersion: 0 });
      expect(next.alreadyStored).toBeUndefined();
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
