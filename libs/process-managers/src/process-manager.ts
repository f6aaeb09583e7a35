import type { EventFilter, RecordedEvent } from '@quarry/eventstore';
import { deterministicId } from '@quarry/eventstore';

/**
 * A command sent by a process manager. Its id is derived from the event that
 * caused it, so a handler receiving it twice (after a crash and redelivery)
 * appends events with the same ids, which the event store treats as done.
 */
export abstract class ProcessCommand {
  readonly commandId: string;
  readonly causationId: string;
  readonly correlationId: string;

  protected constructor(cause: RecordedEvent, step: string) {
    this.commandId = deterministicId('command', cause.id, step);
    this.causationId = cause.id;
    this.correlationId = cause.metadata.correlationId ?? cause.id;
  }

  /** Id for the n-th event this command appends. */
  eventId(n = 0): string {
    return deterministicId('event', this.commandId, n);
  }
}

/** A durable saga: which events it reacts to, and what it asks for in response (pure). */
export interface ProcessManagerDefinition {
  /** Lower-case letters, digits and underscores. */
  readonly name: string;
  readonly filter: EventFilter;
  react(event: RecordedEvent): readonly ProcessCommand[];
}
