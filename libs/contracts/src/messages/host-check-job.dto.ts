import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { DesiredHost } from './desired-host.dto';
import { HOST_KEY_PATTERN, SEALED_SECRETS_PATTERN } from './zabbix-job.dto';

/** The job row kind and result kind of a batch of compare-only checks. */
export const HOST_CHECK_JOB_KIND = 'CheckZabbixHosts';

/** Hosts one check message carries, at most (about 2 kB each: well under NATS's 1 MB message limit). */
export const HOST_CHECK_MAX_HOSTS = 250;

/** `checks:200`: what a batch check's result is about (it names no single host). */
export const HOST_CHECK_KEY_PATTERN = /^checks:\d+$/;

export function hostCheckKey(hosts: number): string {
  return `checks:${hosts}`;
}

/** One host a check compares with its desired state. */
export class HostCheckTarget {
  @Matches(HOST_KEY_PATTERN)
  hostKey!: string;

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

  /** The desired host's secrets, sealed for the check's job id, as on HostUpsertJobPayload. */
  @IsOptional()
  @Matches(SEALED_SECRETS_PATTERN)
  sealedSecrets?: string;
}

/**
 * Compare only (HostConfigSyncRefresh), a batch of hosts at once: the writer reads them from Zabbix,
 * reports how each differs from its desired state (`checks` on the result), and writes nothing.
 */
export class HostCheckJobPayload {
  @IsUUID()
  jobId!: string;

  /** What results repeat: a check is never re-planned, only sent again whole, so always 1. */
  @IsInt()
  @Min(1)
  revision!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HOST_CHECK_MAX_HOSTS)
  @ValidateNested({ each: true })
  @Type(() => HostCheckTarget)
  hosts!: HostCheckTarget[];
}

/** How one host of a batch check compared. */
export class HostCheckOutcome {
  @Matches(HOST_KEY_PATTERN)
  hostKey!: string;

  /** The Zabbix host found, absent when there is none (`differences` then says `missing`). */
  @IsOptional()
  @IsString()
  hostid?: string;

  /** What differs from the desired state (`interfaces`, `templates`, … or `missing`); empty: as desired. */
  @IsOptional()
  @IsString({ each: true })
  differences?: string[];

  /** The host could not be compared (it belongs to another NetBox object, …). */
  @IsOptional()
  @IsString()
  error?: string;
}
