import type { EntityManager } from 'typeorm';
import { copyRows } from './copy-rows';
import type { ProjectionContext, ProjectionDefinition } from './projection';

/** Namespace of the engine's advisory locks (two-key form: never collides with the event store's). */
export const LOCK_NAMESPACE = {
  runner: 0x51520001,
  rebuild: 0x51520002,
  setup: 0x51520003,
} as const;

export const schemaName = (projection: string, generation: number) =>
  `proj_${projection}_g${generation}`;
export const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

export function tableResolver(
  definition: ProjectionDefinition,
  generation: number,
): (name: string) => string {
  const schema = quote(schemaName(definition.name, generation));
  return (name: string) => {
    if (!definition.tables.includes(name)) {
      throw new Error(`Projection ${definition.name} has no table ${name}`);
    }
    return `${schema}.${quote(name)}`;
  };
}

export async function createGeneration(
  manager: EntityManager,
  definition: ProjectionDefinition,
  generation: number,
): Promise<void> {
  const schema = quote(schemaName(definition.name, generation));
  await manager.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await manager.query(`CREATE SCHEMA ${schema}`);
  for (const statement of definition.createTables(schema)) await manager.query(statement);
}

/** Points the public views at a generation. Run inside the switching transaction. */
export async function pointViewsAt(
  manager: EntityManager,
  definition: ProjectionDefinition,
  generation: number,
): Promise<void> {
  const resolve = tableResolver(definition, generation);
  for (const table of definition.tables) {
    // Dropped and recreated, not replaced: a new version may change the columns.
    await manager.query(`DROP VIEW IF EXISTS public.${quote(table)}`);
    await manager.query(`CREATE VIEW public.${quote(table)} AS SELECT * FROM ${resolve(table)}`);
  }
}

export async function dropGeneration(
  manager: EntityManager,
  projection: string,
  generation: number,
): Promise<void> {
  await manager.query(`DROP SCHEMA IF EXISTS ${quote(schemaName(projection, generation))} CASCADE`);
}

/** What `apply` gets for one batch: the transaction and this generation's tables. */
export function projectionContext(
  manager: EntityManager,
  table: (name: string) => string,
): ProjectionContext {
  return {
    manager,
    table,
    copyRows: (name, columns, rows) => copyRows(manager, table(name), columns, rows),
  };
}
