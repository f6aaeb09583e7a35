// Who asks and under which request: shared by every context, so kept with the event store.
export { metadataOf } from '@quarry/eventstore';
export type { CommandContext } from '@quarry/eventstore';
