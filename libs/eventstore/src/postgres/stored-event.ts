import { types } from 'pg';
import type { EventMetadata, RecordedEvent } from '../event-store.port';

const JSONB = 3802;
const TIMESTAMPTZ = 1184;
const parseTimestamp = types.getTypeParser(TIMESTAMPTZ) as (text: string) => Date;

/** pg's parsers, except jsonb and timestamptz, which stay text until someone reads them. */
export const LAZY_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === JSONB || oid === TIMESTAMPTZ
      ? (text: string) => text
      : (types.getTypeParser(oid, format ?? 'text') as (text: string) => unknown),
};

export interface RawEventRow {
  readonly position: string;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly created_at: string;
}

/**
 * An event read from a stream. Folding a long stream (a ledger's replay)
 * needs its type and data only: metadata, time, revision and position are
 * parsed on first use, which saves a JSON parse, a date parse and two BigInt
 * conversions per event that nobody reads.
 */
export class StoredEvent implements RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  #revision: bigint | string;
  #position: bigint | string;
  #metadata: EventMetadata | string;
  #createdAt: Date | string;

  constructor(row: RawEventRow) {
    this.id = row.event_id;
    this.type = row.type;
    this.data = JSON.parse(row.data) as unknown;
    this.streamId = row.stream_id;
    this.#revision = row.revision;
    this.#position = row.position;
    this.#metadata = row.metadata;
    this.#createdAt = row.created_at;
  }

  get revision(): bigint {
    if (typeof this.#revision === 'string') this.#revision = BigInt(this.#revision);
    return this.#revision;
  }

  get position(): bigint {
    if (typeof this.#position === 'string') this.#position = BigInt(this.#position);
    return this.#position;
  }

  get metadata(): EventMetadata {
    if (typeof this.#metadata === 'string')
      this.#metadata = JSON.parse(this.#metadata) as EventMetadata;
    return this.#metadata;
  }

  get createdAt(): Date {
    if (typeof this.#createdAt === 'string') this.#createdAt = parseTimestamp(this.#createdAt);
    return this.#createdAt;
  }

  /** Plain data, with every field, for logs and JSON. */
  toJSON() {
    return {
      id: this.id,
      type: this.type,
      data: this.data,
      metadata: this.metadata,
      streamId: this.streamId,
      revision: this.revision.toString(),
      position: this.position.toString(),
      createdAt: this.createdAt,
    };
  }
}
