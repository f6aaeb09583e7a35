// Prefixed random ids are shared by every context; kept with the event store.
export { newId } from '@quarry/eventstore';
