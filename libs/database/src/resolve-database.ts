import { join } from 'node:path';
import type { EmbeddedPostgresHandle } from './embedded-postgres';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  readonly url: string;
  /** Set when the embedded default is in use. */
  readonly embedded?: EmbeddedPostgresHandle;
}

/**
 * DATABASE_URL when given; otherwise the embedded PostgreSQL of the data
 * folder: joined if a running Quarry already started it, started if not.
 */
export async function resolveDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<ResolvedDatabase> {
  if (databaseUrl) return { url: databaseUrl };
  const embedded = await startEmbeddedPostgres(join(dataDir), 'quarry');
  return { url: embedded.url, embedded };
}
