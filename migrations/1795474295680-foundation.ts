import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event log, its append function and immutability, and the checkpoint tables. */
export class Foundation1795474295680 implements MigrationInterface {
  name = 'Foundation1795474295680';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "events" ("position" bigint NOT NULL, "event_id" uuid NOT NULL, "stream_id" text NOT NULL, "revision" bigint NOT NULL, "type" text NOT NULL, "data" jsonb NOT NULL, "metadata" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "events_stream_revision_key" UNIQUE ("stream_id", "revision"), CONSTRAINT "events_event_id_key" UNIQUE ("event_id"), CONSTRAINT "events_pkey" PRIMARY KEY ("position"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "events_type_position_idx" ON "events" ("type", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "streams" ("stream_id" text NOT NULL, "revision" bigint NOT NULL, CONSTRAINT "streams_pkey" PRIMARY KEY ("stream_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "process_manager_checkpoints" ("name" text NOT NULL, "position" bigint NOT NULL DEFAULT '-1', "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "process_manager_checkpoints_pkey" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "projection_builds" ("name" text NOT NULL, "generation" integer NOT NULL, "version" integer NOT NULL, "state" text NOT NULL, "position" bigint NOT NULL DEFAULT '-1', "events_applied" bigint NOT NULL DEFAULT '0', "target_position" bigint, "target_events" bigint, "last_error" text, "last_error_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "activated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "projection_builds_pkey" PRIMARY KEY ("name", "generation"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "projection_builds_one_active" ON "projection_builds" ("name") WHERE state = 'active'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "projection_builds_one_building" ON "projection_builds" ("name") WHERE state = 'building'`,
    );

    // Events are facts: once written they never change.
    await queryRunner.query(`
      CREATE FUNCTION quarry_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION quarry_events_immutable()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION quarry_events_immutable()`,
    );

    // One round trip per append: idempotency by event id, the expected-revision
    // check under the stream's lock, then the insert. Positions are
    // (txid << 20) + n so that readers bounded by the oldest running
    // transaction never see a later commit land behind them.
    await queryRunner.query(`
      CREATE FUNCTION quarry_append(p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
      RETURNS TABLE(status text, revision bigint, "position" bigint) LANGUAGE plpgsql AS $$
      DECLARE
        v_count int := cardinality(p_ids);
        v_current bigint;
        v_found boolean;
        v_offset bigint;
        v_base bigint;
        v_matching int;
      BEGIN
        -- A retried append whose first attempt committed: answer as before.
        IF EXISTS (SELECT 1 FROM events e WHERE e.event_id = p_ids[1]) THEN
          SELECT count(*)::int, max(e.revision), max(e."position") INTO v_matching, revision, "position"
            FROM events e WHERE e.event_id = ANY(p_ids) AND e.stream_id = p_stream;
          IF v_matching = v_count THEN
            status := 'idempotent'; RETURN NEXT; RETURN;
          END IF;
          status := 'duplicate_event_id'; revision := NULL; "position" := NULL; RETURN NEXT; RETURN;
        END IF;

        -- Serialize writers of this stream BEFORE anything assigns our
        -- transaction id (an advisory lock does not): ids then follow the
        -- order writers got the stream, so a stream's revisions appear in
        -- global order too.
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
        SELECT s.revision INTO v_current FROM streams s WHERE s.stream_id = p_stream;
        v_found := FOUND;
        IF (p_expected = 'no_stream' AND v_found)
           OR (p_expected = 'stream_exists' AND NOT v_found)
           OR (p_expected NOT IN ('no_stream', 'stream_exists', 'any')
               AND (NOT v_found OR v_current <> p_expected::bigint)) THEN
          status := 'wrong_expected_revision'; revision := v_current; "position" := NULL; RETURN NEXT; RETURN;
        END IF;
        IF v_found THEN
          UPDATE streams s SET revision = v_current + v_count WHERE s.stream_id = p_stream;
        ELSE
          INSERT INTO streams (stream_id, revision) VALUES (p_stream, v_count - 1);
          v_current := -1;
        END IF;

        v_offset := coalesce(nullif(current_setting('quarry.append_offset', true), ''), '0')::bigint;
        IF v_offset + v_count > 1048575 THEN
          RAISE EXCEPTION 'too many events in one transaction (max 1048575)';
        END IF;
        PERFORM set_config('quarry.append_offset', (v_offset + v_count)::text, true);
        v_base := (pg_current_xact_id()::text::bigint << 20) + v_offset;

        INSERT INTO events ("position", event_id, stream_id, revision, type, data, metadata, created_at)
        SELECT v_base + i, p_ids[i], p_stream, v_current + i, p_types[i], p_data[i], p_metadata[i], statement_timestamp()
          FROM generate_subscripts(p_ids, 1) AS i;

        status := 'ok'; revision := v_current + v_count; "position" := v_base + v_count;
        RETURN NEXT;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION quarry_append(text, text, uuid[], text[], jsonb[], jsonb[])`,
    );
    await queryRunner.query(`DROP TABLE "projection_builds"`);
    await queryRunner.query(`DROP TABLE "process_manager_checkpoints"`);
    await queryRunner.query(`DROP TABLE "streams"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP FUNCTION quarry_events_immutable()`);
  }
}
