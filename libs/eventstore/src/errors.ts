import type { ExpectedRevision } from './event-store.port';

export type EventStoreErrorCode =
  'wrong_expected_revision' | 'event_not_serializable' | 'duplicate_event_id' | 'invalid_stream_id';

export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
}

/** The stream was not where the writer expected: nothing was written. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'wrong_expected_revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** `undefined` when the stream does not exist. */
    readonly actual: bigint | undefined,
  ) {
    super(
      `Stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no_stream' : String(actual)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class EventNotSerializableError extends EventStoreError {
  readonly code = 'event_not_serializable';
  constructor(
    readonly eventType: string,
    readonly path: string,
    reason: string,
  ) {
    super(`Event ${eventType}: ${path} ${reason}`);
    this.name = 'EventNotSerializableError';
  }
}

/** An event id already used by a different event or stream. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate_event_id';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`Event id ${eventId} already exists outside this append to ${streamId}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidStreamIdError extends EventStoreError {
  readonly code = 'invalid_stream_id';
  constructor(readonly streamId: string) {
    super(
      `Invalid stream id ${JSON.stringify(streamId)}: 1–200 printable characters, not starting with $`,
    );
    this.name = 'InvalidStreamIdError';
  }
}
