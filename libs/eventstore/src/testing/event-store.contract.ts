import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent, SubscriptionMessage } from '../event-store.port';
import { EventNotSerializableError, WrongExpectedRevisionError } from '../errors';

/**
 * The behaviour every adapter must show. Each adapter's spec calls this with
 * a factory; streams are unique per test so adapters may share a store.
 */
export interface ContractContext {
  readonly store: EventStore;
  /** Appends by another writer that bypasses the store's in-process wake-up (another process). */
  readonly otherWriter?: EventStore;
}

const ev = (type: string, data: Record<string, unknown> = {}, id?: string): NewEvent => ({
  id,
  type,
  data,
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function take(
  iterable: AsyncIterable<SubscriptionMessage>,
  until: (events: RecordedEvent[], message: SubscriptionMessage) => boolean,
  timeoutMs = 20_000,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const message of iterable) {
    if (message.kind === 'event') events.push(message.event);
    if (until(events, message)) return events;
    if (Date.now() > deadline)
      throw new Error(`subscription timed out after ${events.length} events`);
  }
  return events;
}

export function eventStoreContract(getContext: () => ContractContext): void {
  const store = () => getContext().store;
  const stream = (label: string) => `contract${randomUUID().slice(0, 8)}-${label}`;

  describe('append and readStream', () => {
    it('appends to a new stream and reads the events back in order with their envelope', async () => {
      const id = stream('a');
      const result = await store().append(
        id,
        [
          {
            type: 'Opened',
            data: { n: 1 },
            metadata: { correlationId: 'c1', actor: 'key_1', requestId: 'req_1' },
          },
          ev('Renamed', { name: 'x' }),
        ],
        { expectedRevision: 'no_stream' },
      );
      expect(result.nextRevision).toBe(1n);
      const events = await collect(store().readStream(id));
      expect(events.map((e) => [e.type, e.revision, e.data])).toEqual([
        ['Opened', 0n, { n: 1 }],
        ['Renamed', 1n, { name: 'x' }],
      ]);
      expect(events[0].metadata).toMatchObject({
        correlationId: 'c1',
        actor: 'key_1',
        requestId: 'req_1',
      });
      expect(events[0].streamId).toBe(id);
      expect(events[0].createdAt).toBeInstanceOf(Date);
      expect(events[1].position).toBeGreaterThan(events[0].position);
      expect(result.position).toBe(events[1].position);
    });

    it('honours every expected-revision mode and refuses a wrong one without writing', async () => {
      const id = stream('b');
      await expect(
        store().append(id, [ev('X')], { expectedRevision: 'stream_exists' }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store().append(id, [ev('A')], { expectedRevision: 'no_stream' });
      const conflict = await store()
        .append(id, [ev('B')], { expectedRevision: 'no_stream' })
        .catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
      expect((conflict as WrongExpectedRevisionError).actual).toBe(0n);
      await expect(store().append(id, [ev('B')], { expectedRevision: 5n })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await store().append(id, [ev('B')], { expectedRevision: 0n });
      await store().append(id, [ev('C')], { expectedRevision: 'stream_exists' });
      await store().append(id, [ev('D')], { expectedRevision: 'any' });
      await store().append(stream('any-new'), [ev('E')], { expectedRevision: 'any' });
      const types = (await collect(store().readStream(id))).map((e) => e.type);
      expect(types).toEqual(['A', 'B', 'C', 'D']);
    });

    it('lets exactly one of many concurrent writers win the same expected revision', async () => {
      const id = stream('race');
      await store().append(id, [ev('Start')], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store().append(id, [ev('Next', { i })], { expectedRevision: 0n }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
      expect(await collect(store().readStream(id))).toHaveLength(2);
    });

    it('appends to several streams in order, one result per part', async () => {
      const [a, b] = [stream('many-a'), stream('many-b')];
      await store().append(a, [ev('A0')], { expectedRevision: 'no_stream' });
      const results = await store().appendMany([
        { streamId: a, events: [ev('A1'), ev('A2')], expectedRevision: 0n },
        { streamId: b, events: [ev('B0')], expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => r.nextRevision)).toEqual([2n, 0n]);
      expect(results[0].position).toBeLessThan(results[1].position);
      expect((await collect(store().readStream(a))).map((e) => e.type)).toEqual(['A0', 'A1', 'A2']);
      expect((await collect(store().readStream(b))).map((e) => e.type)).toEqual(['B0']);
    });

    it("fails appendMany with the failing part's error; only a non-atomic store keeps the parts before it", async () => {
      const [a, b] = [stream('all-a'), stream('all-b')];
      await store().append(b, [ev('B0')], { expectedRevision: 'no_stream' });
      const error = await store()
        .appendMany([
          { streamId: a, events: [ev('A0')], expectedRevision: 'no_stream' },
          { streamId: b, events: [ev('B1')], expectedRevision: 'no_stream' },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).streamId).toBe(b);
      const written = (await collect(store().readStream(a))).map((e) => e.type);
      expect(written).toEqual(store().multiStreamAtomic ? [] : ['A0']);
      expect(await collect(store().readStream(b))).toHaveLength(1);
    });

    it('treats a retried append with the same event ids as already done', async () => {
      const id = stream('idem');
      const events = [ev('Charged', { amount: 5 }, randomUUID()), ev('Noted', {}, randomUUID())];
      const first = await store().append(id, events, { expectedRevision: 'no_stream' });
      const again = await store().append(id, events, { expectedRevision: 'no_stream' });
      expect(again.nextRevision).toBe(first.nextRevision);
      expect(await collect(store().readStream(id))).toHaveLength(2);
    });

    it.each([
      ['a BigInt', { amount: 10n }],
      ['a Date', { at: new Date() }],
      ['NaN', { n: Number.NaN }],
      ['undefined', { gone: undefined }],
      ['a function', { fn: () => 1 }],
    ])('refuses data holding %s with a typed error and writes nothing', async (_label, data) => {
      const id = stream('bad');
      const error = await store()
        .append(id, [ev('Good'), { type: 'Bad', data }], { expectedRevision: 'no_stream' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventNotSerializableError);
      expect(await collect(store().readStream(id))).toHaveLength(0);
    });

    it('refuses circular data', async () => {
      const data: Record<string, unknown> = {};
      data.self = data;
      await expect(
        store().append(stream('cyc'), [{ type: 'Bad', data }], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(EventNotSerializableError);
    });

    it('reads a stream backwards, from a revision, and with a count; an unknown stream is empty', async () => {
      const id = stream('r');
      await store().append(
        id,
        Array.from({ length: 5 }, (_, i) => ev('N', { i })),
        { expectedRevision: 'no_stream' },
      );
      const back = await collect(store().readStream(id, { direction: 'backwards', maxCount: 2 }));
      expect(back.map((e) => e.revision)).toEqual([4n, 3n]);
      const from = await collect(store().readStream(id, { fromRevision: 3n }));
      expect(from.map((e) => e.revision)).toEqual([3n, 4n]);
      expect(await collect(store().readStream(stream('none')))).toEqual([]);
    });

    it('reads a long stream in batches holding exactly the events of readStream', async () => {
      const id = stream('b');
      await store().append(
        id,
        Array.from({ length: 3000 }, (_, i) => ev('N', { i })),
        { expectedRevision: 'no_stream' },
      );
      const batches = await collect(store().readStreamBatches(id, { fromRevision: 10n }));
      expect(batches.length).toBeGreaterThan(1);
      const flat = batches.flat();
      expect(flat.map((e) => (e.data as { i: number }).i)).toEqual(
        Array.from({ length: 2990 }, (_, i) => i + 10),
      );
      expect(flat).toEqual(await collect(store().readStream(id, { fromRevision: 10n })));
      const back = (
        await collect(store().readStreamBatches(id, { direction: 'backwards', maxCount: 1500 }))
      ).flat();
      expect(back.map((e) => e.revision)).toEqual(
        Array.from({ length: 1500 }, (_, i) => BigInt(2999 - i)),
      );
      const fromBack = await collect(
        store().readStream(id, { direction: 'backwards', fromRevision: 1300n }),
      );
      expect(fromBack.map((e) => e.revision)).toEqual(
        Array.from({ length: 1301 }, (_, i) => BigInt(1300 - i)),
      );
    });

    it('reads a stream ending exactly where a page ends, and one a page longer', async () => {
      // 256 + 1024: the first two pages are full and the third finds nothing.
      for (const length of [1280, 1281]) {
        const id = stream(`edge${length}`);
        await store().append(
          id,
          Array.from({ length }, (_, i) => ev('N', { i })),
          { expectedRevision: 'no_stream' },
        );
        const read = (await collect(store().readStreamBatches(id))).flat();
        expect(read.map((e) => (e.data as { i: number }).i)).toEqual(
          Array.from({ length }, (_, i) => i),
        );
      }
    });
  });

  describe('readAll and subscribeToAll', () => {
    it('reads the log in global order from a position, filtered by type and by stream prefix', async () => {
      const prefix = stream('f');
      const start = await store().headPosition();
      await store().append(`${prefix}-x`, [ev('Keep', { n: 1 }), ev('Drop')], {
        expectedRevision: 'no_stream',
      });
      await store().append(`${prefix}-y`, [ev('Keep', { n: 2 })], {
        expectedRevision: 'no_stream',
      });
      await store().append(`other${prefix}`, [ev('Keep', { n: 3 })], {
        expectedRevision: 'no_stream',
      });

      const page = await store().readAll({
        fromPosition: start,
        maxCount: 1000,
        filter: { streamPrefixes: [prefix], eventTypes: ['Keep'] },
      });
      expect(page.events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      const all = await store().readAll({
        fromPosition: start,
        maxCount: 1000,
        filter: { streamPrefixes: [prefix] },
      });
      expect(all.events.map((e) => e.type)).toEqual(['Keep', 'Drop', 'Keep']);
      const positions = all.events.map((e) => e.position);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      const rest = await store().readAll({
        fromPosition: positions[0],
        maxCount: 1000,
        filter: { streamPrefixes: [prefix] },
      });
      expect(rest.events.map((e) => e.position)).toEqual(positions.slice(1));
    });

    it('delivers history, says it caught up, then delivers live appends', async () => {
      const prefix = stream('live');
      await store().append(`${prefix}-1`, [ev('Old')], { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      const subscription = store().subscribeToAll({
        filter: { streamPrefixes: [prefix] },
        signal: controller.signal,
      });
      let caughtUp = false;
      const received = take(subscription, (events, message) => {
        if (message.kind === 'caught_up' && !caughtUp) {
          caughtUp = true;
          const writer = getContext().otherWriter ?? store();
          void writer.append(`${prefix}-2`, [ev('New')], { expectedRevision: 'no_stream' });
        }
        return events.length === 2;
      });
      const events = await received;
      controller.abort();
      expect(caughtUp).toBe(true);
      expect(events.map((e) => e.type)).toEqual(['Old', 'New']);
    });

    it('gives every committed event to a live subscriber exactly once, in global order, under many concurrent writers', async () => {
      const prefix = stream('conc');
      const writers = 16;
      const perWriter = 25;
      const controller = new AbortController();
      const subscription = store().subscribeToAll({
        fromPosition: await store().headPosition(),
        filter: { streamPrefixes: [prefix] },
        signal: controller.signal,
      });
      const seen = take(subscription, (events) => events.length >= writers * perWriter);
      // Each writer appends to its own streams and to one shared, contended stream.
      const shared = `${prefix}-shared`;
      const committed: string[] = [];
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i += 1) {
            const id = randomUUID();
            if (i % 5 === 0) {
              for (;;) {
                try {
                  await store().append(shared, [ev('Shared', { w, i }, id)], {
                    expectedRevision: 'any',
                  });
                  break;
                } catch (error) {
                  if (!(error instanceof WrongExpectedRevisionError)) throw error;
                }
              }
            } else {
              await store().append(`${prefix}-${w}-${i}`, [ev('Own', { w, i }, id)], {
                expectedRevision: 'no_stream',
              });
            }
            committed.push(id);
          }
        }),
      );
      const events = await seen;
      controller.abort();
      const ids = events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(committed));
      for (let i = 1; i < events.length; i += 1)
        expect(events[i].position > events[i - 1].position).toBe(true);
      const sharedRevisions = events.filter((e) => e.streamId === shared).map((e) => e.revision);
      expect(sharedRevisions).toEqual(sharedRevisions.map((_, i) => BigInt(i)));
    });

    it('resumes after a stored position without repeating or skipping', async () => {
      const prefix = stream('resume');
      for (let i = 0; i < 6; i += 1)
        await store().append(`${prefix}-${i}`, [ev('E', { i })], { expectedRevision: 'no_stream' });
      const first = await store().readAll({ maxCount: 3, filter: { streamPrefixes: [prefix] } });
      expect(first.events).toHaveLength(3);
      const controller = new AbortController();
      const rest = await take(
        store().subscribeToAll({
          fromPosition: first.position,
          filter: { streamPrefixes: [prefix] },
          signal: controller.signal,
        }),
        (_events, message) => message.kind === 'caught_up',
      );
      controller.abort();
      expect([...first.events, ...rest].map((e) => (e.data as { i: number }).i)).toEqual([
        0, 1, 2, 3, 4, 5,
      ]);
    });
  });
}
