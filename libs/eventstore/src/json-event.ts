import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from './event-store.port';
import { EventNotSerializableError, InvalidStreamIdError } from './errors';

const STREAM_ID = /^[^$\s][\x21-\x7e]{0,199}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId))
    throw new InvalidStreamIdError(streamId);
}

/**
 * Events are stored as JSON; anything JSON would silently change (a Date, a
 * Map, NaN, undefined, a BigInt, a cycle) is refused before anything is
 * written, naming the path of the offending value.
 */
export function assertJson(
  eventType: string,
  value: unknown,
  path: string,
  seen = new Set<object>(),
): void {
  const fail = (reason: string): never => {
    throw new EventNotSerializableError(eventType, path, reason);
  };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail('is not a finite number');
    return;
  }
  if (typeof value !== 'object') return fail(`is a ${typeof value}, not JSON`);
  if (seen.has(value)) fail('is a circular reference');
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertJson(eventType, item, `${path}[${i}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      fail(`is a ${value.constructor?.name ?? 'non-plain object'}, not a plain object`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined)
        throw new EventNotSerializableError(eventType, `${path}.${key}`, 'is undefined');
      assertJson(eventType, item, `${path}.${key}`, seen);
    }
  }
  seen.delete(value);
}

export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** Validates and serializes events once, for either adapter. */
export function prepareEvents(streamId: string, events: readonly NewEvent[]): PreparedEvent[] {
  assertStreamId(streamId);
  return events.map((event) => {
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 200) {
      throw new EventNotSerializableError(
        String(event.type),
        'type',
        'must be a non-empty string of at most 200 characters',
      );
    }
    if (event.id !== undefined && !UUID.test(event.id)) {
      throw new EventNotSerializableError(event.type, 'id', 'must be a uuid');
    }
    assertJson(event.type, event.data, 'data');
    const metadata: EventMetadata = event.metadata ?? {};
    assertJson(event.type, metadata, 'metadata');
    return {
      id: (event.id ?? randomUUID()).toLowerCase(),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(metadata),
    };
  });
}
