import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * NetBox's change log as a cursor (issue 11): the cursor row, the newest webhook received per NetBox object
 * (to count the changes webhooks lost), and the poll interval setting (seconds).
 */
export class NetboxChangeLog1796220000000 implements MigrationInterface {
  name = 'NetboxChangeLog1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "netbox_change_log_cursor" ("id" integer NOT NULL, "last_change_id" bigint, "last_change_time" TIMESTAMP WITH TIME ZONE, "api_path" character varying(64), "last_poll_at" TIMESTAMP WITH TIME ZONE, "missed_polls_in_a_row" integer NOT NULL DEFAULT 0, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_netbox_change_log_cursor" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "netbox_webhook_seen" ("object_type" character varying(64) NOT NULL, "object_id" integer NOT NULL, "event_at" TIMESTAMP WITH TIME ZONE NOT NULL, "request_id" character varying(128), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_netbox_webhook_seen" PRIMARY KEY ("object_type", "object_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "settings" ADD "netbox_change_log_interval" integer NOT NULL DEFAULT 60`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" DROP COLUMN "netbox_change_log_interval"`);
    await queryRunner.query(`DROP TABLE "netbox_webhook_seen"`);
    await queryRunner.query(`DROP TABLE "netbox_change_log_cursor"`);
  }
}
