/**
 * The event store port. Two adapters implement it (PostgreSQL and
 * EventStoreDB) and one contract suite holds them to the same behaviour.
 */

/** What the writer believes about the stream before appending. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

export interface EventMetadata {
  /** The request or flow this event belongs to. */
  readonly correlationId?: string;
  /** The id of the event or command that caused this one. */
  readonly causationId?: string;
  readonly requestId?: string;
  /** Who did it: an API key id or `operator:<name>`. */
  readonly actor?: string;
  readonly schemaVersion?: number;
  readonly [key: string]: JsonValue | undefined;
}

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** A uuid. Pass a deterministic one when a retry could append the same event again. */
  readonly id?: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: bigint;
  /** Global position: increases in the order every reader sees events. Not contiguous. */
  readonly position: bigint;
  readonly createdAt: Date;
}

export interface AppendResult {
  /** Revision of the last event written: the expected revision for the next append. */
  readonly nextRevision: bigint;
  /** Global position of the last event written. */
  readonly position: bigint;
  /**
   * True when the store recognised the events (by id) as appended before and
   * wrote nothing; false when it wrote them. Undefined when the adapter cannot
   * tell (EventStoreDB).
   */
  readonly idempotent?: boolean;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

/** One stream's part of `appendMany`. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  /** Inclusive. Forwards default 0; backwards default the end. */
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

/** Both parts must match when both are given. */
export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Default: from the start. */
  readonly fromPosition?: bigint;
  readonly maxCount: number;
  readonly filter?: EventFilter;
}

export interface ReadAllPage {
  readonly events: RecordedEvent[];
  /**
   * Every event up to here was considered (matched or filtered out). Reading
   * again from this position continues without gap or repeat.
   */
  readonly position: bigint;
  /** True when the read stopped because it reached the committed end of the log. */
  readonly isEnd: boolean;
}

export interface CountEventsOptions {
  readonly fromPosition?: bigint;
  readonly toPosition?: bigint;
  readonly filter?: EventFilter;
  readonly limit?: number;
}

export interface SubscribeOptions {
  /** Exclusive; default from the start. */
  readonly fromPosition?: bigint;
  readonly filter?: EventFilter;
  /** Stops the subscription: the iterator then finishes. */
  readonly signal?: AbortSignal;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** All events committed so far were delivered; live from now on. */
  | { readonly kind: 'caught_up'; readonly position: bigint }
  /** Nothing matching up to here; safe to store as a checkpoint. */
  | { readonly kind: 'checkpoint'; readonly position: bigint };

export interface EventStore {
  readonly kind: 'postgres' | 'esdb';
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Appends to several streams in order, each part checked against its own
   * expected revision; fails with the first part's error. Where
   * `multiStreamAtomic`, the parts commit together or not at all; elsewhere
   * the parts before a failed one stay written.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** PostgreSQL: one transaction. EventStoreDB: one append after the other. */
  readonly multiStreamAtomic: boolean;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /**
   * The same events as `readStream`, in arrays as they arrive: folding a
   * long stream (a ledger) then costs one await per batch, not per event.
   */
  readStreamBatches(
    streamId: string,
    options?: ReadStreamOptions,
  ): AsyncIterable<readonly RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<ReadAllPage>;
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<SubscriptionMessage>;
  /**
   * Counts events after `fromPosition` (up to `toPosition`), stopping at
   * `limit`. Optional: an adapter without a cheap count leaves it out.
   */
  countEvents?(options: CountEventsOptions): Promise<number>;
  /** Position of the last committed event (0n when empty). */
  headPosition(): Promise<bigint>;
  /** Answers only when the store can be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
