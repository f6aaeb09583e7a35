import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which worker crawls which job, until when (issue 5): operational state, never an event. */
export class JobLeases1795562000000 implements MigrationInterface {
  name = 'JobLeases1795562000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_leases" ("job_id" text NOT NULL, "worker_id" text NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "job_leases_pkey" PRIMARY KEY ("job_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_leases"`);
  }
}
