import { type MigrationInterface, type QueryRunner } from 'typeorm';
/** The settle window: when a host last changed (and by which request), and a follow-up job held back. */

export class HostSettleWindow1795984906845 implements MigrationInterface {
  name = 'HostSettleWindow1795984906845';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "host_config" ADD "last_change_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "last_correlation_id" character varying(128)`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "dispatch_after" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "deferred_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "host_config_dispatch_due" ON "host_config" ("dispatch_after") WHERE "dispatch_after" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."host_config_dispatch_due"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "deferred_since"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "dispatch_after"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "last_correlation_id"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "last_change_at"`);
  }
}
