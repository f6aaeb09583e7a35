import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Read-only SQL for the hot request path, straight through the TypeORM
 * pool: one pooled round trip per query, without a query runner or entity
 * hydration (together they cost a third of an authenticated list request).
 * Writes and transactions keep going through TypeORM.
 */
export class ReadQueries {
  private constructor(private readonly pool: Pool) {}

  static of(dataSource: DataSource): ReadQueries {
    // TypeORM's Postgres driver keeps its pg Pool as `master`.
    return new ReadQueries((dataSource.driver as unknown as { master: Pool }).master);
  }

  async rows<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }
}
