import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The hosts of a batched check (HostConfigSyncRefresh: one job for up to 200 hosts) are found by the job
 * their `active_job_id` names, when its results are applied: without an index, a scan of every host config
 * per result batch.
 */
export class HostConfigActiveJobIndex1796210000000 implements MigrationInterface {
  name = 'HostConfigActiveJobIndex1796210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "host_config_active_job" ON "host_config" ("active_job_id") WHERE "active_job_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."host_config_active_job"`);
  }
}
