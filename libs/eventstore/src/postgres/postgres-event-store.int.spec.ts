import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/harness';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import { ThreadGroup } from '@quarry/coordination';
import type { AppendResult } from '../event-store.port';
import type { Appended } from './append-watch';
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
    const subscription = await liveSubscription(store, prefix);
    const queries = jest.spyOn(pool, 'query');
    try {
      const next = subscription.next();
      for (let i = 0; i < 20; i += 1) await appendNew(store, `other-${randomUUID()}`, 'Unrelated');
      const readsForOthers = queries.mock.calls.filter(([q]) => String(q).includes('LATERAL'));
      expect(readsForOthers).toHaveLength(0);
      await appendNew(store, `${prefix}1`, 'Watched');
      expect((await next).value).toMatchObject({
        kind: 'event',
        event: { streamId: `${prefix}1`, type: 'Watched' },
      });
    } finally {
      queries.mockRestore();
      await subscription.stop();
    }
  });
});

describe("PostgresEventStore siblings (another thread's store of this process)", () => {
  let db: TestDatabase;
  let reader: PostgresEventStore;
  let writer: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    const group = new ThreadGroup();
    const siblings = (deliver: (notices: Appended[]) => void) => group.channel('appends', deliver);
    // Polling so rare that only the sibling's announcement can deliver within the test.
    reader = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }), {
      pollIntervalMs: 60_000,
      siblings,
    });
    writer = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }), { siblings });
  });

  afterAll(async () => {
    await reader.close();
    await writer.close();
    await db.drop();
  });

  it("wakes a live subscription at once for a sibling's append", async () => {
    const prefix = `sibling-${randomUUID()}-`;
    const subscription = await liveSubscription(reader, prefix);
    try {
      const next = subscription.next();
      await appendNew(writer, `${prefix}1`, 'FromSibling');
      expect((await next).value).toMatchObject({
        kind: 'event',
        event: { streamId: `${prefix}1`, type: 'FromSibling' },
      });
    } finally {
      await subscription.stop();
    }
  });
});

