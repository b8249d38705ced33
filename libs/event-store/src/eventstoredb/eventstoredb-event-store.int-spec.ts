import { describeEventStoreContract } from '../contract';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('eventstoredb', async () => {
    const store = createEventStoreDbEventStore(connectionString);
    return { store, teardown: () => store.close() };
  });
} else {
  // Said out loud so a green run without a server is never mistaken for a tested adapter.
  process.stdout.write(
    'EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB/KurrentDB server on this machine).\n',
  );
  describe.skip('EventStore contract: eventstoredb', () => {
    it.skip('needs EVENTSTORE_CONNECTION_STRING', () => undefined);
  });
}
