import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DesiredHost } from './desired-host.dto';

/** `dcim.device:101` or `virtualization.virtualmachine:201`: the NetBox object a Zabbix host stands for. */
export const HOST_KEY_PATTERN = /^(dcim\.device|virtualization\.virtualmachine):\d+$/;

/** A value sealed by the secrets key (SecretBox in @lib/config): `enc:v1:<key id>:<data>`. */
export const SEALED_SECRETS_PATTERN = /^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/;

export const JOB_KINDS = ['CreateZabbixHost', 'UpdateZabbixHost', 'DeleteZabbixHost'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const DELETE_MODES = ['soft', 'hard'] as const;
export type DeleteMode = (typeof DELETE_MODES)[number];

/** Create or update one Zabbix host to the desired state. Self-contained: writers need no database. */
export class HostUpsertJobPayload {
  @IsUUID()
  jobId!: string;

  @IsIn(['CreateZabbixHost', 'UpdateZabbixHost'])
  kind!: 'CreateZabbixHost' | 'UpdateZabbixHost';

  @Matches(HOST_KEY_PATTERN)
  hostKey!: string;

  /** Increases with every change of the desired state: a result for an older revision is stale. */
  @IsInt()
  @Min(1)
  revision!: number;

  /** The Zabbix host id known to the scheduler, if any. */
  @IsOptional()
  @IsString()
  hostid?: string;

  /** The desired host without its secrets (`splitHostSecrets`): those travel in `sealedSecrets`. */
  @ValidateNested()
  @Type(() => DesiredHost)
  desired!: DesiredHost;

  /**
   * The desired host's secrets (HostSecrets as JSON), sealed with the secrets key for this job id
   * (AES-256-GCM, `enc:v1:<key id>:…`): the writer opens them just before the Zabbix call. Absent when the
   * host has none.
   */
  @IsOptional()
  @Matches(SEALED_SECRETS_PATTERN)
  sealedSecrets?: string;

  /**
   * Compare only (HostConfigSyncRefresh): report how the Zabbix host differs from the desired state, and
   * write nothing.
   */
  @IsOptional()
  @IsBoolean()
  checkOnly?: boolean;
}

export class GraveyardSpec {
  @IsString()
  @MinLength(1)
  group!: string;

  @IsString()
  suffix!: string;
}

/** Remove a Zabbix host: archive it to the graveyard (soft) or delete it (hard). */
export class HostDeleteJobPayload {
  @IsUUID()
  jobId!: string;

  @Matches(HOST_KEY_PATTERN)
  hostKey!: string;

  @IsInt()
  @Min(1)
  revision!: number;

  @IsOptional()
  @IsString()
  hostid?: string;

  /** Technical name, used to find the host when no id is known. */
  @IsString()
  @MinLength(1)
  host!: string;

  @IsIn(DELETE_MODES)
  mode!: DeleteMode;

  @ValidateNested()
  @Type(() => GraveyardSpec)
  graveyard!: GraveyardSpec;
}
