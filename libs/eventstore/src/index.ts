export * from './event-store.port';
export * from './errors';
export { assertJson, prepareEvents } from './json-event';
export { EventRecord, StreamRecord } from './postgres/event-store.entities';
export { PostgresEventStore } from './postgres/postgres-event-store';
export type { PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { deterministicId } from './deterministic-id';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/esdb-event-store';
