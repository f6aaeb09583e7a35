import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Substring search of leads (email, company, phone) through trigram indexes (issue 5). */
export class TrigramSearch1795563000000 implements MigrationInterface {
  name = 'TrigramSearch1795563000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13: the database owner may create it.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
