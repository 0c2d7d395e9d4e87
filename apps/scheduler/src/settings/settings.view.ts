import { ApiProperty } from '@nestjs/swagger';
import { SettingsFieldsDto } from './settings-fields.dto';

/** The settings as the API shows them: every field but the secrets, and whether each secret is set. */
export class SettingsView extends SettingsFieldsDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ example: 'default' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Zabbix version found by the last connection test',
  })
  version!: string | null;

  @ApiProperty({ description: 'whether the last connection test reached Zabbix and logged in' })
  connection!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastCheckedAt!: Date | null;

  @ApiProperty({ description: 'a TLS PSK is set (the key itself is never returned)' })
  tlsPskSet!: boolean;

  @ApiProperty()
  snmpAuthpassphraseSet!: boolean;

  @ApiProperty()
  snmpPrivpassphraseSet!: boolean;

  @ApiProperty()
  snmpCommunitySet!: boolean;
}

/** The answer of a settings change: the settings, and the re-plan it started (SyncHostsNow), if any. */
export class SettingsChanged {
  @ApiProperty({ type: SettingsView })
  settings!: SettingsView;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'the SyncHostsNow job re-planning the hosts the change affects (null: nothing to re-plan, or no NETBOX_URL)',
  })
  replanJobId!: string | null;
}

/** What a Zabbix connection test found. */
export class ZabbixConnectionView {
  @ApiProperty({ description: 'ZABBIX_URL, the endpoint the bridge calls' })
  url!: string;

  @ApiProperty({ description: 'Zabbix answered apiinfo.version' })
  reachable!: boolean;

  @ApiProperty({ description: 'an authenticated call succeeded with the configured token or user' })
  authenticated!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '7.0.22' })
  version!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'round trip of apiinfo.version, ms' })
  latencyMs!: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  lastCheckedAt!: Date;

  @ApiProperty({ type: String, nullable: true, description: 'why it failed' })
  error!: string | null;
}
