import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/harness';
import type { Decider } from './decide-and-append';
import { DecisionQueue } from './decision-queue';
import { PostgresEventStore } from './postgres/postgres-event-store';

// A tiny account: withdrawals are refused beyond the balance.
type Command =
  { type: 'Deposit'; data: { amount: number } } | { type: 'Withdraw'; data: { amount: number } };
type Event =
  { type: 'Deposited'; data: { amount: number } } | { type: 'Withdrawn'; data: { amount: number } };
const account: Decider<Command, Event, number> = {
  initialState: 0,
  decide(command, balance) {
    if (command.type === 'Deposit') return [{ type: 'Deposited', data: command.data }];
    if (command.data.amount > balance) throw new Error(`short: ${balance}`);
    return [{ type: 'Withdrawn', data: command.data }];
  },
  evolve: (balance, event) =>
    event.type === 'Deposited' ? balance + event.data.amount : balance - event.data.amount,
};

describe('DecisionQueue', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let otherProcess: PostgresEventStore;
  const metadata = { actor: 'test' };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 8 }));
    otherProcess = new PostgresEventStore(new Pool({ connectionString: db.url, max: 8 }));
  });

  afterAll(async () => {
    await store.close();
    await otherProcess.close();
    await db.drop();
  });

  async function balanceOf(streamId: string): Promise<number> {
    return (await new DecisionQueue(store, account).load(streamId)).state;
  }

  it('decides concurrent commands on one stream in order, refusing only what is short', async () => {
    const stream = `account-${randomUUID()}`;
    const queue = new DecisionQueue(store, account);
    await queue.decide(stream, { type: 'Deposit', data: { amount: 100 } }, { metadata });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        queue.decide(stream, { type: 'Withdraw', data: { amount: 10 } }, { metadata }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(40);
    expect(await balanceOf(stream)).toBe(0);
    const revisions: bigint[] = [];
    for await (const e of store.readStream(stream)) revisions.push(e.revision);
    expect(revisions).toEqual(Array.from({ length: 11 }, (_, i) => BigInt(i)));
  });

  it('loses nothing when two processes write the same stream', async () => {
    const stream = `account-${randomUUID()}`;
    const here = new DecisionQueue(store, account);
    const there = new DecisionQueue(otherProcess, account);
    await here.decide(stream, { type: 'Deposit', data: { amount: 1000 } }, { metadata });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? here : there).decide(
          stream,
          { type: 'Withdraw', data: { amount: 25 } },
          { metadata },
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(40);
    expect(await balanceOf(stream)).toBe(0);
  });

  it('decides on its cached state without reading, yet refuses only on what is stored', async () => {
    const stream = `account-${randomUUID()}`;
    const here = new DecisionQueue(store, account);
    const there = new DecisionQueue(otherProcess, account);
    await here.decide(stream, { type: 'Deposit', data: { amount: 10 } }, { metadata });
    const reads = jest.spyOn(store, 'readStreamBatches');
    await here.decide(stream, { type: 'Withdraw', data: { amount: 10 } }, { metadata });
    expect(reads).not.toHaveBeenCalled();
    // Another process deposits: the cache here says 0, the stream says 50.
    await there.decide(stream, { type: 'Deposit', data: { amount: 50 } }, { metadata });
    await expect(
      here.decide(stream, { type: 'Withdraw', data: { amount: 30 } }, { metadata }),
    ).resolves.toMatchObject({ events: [{ type: 'Withdrawn' }] });
    reads.mockRestore();
    // A withdrawal decided on a stale cache is caught by the expected revision, not lost.
    await there.decide(stream, { type: 'Deposit', data: { amount: 5 } }, { metadata });
    await here.decide(stream, { type: 'Withdraw', data: { amount: 25 } }, { metadata });
    expect(await balanceOf(stream)).toBe(0);
  });

  it('keeps the events of a redelivered command once, by their deterministic ids', async () => {
    const stream = `account-${randomUUID()}`;
    const queue = new DecisionQueue(store, account);
    const id = randomUUID();
    const deposit = { type: 'Deposit', data: { amount: 5 } } as const;
    await queue.decide(stream, deposit, { metadata, eventIds: () => id });
    // A second queue (a restarted process) receives the same command again, batched with another.
    const restarted = new DecisionQueue(store, account);
    const [again, other] = await Promise.allSettled([
      restarted.decide(stream, deposit, { metadata, eventIds: () => id }),
      restarted.decide(stream, { type: 'Deposit', data: { amount: 1 } }, { metadata }),
    ]);
    // The store answers the retried append as done before; the other deposit is decided alone.
    expect(again.status).toBe('fulfilled');
    expect(other.status).toBe('fulfilled');
    expect(await balanceOf(stream)).toBe(6);
    await restarted.decide(stream, { type: 'Deposit', data: { amount: 1 } }, { metadata });
    expect((await restarted.load(stream)).state).toBe(7);
  });

  it('answers with what was stored when another process stored the same command first', async () => {
    // Events that record when they were decided, as ledger events do: the same command decided
    // by two processes at two instants differs in content, not in ids.
    type Stamp = { type: 'Stamp'; data: { at: string } };
    const stamps: Decider<Stamp, Stamp, string[]> = {
      initialState: [],
      decide: (command) => [command],
      evolve: (seen, event) => [...seen, event.data.at],
    };
    const stream = `stamps-${randomUUID()}`;
    let openGate = () => undefined as void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    // Process B's append is held back until A has stored the same command.
    const heldBack = Object.create(otherProcess) as PostgresEventStore;
    heldBack.appendMany = async (...args) => {
      await gate;
      return otherProcess.appendMany(...args);
    };
    const a = new DecisionQueue(store, stamps);
    const b = new DecisionQueue(heldBack, stamps);
    const id = randomUUID();
    const late = b.decide(
      stream,
      { type: 'Stamp', data: { at: 'b' } },
      { metadata, eventIds: () => id },
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // B has decided and waits to append
    await a.decide(stream, { type: 'Stamp', data: { at: 'a' } }, { metadata, eventIds: () => id });
    openGate();
    expect((await late).events).toEqual([]);
    expect((await b.load(stream)).state).toEqual(['a']);
  });
});
