import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each API key was last used (issue 3): written by the API, never by events. */
export class ApiKeyUsage1795561000000 implements MigrationInterface {
  name = 'ApiKeyUsage1795561000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_key_usage" ("key_id" text NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "api_key_usage_pkey" PRIMARY KEY ("key_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_key_usage"`);
  }
}
