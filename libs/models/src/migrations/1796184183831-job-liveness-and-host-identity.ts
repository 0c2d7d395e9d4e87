import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Liveness and identity: where a job message is stored and when the job last showed life (the reaper), a
 * warning on the job, failed jobs in a row per host (retry backoff), and host name collisions with the
 * pattern that names a host whose NetBox name another object already holds in Zabbix.
 */

export class JobLivenessAndHostIdentity1796184183831 implements MigrationInterface {
  name = 'JobLivenessAndHostIdentity1796184183831';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "host_config" ADD "name_collision" text`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "failed_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "job" ADD "stream_sequence" bigint`);
    await queryRunner.query(`ALTER TABLE "job" ADD "last_seen_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "job" ADD "warning" text`);
    await queryRunner.query(
      `ALTER TABLE "settings" ADD "duplicate_name_pattern" character varying(255) NOT NULL DEFAULT '{name}-{type}-{id}'`,
    );
    await queryRunner.query(
      `CREATE INDEX "job_finished_completed" ON "job" ("completed_at") WHERE "status" IN ('completed', 'failed')`,
    );
    await queryRunner.query(
      `CREATE INDEX "job_in_flight_seen" ON "job" ("last_seen_at") WHERE "status" IN ('pending', 'running')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."job_in_flight_seen"`);
    await queryRunner.query(`DROP INDEX "public"."job_finished_completed"`);
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "duplicate_name_pattern"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "warning"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "last_seen_at"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "stream_sequence"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "failed_attempts"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "name_collision"`);
  }
}
