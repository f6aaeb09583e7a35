import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore (contract)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let otherWriter: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 20 }), { pollIntervalMs: 20 });
    // A second instance stands for another process: its appends do not wake `store` in-process.
    otherWriter = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }));
  });

  afterAll(async () => {
    await store.close();
    await otherWriter.close();
    await db.drop();
  });

  eventStoreContract(() => ({ store, otherWriter }));
});
