import type { DataSource } from 'typeorm';

/** Applies pending migrations; safe to run from several processes at once (TypeORM locks). */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
