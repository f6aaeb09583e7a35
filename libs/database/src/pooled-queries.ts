import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Single statements straight through the TypeORM pool: one pooled round trip
 * per query, without a query runner or entity hydration (together they cost
 * a third of an authenticated list request). For hot reads and small
 * one-statement writes (key usage, job leases); transactions keep going
 * through TypeORM.
 */
export class PooledQueries {
  private constructor(private readonly pool: Pool) {}

  static of(dataSource: DataSource): PooledQueries {
    // TypeORM's Postgres driver keeps its pg Pool as `master`.
    return new PooledQueries((dataSource.driver as unknown as { master: Pool }).master);
  }

  async rows<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }
}
