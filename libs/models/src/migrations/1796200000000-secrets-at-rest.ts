import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { resealSecretsAtRest, secretsAtRestInstalled, SECRET_COLUMNS } from '../secrets-at-rest';

/**
 * Secret columns become text (a sealed value is longer than its secret), and the secrets already stored in
 * clear are sealed when the process has a secrets key (the scheduler always has; it seals what is left at
 * every start too).
 */
export class SecretsAtRest1796200000000 implements MigrationInterface {
  name = 'SecretsAtRest1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of SECRET_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text`);
    }
    if (secretsAtRestInstalled()) {
      await resealSecretsAtRest((sql, parameters) => queryRunner.query(sql, parameters));
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Wide enough for sealed values, which stay sealed.
    for (const [table, column] of SECRET_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE character varying(1024)`);
    }
  }
}
