import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit: appends to several streams in one round trip and one
 * commit, each with its own expected-revision check and outcome, so that
 * concurrent job submissions share a WAL flush instead of queueing for one
 * each.
 */
export class AppendBatch1795564000000 implements MigrationInterface {
  name = 'AppendBatch1795564000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Item i owns p_counts[i] consecutive entries of the event arrays. Every
    // stream's lock is taken, in one order, before the first insert assigns
    // the transaction id: later writers of any of these streams then get
    // larger ids (quarry_append's ordering rule), and two batches cannot
    // deadlock on each other.
    await queryRunner.query(`
      CREATE FUNCTION quarry_append_batch(p_streams text[], p_expected text[], p_counts int[], p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
      RETURNS TABLE(item int, status text, revision bigint, "position" bigint) LANGUAGE plpgsql AS $$
      DECLARE
        v_key bigint;
        v_first int := 1;
        v_last int;
      BEGIN
        FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(v_key);
        END LOOP;
        FOR i IN 1 .. cardinality(p_streams) LOOP
          v_last := v_first + p_counts[i] - 1;
          RETURN QUERY SELECT i, a.status, a.revision, a."position"
            FROM quarry_append(p_streams[i], p_expected[i], p_ids[v_first:v_last], p_types[v_first:v_last],
                               p_data[v_first:v_last], p_metadata[v_first:v_last]) AS a;
          v_first := v_last + 1;
        END LOOP;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION quarry_append_batch(text[], text[], int[], uuid[], text[], jsonb[], jsonb[])`,
    );
  }
}
