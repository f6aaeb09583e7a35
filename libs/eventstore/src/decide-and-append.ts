import type { EventMetadata, EventStore } from './event-store.port';
import { WrongExpectedRevisionError } from './errors';

export interface Decider<Command, Event extends { type: string; data: unknown }, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export interface DecideOptions {
  readonly metadata: EventMetadata;
  /** Decide again on a concurrency conflict: only where deciding twice is safe. */
  readonly retryOnConflict?: boolean;
  /** Deterministic ids for the new events (a redelivered command appends nothing new). */
  readonly eventIds?: (index: number) => string;
}

export interface DecideResult<Event> {
  readonly events: Event[];
  /** Global position of the last event appended (or of the stream's end when nothing was). */
  readonly position: bigint;
}

export interface LoadedState<State> {
  readonly state: State;
  /** Undefined when the stream does not exist. */
  readonly revision: bigint | undefined;
  readonly position: bigint;
}

/** Folds a stream into the decider's state, with the revision a decision on it must append at. */
export async function loadState<Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
): Promise<LoadedState<State>> {
  let state = decider.initialState;
  let revision: bigint | undefined;
  let position = 0n;
  for await (const recorded of store.readStream(streamId)) {
    state = decider.evolve(state, { type: recorded.type, data: recorded.data } as Event);
    revision = recorded.revision;
    position = recorded.position;
  }
  return { state, revision, position };
}

/**
 * The thin command handler of an event-sourced aggregate: fold the stream,
 * decide, append at the revision the decision was made on.
 */
export async function decideAndAppend<
  Command,
  Event extends { type: string; data: unknown },
  State,
>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: DecideOptions,
): Promise<DecideResult<Event>> {
  for (let attempt = 0; ; attempt += 1) {
    const { state, revision, position } = await loadState(store, streamId, decider);
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, position };
    try {
      const result = await store.append(
        streamId,
        events.map((event, i) => ({
          id: options.eventIds?.(i),
          type: event.type,
          data: event.data,
          metadata: options.metadata,
        })),
        { expectedRevision: revision ?? 'no_stream' },
      );
      return { events, position: result.position };
    } catch (error) {
      if (
        !(error instanceof WrongExpectedRevisionError) ||
        !options.retryOnConflict ||
        attempt >= 20
      )
        throw error;
    }
  }
}
