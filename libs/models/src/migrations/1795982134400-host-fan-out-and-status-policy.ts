import { type MigrationInterface, type QueryRunner } from 'typeorm';
/** Columns that let a NetBox rename re-evaluate the hosts it affects; SNMP version, community and the status policy. */

export class HostFanOutAndStatusPolicy1795982134400 implements MigrationInterface {
  name = 'HostFanOutAndStatusPolicy1795982134400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "host_config" ADD "site_id" integer`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "role_id" integer`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "platform_id" integer`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "cluster_id" integer`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "primary_ip_id" integer`);
    await queryRunner.query(`ALTER TABLE "host_config" ADD "tag_ids" integer array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "settings" ADD "snmp_version" smallint NOT NULL DEFAULT '3'`);
    await queryRunner.query(
      `ALTER TABLE "settings" ADD "snmp_community" character varying(255) NOT NULL DEFAULT '{$SNMP_COMMUNITY}'`,
    );
    await queryRunner.query(`ALTER TABLE "settings" ADD "status_policy" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX "IDX_6daad4f81c6c49c9bb0d38b26e" ON "host_config" ("site_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_911398baac135fc71b66edee6c" ON "host_config" ("role_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_f1c54f379806a50955113b2910" ON "host_config" ("platform_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bba4f30e5600cb38629fd1667d" ON "host_config" ("cluster_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_a00404b9f2f9bd70b7e79e0601" ON "host_config" ("primary_ip_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a00404b9f2f9bd70b7e79e0601"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bba4f30e5600cb38629fd1667d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f1c54f379806a50955113b2910"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_911398baac135fc71b66edee6c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6daad4f81c6c49c9bb0d38b26e"`);
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "status_policy"`);
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "snmp_community"`);
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "snmp_version"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "tag_ids"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "primary_ip_id"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "cluster_id"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "platform_id"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "role_id"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP COLUMN "site_id"`);
  }
}
