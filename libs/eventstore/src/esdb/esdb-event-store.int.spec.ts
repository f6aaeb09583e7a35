import { eventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

// No EventStoreDB server can run on CI machines: the suite runs only when one is given, and says so otherwise.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (!connectionString) {
  // Straight to stderr: jest does not show console output of a file whose tests all skip.
  process.stderr.write(
    '\n[contract] EventStoreDB adapter: SKIPPED — set EVENTSTORE_CONNECTION_STRING (e.g. docker compose up eventstore) to run the contract suite against EventStoreDB\n',
  );
}

(connectionString ? describe : describe.skip)('EsdbEventStore (contract)', () => {
  let store: EsdbEventStore;
  let otherWriter: EsdbEventStore;

  beforeAll(() => {
    store = new EsdbEventStore(connectionString ?? '');
    // A second client stands for another process writing to the same server.
    otherWriter = new EsdbEventStore(connectionString ?? '');
  });

  afterAll(async () => {
    await store.close();
    await otherWriter.close();
  });

  eventStoreContract(() => ({ store, otherWriter }));
});
