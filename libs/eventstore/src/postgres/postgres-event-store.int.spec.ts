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

describe('PostgresEventStore live subscriptions', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 8 });
    // Polling so rare that only an in-process wake-up delivers an event within the test.
    store = new PostgresEventStore(pool, { pollIntervalMs: 60_000 });
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('is woken by a local append its filter matches, and does not read the log for others', async () => {
    const prefix = `watched-${randomUUID()}-`;
    const abort = new AbortController();
    const subscription = store
      .subscribeToAll({
        fromPosition: await store.headPosition(),
        filter: { streamPrefixes: [prefix] },
        signal: abort.signal,
      })
      [Symbol.asyncIterator]();
    expect((await subscription.next()).value).toMatchObject({ kind: 'caught_up' });
    const queries = jest.spyOn(pool, 'query');
    try {
      const next = subscription.next();
      for (let i = 0; i < 20; i += 1)
        await store.append(`other-${randomUUID()}`, [{ type: 'Unrelated', data: { i } }], {
          expectedRevision: 'no_stream',
        });
      const readsForOthers = queries.mock.calls.filter(([q]) => String(q).includes('LATERAL'));
      expect(readsForOthers).toHaveLength(0);
      await store.append(`${prefix}1`, [{ type: 'Watched', data: {} }], {
        expectedRevision: 'no_stream',
      });
      expect((await next).value).toMatchObject({
        kind: 'event',
        event: { streamId: `${prefix}1`, type: 'Watched' },
      });
    } finally {
      queries.mockRestore();
      abort.abort();
      await subscription.return?.();
    }
  });
});
