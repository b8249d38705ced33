import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createPostgresEventStore } from '@ketenregie/event-store';
import { describeEventStoreContract } from '@ketenregie/event-store/contract';
import { createTestDatabase } from '@ketenregie/testing';
import { EncryptingEventStore } from './encrypting-event-store';
import { FamilyKeyStore } from './family-key-store';

// The decorator must keep the port's semantics exactly: the full contract, through the decorator.
describeEventStoreContract('encrypting decorator over postgresql', async () => {
  const database = await createTestDatabase('es_encrypting_contract');
  const dataSource = new DataSource({ type: 'postgres', url: database.url, logging: false, poolSize: 2 });
  await dataSource.initialize();
  const keys = new FamilyKeyStore(dataSource, randomBytes(32));
  await keys.ensureSchema();
  const inner = await createPostgresEventStore({ connectionString: database.url, idlePollMs: 200 });
  const store = new EncryptingEventStore(inner, keys, {});
  return {
    store,
    teardown: async () => {
      await store.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
});
