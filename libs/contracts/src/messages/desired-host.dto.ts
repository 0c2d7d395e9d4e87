import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsDefined,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  Matches,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const INTERFACE_KINDS = ['agent', 'snmp'] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];

export const MONITORED_BY = ['server', 'proxy', 'proxy_group'] as const;
export type MonitoredBy = (typeof MONITORED_BY)[number];

export const SNMP_VERSIONS = [1, 2, 3] as const;

export class DesiredSnmpDetails {
  @IsIn(SNMP_VERSIONS)
  version!: 1 | 2 | 3;

  @IsInt()
  @Min(0)
  @Max(1)
  bulk!: 0 | 1;

  @IsInt()
  @Min(1)
  @Max(100)
  maxRepetitions!: number;

  /** SNMPv1/v2c community (a user macro such as `{$SNMP_COMMUNITY}` by default). */
  @IsOptional()
  @IsString()
  community?: string;

  @IsOptional()
  @IsString()
  contextName?: string;

  @IsOptional()
  @IsString()
  securityName?: string;

  @IsOptional()
  @IsIn([0, 1, 2])
  securityLevel?: 0 | 1 | 2;

  @IsOptional()
  @IsIn([0, 1, 2, 3, 4, 5])
  authProtocol?: number;

  @IsOptional()
  @IsString()
  authPassphrase?: string;

  @IsOptional()
  @IsIn([0, 1, 2, 3, 4, 5])
  privProtocol?: number;

  @IsOptional()
  @IsString()
  privPassphrase?: string;
}

export class DesiredInterface {
  @IsIn(INTERFACE_KINDS)
  kind!: InterfaceKind;

  @IsBoolean()
  main!: boolean;

  /** true: connect by IP; false: by DNS name. */
  @IsBoolean()
  useIp!: boolean;

  @IsString()
  ip!: string;

  @IsString()
  dns!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  /** Required for SNMP interfaces, absent for agent ones. */
  @ValidateIf((candidate: DesiredInterface) => candidate.kind === 'snmp' || candidate.snmp !== undefined)
  @IsDefined()
  @ValidateNested()
  @Type(() => DesiredSnmpDetails)
  snmp?: DesiredSnmpDetails;
}

export class DesiredTag {
  @IsString()
  @MinLength(1)
  tag!: string;

  @IsString()
  value!: string;
}

/**
 * A Zabbix host as NetBox says it should be, independent of the Zabbix version. Groups, templates and
 * proxies travel by name: the writer resolves them to ids, so a job needs no database.
 */
export class DesiredHost {
  /** Technical name (`host`): unique in Zabbix. */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  host!: string;

  /** Visible name. */
  @IsString()
  @MaxLength(128)
  name!: string;

  @IsInt()
  @Min(0)
  @Max(1)
  status!: 0 | 1;

  @IsString()
  description!: string;

  /** Zabbix requires every host to be in at least one host group. */
  @IsString({ each: true })
  @ArrayNotEmpty()
  @ArrayUnique()
  groups!: string[];

  @IsString({ each: true })
  @ArrayUnique()
  templates!: string[];

  @ValidateNested({ each: true })
  @Type(() => DesiredInterface)
  interfaces!: DesiredInterface[];

  @ValidateNested({ each: true })
  @Type(() => DesiredTag)
  tags!: DesiredTag[];

  /** -1 disabled, 0 manual, 1 automatic. */
  @IsInt()
  @Min(-1)
  @Max(1)
  inventoryMode!: -1 | 0 | 1;

  @IsObject()
  inventory!: Record<string, string>;

  @IsIn(MONITORED_BY)
  monitoredBy!: MonitoredBy;

  @IsOptional()
  @IsString()
  proxy?: string;

  @IsOptional()
  @IsString()
  proxyGroup?: string;

  /** Zabbix `tls_connect`: 1 no encryption, 2 PSK, 4 certificate. */
  @IsIn([1, 2, 4])
  tlsConnect!: 1 | 2 | 4;

  /** Zabbix `tls_accept`: a bit mask of 1, 2 and 4. */
  @IsInt()
  @Min(1)
  @Max(7)
  tlsAccept!: number;

  @IsOptional()
  @IsString()
  tlsPskIdentity?: string;

  /** At least 32 hexadecimal digits, as Zabbix requires. */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{2}){16,256}$/)
  tlsPsk?: string;
}
