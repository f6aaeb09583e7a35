import type { DecideResult, Decider } from './decide-and-append';
import { WrongExpectedRevisionError } from './errors';
import type { EventMetadata, EventStore, NewEvent, StreamAppend } from './event-store.port';

export interface QueuedDecisionOptions {
  readonly metadata: EventMetadata;
  /** Deterministic ids for the new events (a redelivered command appends nothing new). */
  readonly eventIds?: (index: number) => string;
  /**
   * Appends to other streams that stand or fall with this command's events:
   * written with them (in the same transaction where the store is
   * `multiStreamAtomic`), and only when the command decides events.
   */
  readonly with?: readonly StreamAppend[];
}

interface Pending<Command, Event> {
  readonly command: Command;
  readonly options: QueuedDecisionOptions;
  resolve(result: DecideResult<Event>): void;
  reject(error: unknown): void;
}

interface Folded<State> {
  state: State;
  /** Undefined when the stream does not exist. */
  revision: bigint | undefined;
  position: bigint;
}

const MAX_BATCH = 256;
const MAX_CONFLICT_RETRIES = 20;

/**
 * Decides commands on hot streams (one organization's credits) without
 * contention: commands for one stream queue up in this process and are
 * decided one after the other against the evolving state, and each batch's
 * events are appended in one round trip (group commit). A refused command
 * fails alone; the others of its batch still commit. The folded state is
 * cached per stream, so a batch costs one round trip: the append. Another
 * process writing the same stream is caught by the expected revision: the
 * batch is decided again on a fresh read, which is safe only for deciders
 * whose commands are safe to decide twice.
 */
export class DecisionQueue<Command, Event extends { type: string; data: unknown }, State> {
  private readonly queues = new Map<string, Pending<Command, Event>[]>();
  private readonly folded = new Map<string, Folded<State>>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly options: { readonly maxCachedStreams?: number } = {},
  ) {}

  decide(
    streamId: string,
    command: Command,
    options: QueuedDecisionOptions,
  ): Promise<DecideResult<Event>> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(streamId);
      const pending = { command, options, resolve, reject };
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(streamId, [pending]);
      void this.drain(streamId);
    });
  }

  /** The stream's state as of its last event (cached, then caught up). */
  async load(streamId: string): Promise<Folded<State>> {
    const cached = this.folded.get(streamId);
    const folded: Folded<State> = cached
      ? { ...cached }
      : { state: this.decider.initialState, revision: undefined, position: 0n };
    const from = folded.revision === undefined ? undefined : folded.revision + 1n;
    for await (const batch of this.store.readStreamBatches(streamId, { fromRevision: from })) {
      for (const recorded of batch) {
        folded.state = this.decider.evolve(folded.state, {
          type: recorded.type,
          data: recorded.data,
        } as Event);
        folded.revision = recorded.revision;
        folded.position = recorded.position;
      }
    }
    this.remember(streamId, folded);
    return folded;
  }

  private async drain(streamId: string): Promise<void> {
    const queue = this.queues.get(streamId)!;
    try {
      while (queue.length > 0) await this.decideBatch(streamId, queue.splice(0, MAX_BATCH));
    } finally {
      this.queues.delete(streamId);
    }
  }

  private async decideBatch(streamId: string, batch: Pending<Command, Event>[]): Promise<void> {
    let readFirst = false;
    for (let attempt = 0; ; attempt += 1) {
      // The cached state is trusted without a read: if another process wrote the stream since,
      // the append's expected revision says so, and the batch is decided again on a fresh read.
      const cached = readFirst ? undefined : this.folded.get(streamId);
      let folded: Folded<State>;
      try {
        folded = cached ?? (await this.load(streamId));
      } catch (error) {
        for (const item of batch) item.reject(error);
        return;
      }
      let state = folded.state;
      const outcomes: ({ events: Event[] } | { error: unknown })[] = [];
      const toAppend: NewEvent[] = [];
      const companions: StreamAppend[] = [];
      for (const item of batch) {
        try {
          const events = this.decider.decide(item.command, state);
          for (const event of events) state = this.decider.evolve(state, event);
          events.forEach((event, i) =>
            toAppend.push({
              id: item.options.eventIds?.(i),
              type: event.type,
              data: event.data,
              metadata: item.options.metadata,
            }),
          );
          if (events.length > 0 && item.options.with) companions.push(...item.options.with);
          outcomes.push({ events });
        } catch (error) {
          outcomes.push({ error });
        }
      }
      if (cached && outcomes.some((outcome) => 'error' in outcome)) {
        // A refusal appends nothing, so no revision check would catch a stale cache (a grant
        // written by another process): refusals are only answered from a fresh read.
        readFirst = true;
        continue;
      }
      let position = folded.position;
      if (toAppend.length > 0) {
        try {
          const own: StreamAppend = {
            streamId,
            events: toAppend,
            expectedRevision: folded.revision ?? 'no_stream',
          };
          const results = await this.store.appendMany([own, ...companions]);
          const result = results[0];
          // Read models are current for every part once past the last one.
          position = results[results.length - 1].position;
          if (result.idempotent === true) {
            // Decided here, stored earlier (by another process, maybe at another time): what
            // counts is what was stored, so nothing new is answered and the state is folded again.
            this.folded.delete(streamId);
            for (const item of batch) item.resolve({ events: [], position });
            return;
          }
          const appended = (folded.revision ?? -1n) + BigInt(toAppend.length);
          // Cache only what the store says it wrote; an adapter that cannot tell a retry from a
          // write leaves the state to be folded again when any command carried its own ids.
          const written =
            result.idempotent === false || batch.every((item) => !item.options.eventIds);
          if (written && result.nextRevision === appended)
            this.remember(streamId, { state, revision: appended, position });
          else this.folded.delete(streamId);
        } catch (error) {
          this.folded.delete(streamId);
          if (
            error instanceof WrongExpectedRevisionError &&
            error.streamId === streamId &&
            attempt < MAX_CONFLICT_RETRIES
          )
            continue;
          // One bad command must not sink the others: decide the rest alone.
          if (batch.length > 1) {
            for (const item of batch) await this.decideBatch(streamId, [item]);
            return;
          }
          batch[0].reject(error);
          return;
        }
      }
      outcomes.forEach((outcome, i) => {
        if ('error' in outcome) batch[i].reject(outcome.error);
        else batch[i].resolve({ events: outcome.events, position });
      });
      return;
    }
  }

  private remember(streamId: string, folded: Folded<State>): void {
    const max = this.options.maxCachedStreams ?? 1000;
    // Least recently used first out: re-inserting moves a stream to the end.
    this.folded.delete(streamId);
    if (this.folded.size >= max) this.folded.delete(this.folded.keys().next().value!);
    this.folded.set(streamId, folded);
  }
}
