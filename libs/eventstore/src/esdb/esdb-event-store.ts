import { setTimeout as sleep } from 'node:timers/promises';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  Filter,
  JSONType,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  SubscriptionMessage,
} from '../event-store.port';
import { assertStreamId, prepareEvents } from '../json-event';

export interface EsdbEventStoreOptions {
  /** Events per $all read while paging through `readAll`. */
  readonly readBatchSize?: number;
  /** Called after each successful append (metrics). */
  readonly onAppended?: (count: number) => void;
  /** A live subscription dropped and is being resubscribed. */
  readonly onTransientError?: (error: unknown) => void;
}

/**
 * Our single bigint position is the commit position. Every event appended
 * over gRPC is its own committed record, so commit = prepare = the event's
 * log position: unique and increasing in $all order.
 */
const toEsdbPosition = (position: bigint): Position => ({ commit: position, prepare: position });

/** Positions are exclusive; 0 and below (nothing read yet) mean the start of the log. */
const readFrom = (position: bigint | undefined): ReadPosition =>
  position === undefined || position <= 0n ? START : toEsdbPosition(position);

const toEsdbRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
};

const isPlainObject = (value: unknown): value is EventMetadata =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array);

const toEvent = (recorded: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent => {
  if (!recorded.position) {
    throw new Error(
      'EventStoreDB returned an event without its position: the server must be 22.6 or later',
    );
  }
  return {
    id: recorded.id,
    type: recorded.type,
    // JSON events arrive parsed; an event written as bytes by another client keeps its bytes.
    data: recorded.data,
    metadata: isPlainObject(recorded.metadata) ? recorded.metadata : {},
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position.commit,
    createdAt: recorded.created,
  };
};

/** System events ($-prefixed types or streams) are the server's, never ours. */
const matches = (recorded: EsdbRecordedEvent, filter: EventFilter | undefined): boolean =>
  !recorded.type.startsWith('$') &&
  !recorded.streamId.startsWith('$') &&
  (!filter?.eventTypes || filter.eventTypes.includes(recorded.type)) &&
  (!filter?.streamPrefixes ||
    filter.streamPrefixes.some((prefix) => recorded.streamId.startsWith(prefix)));

/**
 * Iterates a client read. Stopping early cancels the gRPC call; an error the
 * client raises after we stopped listening must not crash the process.
 */
async function* consume<T>(reading: StreamingRead<T>): AsyncGenerator<T> {
  reading.on('error', () => undefined);
  try {
    yield* reading;
  } finally {
    await reading.cancel().catch(() => undefined);
  }
}

/**
 * Caught-up and checkpoint notices come as events on the subscription, apart
 * from its data. Pushed into the subscription's own buffer, a marker reaches
 * the `for await` after every event the server sent before it.
 */
class Marker {
  constructor(
    readonly kind: 'caught_up' | 'checkpoint',
    readonly position = 0n,
  ) {}
}

/**
 * The production adapter. Where EventStoreDB differs from the port: it checks
 * event ids per stream only, so an id already used in another stream is not
 * refused, and a retried append is recognised as done only at the expected
 * revision of the first attempt (or with 'any', from the server's recent-id
 * cache). `caught_up` needs a 23.10+ server.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  readonly multiStreamAtomic = false;
  private readonly client: EventStoreDBClient;
  private readonly readBatchSize: number;
  private readonly closing = new AbortController();

  constructor(
    connectionString: string,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    // Each page re-reads the event it starts from (reads are inclusive), so it needs room for one more.
    this.readBatchSize = Math.max(2, options.readBatchSize ?? 500);
  }

  /** EventStoreDB has no transaction across streams: one append after the other, in order. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (appends.length === 0) throw new RangeError('appendMany needs at least one append');
    const results: AppendResult[] = [];
    for (const { streamId, events, expectedRevision } of appends)
      results.push(await this.append(streamId, events, { expectedRevision }));
    return results;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: AppendOptions,
  ): Promise<AppendResult> {
    const prepared = prepareEvents(streamId, events);
    if (prepared.length === 0) throw new RangeError('append needs at least one event');
    const result = await this.client
      .appendToStream(
        streamId,
        prepared.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            // Already validated as JSON; the client serializes it again, to the same text.
            data: JSON.parse(event.data) as JSONType,
            metadata: JSON.parse(event.metadata) as JSONType,
          }),
        ),
        { expectedRevision: toEsdbRevision(expectedRevision) },
      )
      .catch((error: unknown) => {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(
          streamId,
          expectedRevision,
          typeof actual === 'bigint' && actual >= 0n ? actual : undefined,
        );
      });
    // An idempotent retry cannot be told apart from a first write here.
    this.options.onAppended?.(prepared.length);
    const nextRevision = result.nextExpectedRevision;
    // The server answers with the position of the last event written; fall back to reading it.
    const position = result.position?.commit ?? (await this.positionOf(streamId, nextRevision));
    return { nextRevision, position };
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    assertStreamId(streamId);
    if (options.maxCount !== undefined && options.maxCount <= 0) return;
    const backwards = options.direction === 'backwards';
    const reading = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    try {
      for await (const resolved of consume(reading)) {
        if (resolved.event) yield toEvent(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async *readStreamBatches(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<readonly RecordedEvent[]> {
    let batch: RecordedEvent[] = [];
    for await (const event of this.readStream(streamId, options)) {
      batch.push(event);
      if (batch.length >= this.readBatchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * The client (6.x) reads $all without a server-side filter, so pages are
   * filtered here; `position` advances over every event read, matched or not.
   */
  async readAll({ fromPosition, maxCount, filter }: ReadAllOptions): Promise<ReadAllPage> {
    const events: RecordedEvent[] = [];
    let position = fromPosition ?? 0n;
    let cursor = fromPosition !== undefined && fromPosition > 0n ? fromPosition : undefined;
    while (events.length < maxCount) {
      const batch = filter
        ? this.readBatchSize
        : Math.min(this.readBatchSize, maxCount - events.length + 1);
      let read = 0;
      for await (const resolved of consume(
        this.client.readAll({ fromPosition: readFrom(cursor), maxCount: batch }),
      )) {
        read += 1;
        const recorded = resolved.event;
        if (!recorded) continue;
        const at = recorded.position.commit;
        // Reads from a position include the event at it: skip it, ours are exclusive.
        if (cursor !== undefined && at <= cursor) continue;
        position = at;
        if (!matches(recorded, filter)) continue;
        events.push(toEvent(recorded));
        if (events.length === maxCount) return { events, position, isEnd: false };
      }
      if (read < batch) return { events, position, isEnd: true };
      cursor = position;
    }
    return { events, position, isEnd: false };
  }

  /**
   * A catch-up subscription filtered on the server by one part of the filter
   * (stream prefixes, else event types, else system events); the rest is
   * checked here. After a drop it resubscribes after the last position it
   * handled, so nothing is lost or delivered twice.
   */
  async *subscribeToAll({
    fromPosition,
    filter,
    signal,
  }: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    const stop = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    let handledTo = fromPosition;
    let caughtUp = false;
    let lastCheckpointAt = 0;
    let failures = 0;
    while (!stop.aborted) {
      const subscription = this.client.subscribeToAll({
        fromPosition: readFrom(handledTo),
        filter: serverFilter(filter, (sub, position) => {
          sub.push(new Marker('checkpoint', position.commit));
        }),
      });
      const onCaughtUp = () => subscription.push(new Marker('caught_up'));
      const onStop = () => void subscription.unsubscribe().catch(() => undefined);
      subscription.on('caughtUp', onCaughtUp);
      // Errors reach the `for await`; one raised after it stopped must not crash the process.
      subscription.on('error', () => undefined);
      stop.addEventListener('abort', onStop, { once: true });
      try {
        for await (const item of subscription as AsyncIterable<AllStreamResolvedEvent | Marker>) {
          if (stop.aborted) return;
          failures = 0;
          if (item instanceof Marker) {
            if (item.kind === 'caught_up') {
              if (caughtUp) continue;
              caughtUp = true;
              yield { kind: 'caught_up', position: handledTo ?? 0n };
            } else if (handledTo === undefined || item.position > handledTo) {
              handledTo = item.position;
              if (Date.now() - lastCheckpointAt < 1000) continue;
              lastCheckpointAt = Date.now();
              yield { kind: 'checkpoint', position: item.position };
            }
            continue;
          }
          const recorded = item.event;
          if (!recorded) continue;
          const at = recorded.position.commit;
          if (handledTo !== undefined && at <= handledTo) continue;
          if (matches(recorded, filter)) yield { kind: 'event', event: toEvent(recorded) };
          handledTo = at;
        }
        if (stop.aborted) return;
        this.options.onTransientError?.(
          new Error('EventStoreDB subscription ended; resubscribing'),
        );
      } catch (error) {
        if (stop.aborted) return;
        this.options.onTransientError?.(error);
      } finally {
        stop.removeEventListener('abort', onStop);
        subscription.off('caughtUp', onCaughtUp);
        await subscription.unsubscribe().catch(() => undefined);
      }
      failures += 1;
      await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)), undefined, {
        signal: stop,
      }).catch(() => undefined);
    }
  }

  async headPosition(): Promise<bigint> {
    const reading = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    for await (const resolved of consume(reading)) {
      if (resolved.event) return resolved.event.position.commit;
    }
    return 0n;
  }

  async ping(): Promise<void> {
    await this.headPosition();
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.client.dispose();
  }

  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    for await (const event of this.readStream(streamId, { fromRevision: revision, maxCount: 1 })) {
      return event.position;
    }
    throw new Error(`Stream ${streamId}: revision ${revision} not found right after appending it`);
  }
}

function serverFilter(
  filter: EventFilter | undefined,
  checkpointReached: (subscription: AllStreamSubscription, position: Position) => void,
): Filter {
  if (filter?.streamPrefixes?.length) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached });
  }
  // Prefixes on the server narrow the read; the exact type match is checked here.
  if (filter?.eventTypes?.length) {
    return eventTypeFilter({ prefixes: [...filter.eventTypes], checkpointReached });
  }
  return excludeSystemEvents({ checkpointReached });
}
