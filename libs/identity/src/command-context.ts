import type { EventMetadata } from '@quarry/eventstore';

/** Who asks, and under which request: recorded in every event's metadata. */
export interface CommandContext {
  /** An API key id, or `operator:<name>` for the CLI. */
  readonly actor: string;
  readonly requestId?: string;
  readonly correlationId?: string;
}

export const metadataOf = (context: CommandContext): EventMetadata => ({
  actor: context.actor,
  requestId: context.requestId,
  correlationId: context.correlationId ?? context.requestId,
  schemaVersion: 1,
});
