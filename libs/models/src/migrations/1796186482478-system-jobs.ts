import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SystemJobs1796186482478 implements MigrationInterface {
  name = 'SystemJobs1796186482478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."job_finished_completed"`);
    await queryRunner.query(
      `CREATE TABLE "system_job_schedule" ("kind" character varying(64) NOT NULL, "interval_minutes" integer NOT NULL, "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_run_at" TIMESTAMP WITH TIME ZONE, "last_job_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d1d8450f97588e012a193d4bb0" PRIMARY KEY ("kind"))`,
    );
    await queryRunner.query(`ALTER TABLE "job" ADD "trigger" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "job" ADD "parameters" jsonb`);
    await queryRunner.query(`ALTER TABLE "job" ADD "retry_of_job_id" uuid`);
    await queryRunner.query(`ALTER TABLE "job" ADD "progress_done" integer`);
    await queryRunner.query(`ALTER TABLE "job" ADD "progress_total" integer`);
    await queryRunner.query(`CREATE INDEX "job_kind_created" ON "job" ("kind", "created_at") `);
    await queryRunner.query(
      `CREATE INDEX "job_finished_at" ON "job" ("completed_at") WHERE "status" IN ('completed', 'failed', 'dead_lettered')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."job_finished_at"`);
    await queryRunner.query(`DROP INDEX "public"."job_kind_created"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "progress_total"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "progress_done"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "retry_of_job_id"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "parameters"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "trigger"`);
    await queryRunner.query(`DROP TABLE "system_job_schedule"`);
    await queryRunner.query(
      `CREATE INDEX "job_finished_completed" ON "job" ("completed_at") WHERE ((status)::text = ANY ((ARRAY['completed'::character varying, 'failed'::character varying])::text[]))`,
    );
  }
}
