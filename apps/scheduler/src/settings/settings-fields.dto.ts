import { ApiProperty } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { INTERVAL_CHOICES } from '../system-jobs/domain/system-job-schedule';
import { IsStatusPolicy } from './status-policy.validator';

const TAG_FORMATS = ['KEEP', 'UPPER', 'LOWER'] as const;
const TLS_MODES = ['NoEncryption', 'PSK', 'CERTIFICATE'] as const;
const SNMP_AUTH = ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512'] as const;
const SNMP_PRIV = ['DES', 'AES128', 'AES192', 'AES256', 'AES192C', 'AES256C'] as const;
const SNMP_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;

/**
 * The settings an operator may change, with the reference plugin's names (camelCase here, snake_case in the
 * table) and choices. Secrets are not among them: see UpdateSettingsDto.
 */
export class SettingsFieldsDto {
  @ApiProperty({ enum: ['MANUAL', 'PRIMARY'], default: 'PRIMARY' })
  @IsIn(['MANUAL', 'PRIMARY'])
  ipAssignmentMethod!: 'MANUAL' | 'PRIMARY';

  @ApiProperty({ default: false })
  @IsBoolean()
  eventLogEnabled!: boolean;

  @ApiProperty({ default: false })
  @IsBoolean()
  autoValidateImportables!: boolean;

  @ApiProperty({ default: false })
  @IsBoolean()
  autoValidateQuickAdd!: boolean;

