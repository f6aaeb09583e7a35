import type { EntityManager } from 'typeorm';
import type { EventFilter, RecordedEvent } from '@quarry/eventstore';
import type { CopyValue } from './copy-rows';

/** What a projection's `apply` may touch: its own generation's tables, inside the batch transaction. */
export interface ProjectionContext {
  /** Bound to the batch transaction: the checkpoint commits with these writes or not at all. */
  readonly manager: EntityManager;
  /** Quoted, schema-qualified name of one of this generation's tables. */
  readonly table: (name: string) => string;
  /** Bulk insert into one of this generation's tables through COPY, inside the batch transaction. */
  readonly copyRows: (
    table: string,
    columns: readonly string[],
    rows: readonly (readonly CopyValue[])[],
  ) => Promise<void>;
}

/**
 * A read model built from events. Its tables live in a schema per generation
 * (`proj_<name>_g<N>`) behind views named like the tables, so a rebuild can
 * fill a new generation while reads keep using the old one.
 */
export interface ProjectionDefinition {
  /** Lower-case letters, digits and underscores; also the name of its CLI and API handle. */
  readonly name: string;
  /** Bump when `createTables` or `apply` change meaning; status shows builds of older versions. */
  readonly version: number;
  readonly description: string;
  /** Only these events are read; everything else still advances the checkpoint. */
  readonly filter?: EventFilter;
  /** Tables exposed to readers as views of the same name. */
  readonly tables: readonly string[];
  /** DDL for one generation, given its quoted schema name. */
  createTables(schema: string): readonly string[];
  /** Applies a batch in order. Must be deterministic: a rebuild must equal the live build. */
  apply(events: readonly RecordedEvent[], context: ProjectionContext): Promise<void>;
}

export const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,40}$/;
