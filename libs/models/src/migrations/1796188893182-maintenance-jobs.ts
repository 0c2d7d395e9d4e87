import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class MaintenanceJobs1796188893182 implements MigrationInterface {
  name = 'MaintenanceJobs1796188893182';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "maintenance" ADD "revision" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "maintenance" ADD "last_job_id" uuid`);
    await queryRunner.query(`ALTER TABLE "maintenance" ADD "last_error" text`);
    await queryRunner.query(`ALTER TABLE "maintenance" ADD "delete_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "maintenance" ADD "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    // Names become unique (Zabbix requires it): a later duplicate gets its id appended.
    await queryRunner.query(
      `UPDATE "maintenance" m SET "name" = left(m."name", 180) || ' (' || m."id" || ')'
       WHERE EXISTS (SELECT 1 FROM "maintenance" o WHERE o."name" = m."name" AND o."id" < m."id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance" ADD CONSTRAINT "UQ_a056195f29a2b0b959470fbef40" UNIQUE ("name")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "maintenance" DROP CONSTRAINT "UQ_a056195f29a2b0b959470fbef40"`);
    await queryRunner.query(`ALTER TABLE "maintenance" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "maintenance" DROP COLUMN "created_at"`);
    await queryRunner.query(`ALTER TABLE "maintenance" DROP COLUMN "delete_requested_at"`);
    await queryRunner.query(`ALTER TABLE "maintenance" DROP COLUMN "last_error"`);
    await queryRunner.query(`ALTER TABLE "maintenance" DROP COLUMN "last_job_id"`);
    await queryRunner.query(`ALTER TABLE "maintenance" DROP COLUMN "revision"`);
  }
}
