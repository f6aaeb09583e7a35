import type { EventMetadata } from './event-store.port';

/** Who asks, and under which request: recorded in every event's metadata. */
export interface CommandContext {
  /** An API key id, or `operator:<name>` for the CLI. */
  readonly actor: string;
  readonly requestId?: string;
  readonly correlationId?: string;
}

export function metadataOf(context: CommandContext): EventMetadata {
  const correlationId = context.correlationId ?? context.requestId;
  return {
    actor: context.actor,
    schemaVersion: 1,
    ...(context.requestId !== undefined && { requestId: context.requestId }),
    ...(correlationId !== undefined && { correlationId }),
  };
}
