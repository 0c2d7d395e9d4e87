import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** HostConfigSyncRefresh: how each host differed from its desired state, and whether drift is repaired. */

export class HostConfigSyncRefresh1796187561252 implements MigrationInterface {
  name = 'HostConfigSyncRefresh1796187561252';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "host_config" ADD "sync_difference" jsonb`);
    await queryRunner.query(`ALTER TABLE "settings" ADD "repair_drift" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "repair_drift"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "sync_difference"`);
  }
}