describe('PostgresEventStore group commit', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  const newStream = () => `grouped-${randomUUID()}`;
  const appendGrouped = (streamId: string, id?: string) =>
    store.append(streamId, [{ id, type: 'Grouped', data: { streamId } }], {
      expectedRevision: 'no_stream',
    });
  /** Appends of one transaction share its id, the high bits of their positions. */
  const transactionOf = (position: bigint) => position >> 20n;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 8 });
    store = new PostgresEventStore(pool, { appendConcurrency: 1 });
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('commits concurrent appends to many streams together, each at its own revision', async () => {
    const streams = Array.from({ length: 50 }, newStream);
    const results = await Promise.all(streams.map((id) => appendGrouped(id)));
    expect(new Set(results.map((r) => transactionOf(r.position))).size).toBeLessThanOrEqual(3);
    expect(results.every((r) => r.nextRevision === 0n && !r.idempotent)).toBe(true);
    for (const id of [streams[0], streams[49]])
      expect((await collect(store.readStream(id))).map((e) => e.data)).toEqual([{ streamId: id }]);
  });

  it('refuses only the append whose expected revision is wrong, not the others of its group', async () => {
    const taken = newStream();
    await appendGrouped(taken);
    const streams = Array.from({ length: 10 }, newStream);
    const outcomes = await Promise.allSettled([
      appendGrouped(newStream()), // goes alone; the rest queue behind it and leave as one group
      ...streams.slice(0, 5).map((id) => appendGrouped(id)),
      appendGrouped(taken),
      ...streams.slice(5).map((id) => appendGrouped(id)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(6).fill('fulfilled'),
      'rejected',
      ...Array(5).fill('fulfilled'),
    ]);
    expect((outcomes[6] as PromiseRejectedResult).reason).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    const grouped = outcomes.filter((o, i) => i > 0 && o.status === 'fulfilled');
    const transactions = grouped.map((o) =>
      transactionOf((o as PromiseFulfilledResult<AppendResult>).value.position),
    );
    expect(new Set(transactions).size).toBe(1);
  });

  it("rolls back every part of a failed appendMany, and only those, inside a group's transaction", async () => {
    const taken = newStream();
    await appendGrouped(taken);
    const [first, neighbours] = [newStream(), Array.from({ length: 6 }, newStream)];
    const whole = [newStream(), newStream()];
    const outcomes = await Promise.allSettled([
      appendGrouped(newStream()), // goes alone; the rest queue behind it and leave as one group
      ...neighbours.slice(0, 3).map((id) => appendGrouped(id)),
      store.appendMany([
        { streamId: first, events: [{ type: 'Part', data: {} }], expectedRevision: 'no_stream' },
        { streamId: taken, events: [{ type: 'Part', data: {} }], expectedRevision: 'no_stream' },
      ]),
      store.appendMany(
        whole.map((streamId) => ({
          streamId,
          events: [{ type: 'Part', data: {} }],
          expectedRevision: 'no_stream' as const,
        })),
      ),
      ...neighbours.slice(3).map((id) => appendGrouped(id)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(4).fill('fulfilled'),
    ]);
    const refused = (outcomes[4] as PromiseRejectedResult).reason as WrongExpectedRevisionError;
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    expect(refused.streamId).toBe(taken);
    expect(await collect(store.readStream(first))).toEqual([]);
    expect(await collect(store.readStream(taken))).toHaveLength(1);
    const committed = outcomes
      .slice(1)
      .filter((o) => o.status === 'fulfilled')
      .flatMap((o) => {
        const value = (o as PromiseFulfilledResult<AppendResult | AppendResult[]>).value;
        return Array.isArray(value) ? value : [value];
      });
    expect(committed).toHaveLength(8);
    expect(new Set(committed.map((r) => transactionOf(r.position))).size).toBe(1);
    for (const id of [...whole, ...neighbours])
      expect(await collect(store.readStream(id))).toHaveLength(1);
  });

  it('falls back to one transaction per append when the group fails as a whole', async () => {
    // Another writer's uncommitted event: our group's insert of the same id waits for it, then
    // fails with a unique violation, which aborts the group's whole transaction.
    const contested = randomUUID();
    const other = await pool.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `SELECT * FROM quarry_append($1, 'no_stream', ARRAY[$2]::uuid[], ARRAY['Other']::text[], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[])`,
        [newStream(), contested],
      );
      const streams = Array.from({ length: 6 }, newStream);
      const outcomes = Promise.allSettled([
        appendGrouped(newStream()),
        ...streams.slice(0, 3).map((id) => appendGrouped(id)),
        appendGrouped(newStream(), contested),
        ...streams.slice(3).map((id) => appendGrouped(id)),
      ]);
      await waitUntil(async () => {
        const { rows } = await pool.query<{ waiting: string }>(
          `SELECT count(*) AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%quarry_append_groups%'`,
        );
        return Number(rows[0].waiting) > 0;
      });
      await other.query('COMMIT');
      const settled = await outcomes;
      expect(settled.map((o) => o.status)).toEqual([
        ...Array(4).fill('fulfilled'),
        'rejected',
        ...Array(3).fill('fulfilled'),
      ]);
      expect((settled[4] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      for (const id of streams) expect(await collect(store.readStream(id))).toHaveLength(1);
    } finally {
      other.release();
    }
  });
});

const appendNew = (store: PostgresEventStore, streamId: string, type: string) =>
  store.append(streamId, [{ type, data: {} }], { expectedRevision: 'no_stream' });

/** A live subscription to one stream prefix, past its catch-up: `next()` is its next message. */
async function liveSubscription(store: PostgresEventStore, prefix: string) {
  const abort = new AbortController();
  const messages = store
    .subscribeToAll({
      fromPosition: await store.headPosition(),
      filter: { streamPrefixes: [prefix] },
      signal: abort.signal,
    })
    [Symbol.asyncIterator]();
  expect((await messages.next()).value).toMatchObject({ kind: 'caught_up' });
  return {
    next: () => messages.next(),
    stop: async () => {
      abort.abort();
      await messages.return?.();
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
