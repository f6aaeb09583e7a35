import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AppendBatch1795564000000 } from './1795564000000-append-batch';

/**
 * Group commit with atomic groups: quarry_append_groups is
 * quarry_append_batch plus `p_groups`, which gathers consecutive parts into
 * appends that commit together or not at all (a job submission: its credit
 * reservation and its job). A part that fails rolls its group back (a
 * subtransaction, only for groups of two parts or more) and is answered with
 * its own status, its group's other parts with `aborted`; other groups are
 * unaffected, as before.
 */
export class AppendGroups1795565000000 implements MigrationInterface {
  name = 'AppendGroups1795565000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Rows are gathered in arrays and returned after each group: rows already returned would
    // survive the group's rollback.
    await queryRunner.query(`
      CREATE FUNCTION quarry_append_groups(p_streams text[], p_expected text[], p_counts int[], p_groups int[], p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
      RETURNS TABLE(part int, status text, revision bigint, "position" bigint) LANGUAGE plpgsql AS $$
      DECLARE
        v_key bigint;
        v_parts int := cardinality(p_streams);
        v_from int[];
        v_next int := 1;
        v_start int := 1;
        v_end int;
        v_failed int;
        v_status text[];
        v_revision bigint[];
        v_position bigint[];
        r record;
      BEGIN
        FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(v_key);
        END LOOP;
        FOR i IN 1 .. v_parts LOOP
          v_from[i] := v_next;
          v_next := v_next + p_counts[i];
        END LOOP;
        WHILE v_start <= v_parts LOOP
          v_end := v_start;
          WHILE v_end < v_parts AND p_groups[v_end + 1] = p_groups[v_start] LOOP
            v_end := v_end + 1;
          END LOOP;
          v_failed := NULL;
          IF v_end = v_start THEN
            SELECT * INTO r FROM quarry_append(p_streams[v_start], p_expected[v_start],
              p_ids[v_from[v_start]:v_from[v_start] + p_counts[v_start] - 1],
              p_types[v_from[v_start]:v_from[v_start] + p_counts[v_start] - 1],
              p_data[v_from[v_start]:v_from[v_start] + p_counts[v_start] - 1],
              p_metadata[v_from[v_start]:v_from[v_start] + p_counts[v_start] - 1]);
            v_status[v_start] := r.status; v_revision[v_start] := r.revision; v_position[v_start] := r."position";
          ELSE
            BEGIN
              FOR i IN v_start .. v_end LOOP
                SELECT * INTO r FROM quarry_append(p_streams[i], p_expected[i],
                  p_ids[v_from[i]:v_from[i] + p_counts[i] - 1], p_types[v_from[i]:v_from[i] + p_counts[i] - 1],
                  p_data[v_from[i]:v_from[i] + p_counts[i] - 1], p_metadata[v_from[i]:v_from[i] + p_counts[i] - 1]);
                v_status[i] := r.status; v_revision[i] := r.revision; v_position[i] := r."position";
                IF r.status NOT IN ('ok', 'idempotent') THEN
                  v_failed := i;
                  RAISE EXCEPTION USING ERRCODE = 'QG001';
                END IF;
              END LOOP;
            EXCEPTION WHEN SQLSTATE 'QG001' THEN
              NULL;
            END;
          END IF;
          FOR i IN v_start .. v_end LOOP
            part := i;
            IF v_failed IS NULL OR i = v_failed THEN
              status := v_status[i]; revision := v_revision[i]; "position" := v_position[i];
            ELSE
              status := 'aborted'; revision := NULL; "position" := NULL;
            END IF;
            RETURN NEXT;
          END LOOP;
          v_start := v_end + 1;
        END LOOP;
      END $$`);
    await queryRunner.query(
      `DROP FUNCTION quarry_append_batch(text[], text[], int[], uuid[], text[], jsonb[], jsonb[])`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await new AppendBatch1795564000000().up(queryRunner);
    await queryRunner.query(
      `DROP FUNCTION quarry_append_groups(text[], text[], int[], int[], uuid[], text[], jsonb[], jsonb[])`,
    );
  }
}
