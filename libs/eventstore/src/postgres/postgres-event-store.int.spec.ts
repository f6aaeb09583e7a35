import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness';
import { DuplicateEventIdError } from '../errors';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore (contract)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let otherWriter: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 20 }), {
      pollIntervalMs: 20,
    });
    // A second instance stands for another process: its appends do not wake `store` in-process.
    otherWriter = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }));
  });

  afterAll(async () => {
    await store.close();
    await otherWriter.close();
    await db.drop();
  });

  eventStoreContract(() => ({ store, otherWriter }));

  // Beyond the contract: EventStoreDB only checks ids within a stream, PostgreSQL across the log.
  it('refuses an event id already used by another stream', async () => {
    const shared = randomUUID();
    await store.append(`dup-${shared}-1`, [{ id: shared, type: 'A', data: {} }], {
      expectedRevision: 'no_stream',
    });
    await expect(
      store.append(`dup-${shared}-2`, [{ id: shared, type: 'A', data: {} }], {
        expectedRevision: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log', async () => {
    await store.append(`immutable-${randomUUID()}`, [{ type: 'A', data: {} }], {
      expectedRevision: 'no_stream',
    });
    const client = await store.connect();
    try {
      await expect(client.query(`UPDATE events SET data = '{}'`)).rejects.toThrow(
        /append-only: UPDATE refused/,
      );
      await expect(client.query('DELETE FROM events')).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      await expect(client.query('TRUNCATE events')).rejects.toThrow(
        /append-only: TRUNCATE refused/,
      );
    } finally {
      client.release();
    }
  });
});