  @ApiProperty({ default: 3, minimum: 0, description: 'most removals an import or a sync makes unconfirmed' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxDeletions!: number;

  @ApiProperty({ default: 3, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000)
  maxSuccessNotifications!: number;

  @ApiProperty({ enum: INTERVAL_CHOICES, default: 1440, description: 'minutes' })
  @IsIn(INTERVAL_CHOICES)
  zabbixImportInterval!: number;

  @ApiProperty({ enum: INTERVAL_CHOICES, default: 1440, description: 'minutes' })
  @IsIn(INTERVAL_CHOICES)
  hostConfigSyncInterval!: number;

  @ApiProperty({ default: 60, minimum: 1, description: 'minutes' })
  @IsInt()
  @Min(1)
  @Max(43_200)
  cutoffHostConfigSync!: number;

  @ApiProperty({ enum: INTERVAL_CHOICES, default: 1440, description: 'minutes' })
  @IsIn(INTERVAL_CHOICES)
  maintenanceCleanupInterval!: number;

  @ApiProperty({
    default: 60,
    minimum: 0,
    description: "seconds between two reads of NetBox's change log (with NETBOX_URL); 0 turns them off",
  })
  @IsInt()
  @Min(0)
  @Max(86_400)
  netboxChangeLogInterval!: number;

  @ApiProperty({ description: 'Zabbix API URL, as the plugin records it (the bridge calls ZABBIX_URL)' })
  @IsString()
  @MaxLength(255)
  apiEndpoint!: string;

  @ApiProperty({ description: 'Zabbix web interface URL, for links' })
  @IsString()
  @MaxLength(255)
  webAddress!: string;

  @ApiProperty({ enum: ['SOFT', 'HARD'], default: 'SOFT' })
  @IsIn(['SOFT', 'HARD'])
  deleteSetting!: 'SOFT' | 'HARD';

  @ApiProperty({ default: 'graveyard' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  graveyard!: string;

  @ApiProperty({ default: '_archived' })
  @IsString()
  @MaxLength(255)
  graveyardSuffix!: string;

  @ApiProperty({ default: 'Exclude from Zabbix' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  excludeCustomFieldName!: string;

  @ApiProperty({ default: false })
  @IsBoolean()
  excludeCustomFieldEnabled!: boolean;

  @ApiProperty({ enum: ['IP', 'DNS'], default: 'IP' })
  @IsIn(['IP', 'DNS'])
  useip!: 'IP' | 'DNS';

  @ApiProperty({ enum: ['DISABLED', 'MANUAL', 'AUTOMATIC'], default: 'MANUAL' })
  @IsIn(['DISABLED', 'MANUAL', 'AUTOMATIC'])
  inventoryMode!: 'DISABLED' | 'MANUAL' | 'AUTOMATIC';

  @ApiProperty({ enum: ['ZabbixServer', 'Proxy', 'ProxyGroup'], default: 'ZabbixServer' })
  @IsIn(['ZabbixServer', 'Proxy', 'ProxyGroup'])
  monitoredBy!: 'ZabbixServer' | 'Proxy' | 'ProxyGroup';

  @ApiProperty({ enum: TLS_MODES, default: 'PSK' })
  @IsIn(TLS_MODES)
  tlsConnect!: (typeof TLS_MODES)[number];

  @ApiProperty({ enum: TLS_MODES, default: 'PSK' })
  @IsIn(TLS_MODES)
  tlsAccept!: (typeof TLS_MODES)[number];

  @ApiProperty({ type: String, nullable: true })
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  tlsPskIdentity!: string | null;

  @ApiProperty({ default: 10050, minimum: 1, maximum: 65535 })
  @IsInt()
  @Min(1)
  @Max(65535)
  agentPort!: number;

  @ApiProperty({ default: 161, minimum: 1, maximum: 65535 })
  @IsInt()
  @Min(1)
  @Max(65535)
  snmpPort!: number;

  @ApiProperty({ enum: ['YES', 'NO'], default: 'YES' })
  @IsIn(['YES', 'NO'])
  snmpBulk!: 'YES' | 'NO';

  @ApiProperty({ default: 10, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  snmpMaxRepetitions!: number;

  @ApiProperty({ type: String, nullable: true })
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MaxLength(255)
  snmpContextname!: string | null;

  @ApiProperty({ default: '{$SNMPV3_USER}' })
  @IsString()
  @MaxLength(255)
  snmpSecurityname!: string;

  @ApiProperty({ enum: SNMP_LEVELS, default: 'authPriv' })
  @IsIn(SNMP_LEVELS)
  snmpSecuritylevel!: (typeof SNMP_LEVELS)[number];

  @ApiProperty({ enum: SNMP_AUTH, default: 'SHA1' })
  @IsIn(SNMP_AUTH)
  snmpAuthprotocol!: (typeof SNMP_AUTH)[number];

  @ApiProperty({ enum: SNMP_PRIV, default: 'AES128' })
  @IsIn(SNMP_PRIV)
  snmpPrivprotocol!: (typeof SNMP_PRIV)[number];

  @ApiProperty({ enum: [1, 2, 3], default: 3, description: 'SNMP version of the SNMP interfaces made' })
  @IsIn([1, 2, 3])
  snmpVersion!: 1 | 2 | 3;

  @ApiProperty({
    description: 'what a NetBox status does to the host: {"offline": "disable", "decommissioning": "remove"}',
    example: { offline: 'disable' },
    type: 'object',
    additionalProperties: { type: 'string', enum: ['disable', 'remove'] },
  })
  @IsObject()
  @IsStatusPolicy()
  statusPolicy!: Record<string, 'disable' | 'remove'>;

  @ApiProperty({ type: String, nullable: true, description: 'a tag every host gets' })
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  defaultTag!: string | null;

  @ApiProperty({ type: String, nullable: true })
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @MaxLength(255)
  tagPrefix!: string | null;

  @ApiProperty({ enum: TAG_FORMATS, default: 'KEEP' })
  @IsIn(TAG_FORMATS)
  tagNameFormatting!: (typeof TAG_FORMATS)[number];

  @ApiProperty({
    default: '{name}-{type}-{id}',
    description: 'name of a host whose NetBox name another object holds; must contain {id}',
  })
  @IsString()
  @MaxLength(255)
  @Matches(/\{id\}/, { message: 'duplicateNamePattern must contain {id}' })
  duplicateNamePattern!: string;

  @ApiProperty({ default: false, description: 'HostConfigSyncRefresh also repairs the drift it finds' })
  @IsBoolean()
  repairDrift!: boolean;
}
