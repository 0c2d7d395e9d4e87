import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The fingerprint of the mappings and settings last re-planned, so a change of them re-plans hosts once. */

export class RulesFingerprint1796187363378 implements MigrationInterface {
  name = 'RulesFingerprint1796187363378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" ADD "rules_fingerprint" character varying(64)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "rules_fingerprint"`);
  }
}
