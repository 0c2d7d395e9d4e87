import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The schema the reference plugin's documents describe, plus the scheduler's jobs, event log and revisions. */
export class InitialSchema1795970000000 implements MigrationInterface {
  name = 'InitialSchema1795970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "host_group" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "groupid" character varying(255), "last_synced" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_88618d5e63e7d1f527d9b5d68e8" UNIQUE ("name"), CONSTRAINT "PK_e3ac6ae5afd4f5e1ce33e477b0e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "proxy_group" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "proxy_groupid" character varying(255), "failover_delay" character varying(255) NOT NULL DEFAULT '1m', "min_online" smallint NOT NULL DEFAULT '1', "description" text, "last_synced" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_6f081d7bdd0a5c04ea14dd2d951" UNIQUE ("name"), CONSTRAINT "PK_b998b635318e7d52bcc86c1e0ed" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "proxy" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "proxyid" character varying(255), "proxy_groupid" character varying(255), "last_synced" TIMESTAMP WITH TIME ZONE, "description" text, "operating_mode" smallint NOT NULL DEFAULT '0', "local_address" character varying(255) DEFAULT '', "local_port" integer DEFAULT '10051', "allowed_addresses" character varying(255), "address" character varying(255) DEFAULT '127.0.0.1', "port" integer DEFAULT '10051', "tls_connect" smallint NOT NULL DEFAULT '1', "tls_accept" smallint NOT NULL DEFAULT '1', "tls_issuer" character varying(255), "tls_subject" character varying(255), "tls_psk_identity" character varying(255), "tls_psk" character varying(255), "custom_timeouts" boolean NOT NULL DEFAULT false, "timeout_zabbix_agent" character varying(255) DEFAULT '4s', "timeout_simple_check" character varying(255) DEFAULT '4s', "timeout_snmp_agent" character varying(255) DEFAULT '4s', "timeout_external_check" character varying(255) DEFAULT '4s', "timeout_db_monitor" character varying(255) DEFAULT '4s', "timeout_http_agent" character varying(255) DEFAULT '4s', "timeout_ssh_agent" character varying(255) DEFAULT '4s', "timeout_telnet_agent" character varying(255) DEFAULT '4s', "timeout_script" character varying(255) DEFAULT '4s', "timeout_browser" character varying(255) DEFAULT '60s', "proxy_group_id" integer, CONSTRAINT "UQ_5bd22e3fee539350ded2fa5d0e1" UNIQUE ("name"), CONSTRAINT "PK_581edf779fc90b8d2687c658276" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "snmp_interface" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "hostid" character varying(32), "interfaceid" character varying(32), "useip" smallint NOT NULL DEFAULT '1', "main" smallint NOT NULL DEFAULT '1', "interface_object_type" character varying(64), "interface_object_id" integer, "ip_address_id" integer, "ip" character varying(64) NOT NULL DEFAULT '', "dns" character varying(255) NOT NULL DEFAULT '', "type" smallint NOT NULL DEFAULT '2', "port" integer NOT NULL DEFAULT '161', "version" smallint NOT NULL DEFAULT '3', "bulk" smallint NOT NULL DEFAULT '1', "max_repetitions" integer NOT NULL DEFAULT '10', "community" character varying(255) NOT NULL DEFAULT '{$SNMP_COMMUNITY}', "contextname" character varying(255), "securityname" character varying(255) NOT NULL DEFAULT '{$SNMPV3_USER}', "securitylevel" smallint NOT NULL DEFAULT '2', "authprotocol" smallint NOT NULL DEFAULT '1', "authpassphrase" character varying(255) NOT NULL DEFAULT '{$SNMPV3_AUTHPASS}', "privprotocol" smallint NOT NULL DEFAULT '1', "privpassphrase" character varying(255) NOT NULL DEFAULT '{$SNMPV3_PRIVPASS}', "host_config_id" integer, CONSTRAINT "PK_48607930dd3c8176cd5140351b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "template" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "templateid" character varying(255), "last_synced" TIMESTAMP WITH TIME ZONE, "interface_type" smallint NOT NULL DEFAULT '0', CONSTRAINT "UQ_a62147c0d6b868e797061e142a1" UNIQUE ("name"), CONSTRAINT "PK_fbae2ac36bd9b5e1e793b957b7f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "host_config" ("id" SERIAL NOT NULL, "name" character varying(200) NOT NULL, "hostid" character varying(32), "status" smallint NOT NULL DEFAULT '0', "in_sync" boolean NOT NULL DEFAULT false, "last_sync_update" TIMESTAMP WITH TIME ZONE, "monitored_by" smallint NOT NULL DEFAULT '0', "description" text NOT NULL DEFAULT '', "object_type" character varying(64) NOT NULL, "object_id" integer NOT NULL, "desired_state" jsonb, "desired_revision" integer NOT NULL DEFAULT '0', "applied_revision" integer NOT NULL DEFAULT '0', "active_job_id" uuid, "source_updated_at" TIMESTAMP WITH TIME ZONE, "removal_requested_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "proxy_id" integer, "proxy_group_id" integer, CONSTRAINT "UQ_3f14c44042eac38c4842d586d03" UNIQUE ("name"), CONSTRAINT "UQ_bf1487fda0e312a75d7f3573356" UNIQUE ("hostid"), CONSTRAINT "host_config_object" UNIQUE ("object_type", "object_id"), CONSTRAINT "PK_cd5b78aaafd545e67075a36a0f5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agent_interface" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "hostid" character varying(32), "interfaceid" character varying(32), "useip" smallint NOT NULL DEFAULT '1', "main" smallint NOT NULL DEFAULT '1', "interface_object_type" character varying(64), "interface_object_id" integer, "ip_address_id" integer, "ip" character varying(64) NOT NULL DEFAULT '', "dns" character varying(255) NOT NULL DEFAULT '', "type" smallint NOT NULL DEFAULT '1', "port" integer NOT NULL DEFAULT '10050', "host_config_id" integer, CONSTRAINT "PK_3b8d66207aa7ff0f2fc58d2044f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "device_mapping" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "description" text NOT NULL DEFAULT '', "is_default" boolean NOT NULL DEFAULT false, "interface_type" smallint NOT NULL DEFAULT '0', "sites" integer array NOT NULL DEFAULT '{}', "roles" integer array NOT NULL DEFAULT '{}', "platforms" integer array NOT NULL DEFAULT '{}', "proxy_id" integer, "proxy_group_id" integer, CONSTRAINT "UQ_a36529ae9be5d2be6076e3e898e" UNIQUE ("name"), CONSTRAINT "PK_1bd4a5da0f772be6d93fd77ca5f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "device_mapping_one_default" ON "device_mapping" ("is_default") WHERE "is_default"`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_log" ("id" BIGSERIAL NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(255) NOT NULL, "level" character varying(16) NOT NULL DEFAULT 'info', "message" text NOT NULL DEFAULT '', "correlation_id" character varying(128), "job_id" uuid, "host_key" character varying(64), "data" jsonb, "pre_data" jsonb, "post_data" jsonb, "exception" text, CONSTRAINT "PK_d8ccd9b5b44828ea378dd37e691" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3a176457c06db2fba9728ba2ba" ON "event_log" ("correlation_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9c62cbebb1b1bbfd7c8de2849d" ON "event_log" ("job_id") `);
    await queryRunner.query(`CREATE INDEX "event_log_created" ON "event_log" ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "inventory_mapping" ("id" SERIAL NOT NULL, "object_type" character varying(20) NOT NULL, "selection" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "UQ_bbf5a86504e793d2c0c5f2d3587" UNIQUE ("object_type"), CONSTRAINT "PK_f4e105c9e884c5c30228953db67" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "job" ("id" uuid NOT NULL, "kind" character varying(64) NOT NULL, "name" character varying(255) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "host_config_id" integer, "host_key" character varying(64), "revision" integer, "correlation_id" character varying(128) NOT NULL, "username" character varying(150), "subject" character varying(255) NOT NULL, "payload" jsonb NOT NULL, "result" jsonb, "error" text, "attempts" integer NOT NULL DEFAULT '0', "worker" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_98ab1c14ff8d1cf80d18703b92f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c57f4457598a49f6c6347f3990" ON "job" ("host_config_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_e033a3fd9e551778a4e3946228" ON "job" ("host_key") `);
    await queryRunner.query(
      `CREATE INDEX "job_unpublished" ON "job" ("created_at") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "job_status_created" ON "job" ("status", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "maintenance" ("id" SERIAL NOT NULL, "name" character varying(200) NOT NULL, "start_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "disable_data_collection" boolean NOT NULL DEFAULT false, "sites" integer array NOT NULL DEFAULT '{}', "clusters" integer array NOT NULL DEFAULT '{}', "zabbix_id" character varying(50), "status" character varying(16) NOT NULL DEFAULT 'pending', "description" text NOT NULL DEFAULT '', CONSTRAINT "PK_542fb6a28537140d2df95faa52a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "settings" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "ip_assignment_method" character varying(16) NOT NULL DEFAULT 'PRIMARY', "event_log_enabled" boolean NOT NULL DEFAULT false, "auto_validate_importables" boolean NOT NULL DEFAULT false, "auto_validate_quick_add" boolean NOT NULL DEFAULT false, "max_deletions" integer NOT NULL DEFAULT '3', "max_success_notifications" integer NOT NULL DEFAULT '3', "zabbix_import_interval" integer NOT NULL DEFAULT '1440', "host_config_sync_interval" integer NOT NULL DEFAULT '1440', "cutoff_host_config_sync" integer NOT NULL DEFAULT '60', "maintenance_cleanup_interval" integer NOT NULL DEFAULT '1440', "api_endpoint" character varying(255) NOT NULL DEFAULT '', "web_address" character varying(255) NOT NULL DEFAULT '', "version" character varying(32), "connection" boolean NOT NULL DEFAULT false, "last_checked_at" TIMESTAMP WITH TIME ZONE, "delete_setting" character varying(8) NOT NULL DEFAULT 'SOFT', "graveyard" character varying(255) NOT NULL DEFAULT 'graveyard', "graveyard_suffix" character varying(255) NOT NULL DEFAULT '_archived', "exclude_custom_field_name" character varying(255) NOT NULL DEFAULT 'Exclude from Zabbix', "exclude_custom_field_enabled" boolean NOT NULL DEFAULT false, "useip" character varying(8) NOT NULL DEFAULT 'IP', "inventory_mode" character varying(16) NOT NULL DEFAULT 'MANUAL', "monitored_by" character varying(16) NOT NULL DEFAULT 'ZabbixServer', "tls_connect" character varying(16) NOT NULL DEFAULT 'PSK', "tls_accept" character varying(16) NOT NULL DEFAULT 'PSK', "tls_psk_identity" character varying(255), "tls_psk" character varying(255), "agent_port" integer NOT NULL DEFAULT '10050', "snmp_port" integer NOT NULL DEFAULT '161', "snmp_bulk" character varying(3) NOT NULL DEFAULT 'YES', "snmp_max_repetitions" integer NOT NULL DEFAULT '10', "snmp_contextname" character varying(255), "snmp_securityname" character varying(255) NOT NULL DEFAULT '{$SNMPV3_USER}', "snmp_securitylevel" character varying(16) NOT NULL DEFAULT 'authPriv', "snmp_authprotocol" character varying(8) NOT NULL DEFAULT 'SHA1', "snmp_authpassphrase" character varying(255) NOT NULL DEFAULT '{$SNMPV3_AUTHPASS}', "snmp_privprotocol" character varying(8) NOT NULL DEFAULT 'AES128', "snmp_privpassphrase" character varying(255) NOT NULL DEFAULT '{$SNMPV3_PRIVPASS}', "default_tag" character varying(255), "tag_prefix" character varying(255), "tag_name_formatting" character varying(8) NOT NULL DEFAULT 'KEEP', CONSTRAINT "UQ_ca7857276d2a30f4dcfa0e42cd4" UNIQUE ("name"), CONSTRAINT "PK_0669fe20e252eb692bf4d344975" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tag_mapping" ("id" SERIAL NOT NULL, "object_type" character varying(20) NOT NULL, "selection" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "UQ_2a5ebccd9ad8ead6bdbf32250af" UNIQUE ("object_type"), CONSTRAINT "PK_81a05dcc99055e60ea5dd83d936" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "vm_mapping" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "description" text NOT NULL DEFAULT '', "is_default" boolean NOT NULL DEFAULT false, "interface_type" smallint NOT NULL DEFAULT '0', "sites" integer array NOT NULL DEFAULT '{}', "roles" integer array NOT NULL DEFAULT '{}', "platforms" integer array NOT NULL DEFAULT '{}', "proxy_id" integer, "proxy_group_id" integer, CONSTRAINT "UQ_7c11d052c1b9893a604fbfc82aa" UNIQUE ("name"), CONSTRAINT "PK_425ec85d1cda4ce66a3deef829e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "vm_mapping_one_default" ON "vm_mapping" ("is_default") WHERE "is_default"`,
    );
    await queryRunner.query(
      `CREATE TABLE "template_parents" ("template_id" integer NOT NULL, "parent_id" integer NOT NULL, CONSTRAINT "PK_f6c9eaff134c95c1118e96d157b" PRIMARY KEY ("template_id", "parent_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_801aede84ce67d4b9f22cf8914" ON "template_parents" ("template_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_60c8e8fb6b5173bfecfef5140e" ON "template_parents" ("parent_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "template_dependencies" ("template_id" integer NOT NULL, "dependency_id" integer NOT NULL, CONSTRAINT "PK_7ca1163b112ce0308041187da86" PRIMARY KEY ("template_id", "dependency_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8ac230895be4c65af02bbba0ea" ON "template_dependencies" ("template_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9903e5873752726ba7c3bcff5a" ON "template_dependencies" ("dependency_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "host_config_host_groups" ("host_config_id" integer NOT NULL, "host_group_id" integer NOT NULL, CONSTRAINT "PK_8e358a8bae7b6628ade3182c929" PRIMARY KEY ("host_config_id", "host_group_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_869be41426ea42d4d1f9f37d11" ON "host_config_host_groups" ("host_config_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b90f0508d3e41622d397ea4a8d" ON "host_config_host_groups" ("host_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "host_config_templates" ("host_config_id" integer NOT NULL, "template_id" integer NOT NULL, CONSTRAINT "PK_fc11791d561f23d772f8d94b9e9" PRIMARY KEY ("host_config_id", "template_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1b151e3c5344b990c35dea393b" ON "host_config_templates" ("host_config_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1fe5cc95483c17ad01a9cef337" ON "host_config_templates" ("template_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "device_mapping_host_groups" ("device_mapping_id" integer NOT NULL, "host_group_id" integer NOT NULL, CONSTRAINT "PK_e8a3476bb24427f9646e58e7afd" PRIMARY KEY ("device_mapping_id", "host_group_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7b555c1be8ad841668359ee6ab" ON "device_mapping_host_groups" ("device_mapping_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d6a3e4e56f5a641f6a80c014bd" ON "device_mapping_host_groups" ("host_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "device_mapping_templates" ("device_mapping_id" integer NOT NULL, "template_id" integer NOT NULL, CONSTRAINT "PK_a9c8ed0002b3bdee203189527d9" PRIMARY KEY ("device_mapping_id", "template_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5fcfa127232deb4ce54c1b8514" ON "device_mapping_templates" ("device_mapping_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4afc9057595587dd80dcc0a371" ON "device_mapping_templates" ("template_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "maintenance_host_configs" ("maintenance_id" integer NOT NULL, "host_config_id" integer NOT NULL, CONSTRAINT "PK_7d3b124cd19a3e8bcad0d325963" PRIMARY KEY ("maintenance_id", "host_config_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_05b058e43404604847a394f032" ON "maintenance_host_configs" ("maintenance_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e00165645f5f8f756134819541" ON "maintenance_host_configs" ("host_config_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "maintenance_host_groups" ("maintenance_id" integer NOT NULL, "host_group_id" integer NOT NULL, CONSTRAINT "PK_56542f4c1ce25a2c2f8cb910177" PRIMARY KEY ("maintenance_id", "host_group_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c6ea7f8bbd38ff39b296a31cf0" ON "maintenance_host_groups" ("maintenance_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7658c93d5a32daab3b8a2943fb" ON "maintenance_host_groups" ("host_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "maintenance_proxies" ("maintenance_id" integer NOT NULL, "proxy_id" integer NOT NULL, CONSTRAINT "PK_18d92eaf2b547179af1e7cbcbb5" PRIMARY KEY ("maintenance_id", "proxy_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_915d7e2c1d59530fda1458117e" ON "maintenance_proxies" ("maintenance_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_91f52a4f14774c66ac43e69979" ON "maintenance_proxies" ("proxy_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "maintenance_proxy_groups" ("maintenance_id" integer NOT NULL, "proxy_group_id" integer NOT NULL, CONSTRAINT "PK_abf182bfc4721827261d7f642f3" PRIMARY KEY ("maintenance_id", "proxy_group_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e86e264d5a1f550949c211c22d" ON "maintenance_proxy_groups" ("maintenance_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fb81ebd0f9bc2885aeb8ce3ee2" ON "maintenance_proxy_groups" ("proxy_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "vm_mapping_host_groups" ("vm_mapping_id" integer NOT NULL, "host_group_id" integer NOT NULL, CONSTRAINT "PK_94b0043d2c346b0e14635ed74f3" PRIMARY KEY ("vm_mapping_id", "host_group_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_883cac1089366d92d9352ea727" ON "vm_mapping_host_groups" ("vm_mapping_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_47626c2b219285a2d1ea4d6cc7" ON "vm_mapping_host_groups" ("host_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "vm_mapping_templates" ("vm_mapping_id" integer NOT NULL, "template_id" integer NOT NULL, CONSTRAINT "PK_066fdf3f13937ef0e775ea67da6" PRIMARY KEY ("vm_mapping_id", "template_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4430e56fa341c34c8e122b968f" ON "vm_mapping_templates" ("vm_mapping_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_57bd715434d001844133862d52" ON "vm_mapping_templates" ("template_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "proxy" ADD CONSTRAINT "FK_e8ff9a9969fd77c7359f2a54970" FOREIGN KEY ("proxy_group_id") REFERENCES "proxy_group"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "snmp_interface" ADD CONSTRAINT "FK_48cfd71f2741ef473b7e0b37b4c" FOREIGN KEY ("host_config_id") REFERENCES "host_config"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config" ADD CONSTRAINT "FK_fd81d073dbe0bd6b967cf9cfcbd" FOREIGN KEY ("proxy_id") REFERENCES "proxy"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config" ADD CONSTRAINT "FK_081054f2eac9342ab23924b1388" FOREIGN KEY ("proxy_group_id") REFERENCES "proxy_group"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_interface" ADD CONSTRAINT "FK_b09043ae959069d981b4102b2b1" FOREIGN KEY ("host_config_id") REFERENCES "host_config"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping" ADD CONSTRAINT "FK_ed3977951490ac6bb72de15625f" FOREIGN KEY ("proxy_id") REFERENCES "proxy"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping" ADD CONSTRAINT "FK_47151ee11d2765676ed41a0f5f4" FOREIGN KEY ("proxy_group_id") REFERENCES "proxy_group"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping" ADD CONSTRAINT "FK_d9f2b19768db4a504e34106fb1f" FOREIGN KEY ("proxy_id") REFERENCES "proxy"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping" ADD CONSTRAINT "FK_eadbfb614969b24cc5be1641023" FOREIGN KEY ("proxy_group_id") REFERENCES "proxy_group"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_parents" ADD CONSTRAINT "FK_801aede84ce67d4b9f22cf89147" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_parents" ADD CONSTRAINT "FK_60c8e8fb6b5173bfecfef5140ef" FOREIGN KEY ("parent_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_dependencies" ADD CONSTRAINT "FK_8ac230895be4c65af02bbba0ea9" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_dependencies" ADD CONSTRAINT "FK_9903e5873752726ba7c3bcff5a0" FOREIGN KEY ("dependency_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_host_groups" ADD CONSTRAINT "FK_869be41426ea42d4d1f9f37d117" FOREIGN KEY ("host_config_id") REFERENCES "host_config"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_host_groups" ADD CONSTRAINT "FK_b90f0508d3e41622d397ea4a8d2" FOREIGN KEY ("host_group_id") REFERENCES "host_group"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_templates" ADD CONSTRAINT "FK_1b151e3c5344b990c35dea393b7" FOREIGN KEY ("host_config_id") REFERENCES "host_config"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_templates" ADD CONSTRAINT "FK_1fe5cc95483c17ad01a9cef3375" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_host_groups" ADD CONSTRAINT "FK_7b555c1be8ad841668359ee6ab5" FOREIGN KEY ("device_mapping_id") REFERENCES "device_mapping"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_host_groups" ADD CONSTRAINT "FK_d6a3e4e56f5a641f6a80c014bd3" FOREIGN KEY ("host_group_id") REFERENCES "host_group"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_templates" ADD CONSTRAINT "FK_5fcfa127232deb4ce54c1b85145" FOREIGN KEY ("device_mapping_id") REFERENCES "device_mapping"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_templates" ADD CONSTRAINT "FK_4afc9057595587dd80dcc0a371f" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_configs" ADD CONSTRAINT "FK_05b058e43404604847a394f032a" FOREIGN KEY ("maintenance_id") REFERENCES "maintenance"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_configs" ADD CONSTRAINT "FK_e00165645f5f8f7561348195411" FOREIGN KEY ("host_config_id") REFERENCES "host_config"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_groups" ADD CONSTRAINT "FK_c6ea7f8bbd38ff39b296a31cf0e" FOREIGN KEY ("maintenance_id") REFERENCES "maintenance"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_groups" ADD CONSTRAINT "FK_7658c93d5a32daab3b8a2943fb1" FOREIGN KEY ("host_group_id") REFERENCES "host_group"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxies" ADD CONSTRAINT "FK_915d7e2c1d59530fda1458117e9" FOREIGN KEY ("maintenance_id") REFERENCES "maintenance"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxies" ADD CONSTRAINT "FK_91f52a4f14774c66ac43e699799" FOREIGN KEY ("proxy_id") REFERENCES "proxy"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxy_groups" ADD CONSTRAINT "FK_e86e264d5a1f550949c211c22d6" FOREIGN KEY ("maintenance_id") REFERENCES "maintenance"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxy_groups" ADD CONSTRAINT "FK_fb81ebd0f9bc2885aeb8ce3ee2a" FOREIGN KEY ("proxy_group_id") REFERENCES "proxy_group"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_host_groups" ADD CONSTRAINT "FK_883cac1089366d92d9352ea7277" FOREIGN KEY ("vm_mapping_id") REFERENCES "vm_mapping"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_host_groups" ADD CONSTRAINT "FK_47626c2b219285a2d1ea4d6cc79" FOREIGN KEY ("host_group_id") REFERENCES "host_group"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_templates" ADD CONSTRAINT "FK_4430e56fa341c34c8e122b968f3" FOREIGN KEY ("vm_mapping_id") REFERENCES "vm_mapping"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_templates" ADD CONSTRAINT "FK_57bd715434d001844133862d525" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_templates" DROP CONSTRAINT "FK_57bd715434d001844133862d525"`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_templates" DROP CONSTRAINT "FK_4430e56fa341c34c8e122b968f3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_host_groups" DROP CONSTRAINT "FK_47626c2b219285a2d1ea4d6cc79"`,
    );
    await queryRunner.query(
      `ALTER TABLE "vm_mapping_host_groups" DROP CONSTRAINT "FK_883cac1089366d92d9352ea7277"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxy_groups" DROP CONSTRAINT "FK_fb81ebd0f9bc2885aeb8ce3ee2a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxy_groups" DROP CONSTRAINT "FK_e86e264d5a1f550949c211c22d6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxies" DROP CONSTRAINT "FK_91f52a4f14774c66ac43e699799"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_proxies" DROP CONSTRAINT "FK_915d7e2c1d59530fda1458117e9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_groups" DROP CONSTRAINT "FK_7658c93d5a32daab3b8a2943fb1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_groups" DROP CONSTRAINT "FK_c6ea7f8bbd38ff39b296a31cf0e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_configs" DROP CONSTRAINT "FK_e00165645f5f8f7561348195411"`,
    );
    await queryRunner.query(
      `ALTER TABLE "maintenance_host_configs" DROP CONSTRAINT "FK_05b058e43404604847a394f032a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_templates" DROP CONSTRAINT "FK_4afc9057595587dd80dcc0a371f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_templates" DROP CONSTRAINT "FK_5fcfa127232deb4ce54c1b85145"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_host_groups" DROP CONSTRAINT "FK_d6a3e4e56f5a641f6a80c014bd3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_mapping_host_groups" DROP CONSTRAINT "FK_7b555c1be8ad841668359ee6ab5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_templates" DROP CONSTRAINT "FK_1fe5cc95483c17ad01a9cef3375"`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_templates" DROP CONSTRAINT "FK_1b151e3c5344b990c35dea393b7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_host_groups" DROP CONSTRAINT "FK_b90f0508d3e41622d397ea4a8d2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "host_config_host_groups" DROP CONSTRAINT "FK_869be41426ea42d4d1f9f37d117"`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_dependencies" DROP CONSTRAINT "FK_9903e5873752726ba7c3bcff5a0"`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_dependencies" DROP CONSTRAINT "FK_8ac230895be4c65af02bbba0ea9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_parents" DROP CONSTRAINT "FK_60c8e8fb6b5173bfecfef5140ef"`,
    );
    await queryRunner.query(
      `ALTER TABLE "template_parents" DROP CONSTRAINT "FK_801aede84ce67d4b9f22cf89147"`,
    );
    await queryRunner.query(`ALTER TABLE "vm_mapping" DROP CONSTRAINT "FK_eadbfb614969b24cc5be1641023"`);
    await queryRunner.query(`ALTER TABLE "vm_mapping" DROP CONSTRAINT "FK_d9f2b19768db4a504e34106fb1f"`);
    await queryRunner.query(`ALTER TABLE "device_mapping" DROP CONSTRAINT "FK_47151ee11d2765676ed41a0f5f4"`);
    await queryRunner.query(`ALTER TABLE "device_mapping" DROP CONSTRAINT "FK_ed3977951490ac6bb72de15625f"`);
    await queryRunner.query(`ALTER TABLE "agent_interface" DROP CONSTRAINT "FK_b09043ae959069d981b4102b2b1"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP CONSTRAINT "FK_081054f2eac9342ab23924b1388"`);
    await queryRunner.query(`ALTER TABLE "host_config" DROP CONSTRAINT "FK_fd81d073dbe0bd6b967cf9cfcbd"`);
    await queryRunner.query(`ALTER TABLE "snmp_interface" DROP CONSTRAINT "FK_48cfd71f2741ef473b7e0b37b4c"`);
    await queryRunner.query(`ALTER TABLE "proxy" DROP CONSTRAINT "FK_e8ff9a9969fd77c7359f2a54970"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57bd715434d001844133862d52"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4430e56fa341c34c8e122b968f"`);
    await queryRunner.query(`DROP TABLE "vm_mapping_templates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_47626c2b219285a2d1ea4d6cc7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_883cac1089366d92d9352ea727"`);
    await queryRunner.query(`DROP TABLE "vm_mapping_host_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fb81ebd0f9bc2885aeb8ce3ee2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e86e264d5a1f550949c211c22d"`);
    await queryRunner.query(`DROP TABLE "maintenance_proxy_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_91f52a4f14774c66ac43e69979"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_915d7e2c1d59530fda1458117e"`);
    await queryRunner.query(`DROP TABLE "maintenance_proxies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7658c93d5a32daab3b8a2943fb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c6ea7f8bbd38ff39b296a31cf0"`);
    await queryRunner.query(`DROP TABLE "maintenance_host_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e00165645f5f8f756134819541"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_05b058e43404604847a394f032"`);
    await queryRunner.query(`DROP TABLE "maintenance_host_configs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4afc9057595587dd80dcc0a371"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5fcfa127232deb4ce54c1b8514"`);
    await queryRunner.query(`DROP TABLE "device_mapping_templates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6a3e4e56f5a641f6a80c014bd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7b555c1be8ad841668359ee6ab"`);
    await queryRunner.query(`DROP TABLE "device_mapping_host_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1fe5cc95483c17ad01a9cef337"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1b151e3c5344b990c35dea393b"`);
    await queryRunner.query(`DROP TABLE "host_config_templates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b90f0508d3e41622d397ea4a8d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_869be41426ea42d4d1f9f37d11"`);
    await queryRunner.query(`DROP TABLE "host_config_host_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9903e5873752726ba7c3bcff5a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8ac230895be4c65af02bbba0ea"`);
    await queryRunner.query(`DROP TABLE "template_dependencies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60c8e8fb6b5173bfecfef5140e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_801aede84ce67d4b9f22cf8914"`);
    await queryRunner.query(`DROP TABLE "template_parents"`);
    await queryRunner.query(`DROP INDEX "public"."vm_mapping_one_default"`);
    await queryRunner.query(`DROP TABLE "vm_mapping"`);
    await queryRunner.query(`DROP TABLE "tag_mapping"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP TABLE "maintenance"`);
    await queryRunner.query(`DROP INDEX "public"."job_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."job_unpublished"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e033a3fd9e551778a4e3946228"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c57f4457598a49f6c6347f3990"`);
    await queryRunner.query(`DROP TABLE "job"`);
    await queryRunner.query(`DROP TABLE "inventory_mapping"`);
    await queryRunner.query(`DROP INDEX "public"."event_log_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9c62cbebb1b1bbfd7c8de2849d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3a176457c06db2fba9728ba2ba"`);
    await queryRunner.query(`DROP TABLE "event_log"`);
    await queryRunner.query(`DROP INDEX "public"."device_mapping_one_default"`);
    await queryRunner.query(`DROP TABLE "device_mapping"`);
    await queryRunner.query(`DROP TABLE "agent_interface"`);
    await queryRunner.query(`DROP TABLE "host_config"`);
    await queryRunner.query(`DROP TABLE "template"`);
    await queryRunner.query(`DROP TABLE "snmp_interface"`);
    await queryRunner.query(`DROP TABLE "proxy"`);
    await queryRunner.query(`DROP TABLE "proxy_group"`);
    await queryRunner.query(`DROP TABLE "host_group"`);
  }
}
