import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export const MAINTENANCE_JOB_KINDS = [
  'CreateZabbixMaintenance',
  'UpdateZabbixMaintenance',
  'DeleteZabbixMaintenance',
] as const;
export type MaintenanceJobKind = (typeof MAINTENANCE_JOB_KINDS)[number];

export function isMaintenanceJobKind(kind: string): kind is MaintenanceJobKind {
  return (MAINTENANCE_JOB_KINDS as readonly string[]).includes(kind);
}

/** `maintenance:42`: the bridge's maintenance a job and its result are about (the `hostKey` of its results). */
export const MAINTENANCE_KEY_PATTERN = /^maintenance:\d+$/;

export function maintenanceKey(maintenanceId: number): string {
  return `maintenance:${maintenanceId}`;
}

/** Zabbix stores `active_since`/`active_till` as 32-bit Unix times. */
const MAX_UNIX_TIME = 2_147_483_647;

/**
 * Create, update or delete one Zabbix maintenance. Self-contained: the scheduler has resolved the targets
 * to Zabbix host ids; the writer needs no database. A create or update with no host is refused by the
 * writer (Zabbix cannot hold a maintenance without hosts or groups).
 */
export class MaintenanceJobPayload {
  @IsUUID()
  jobId!: string;

  @IsIn(MAINTENANCE_JOB_KINDS)
  kind!: MaintenanceJobKind;

  /** The bridge's maintenance id: written into the Zabbix description as its identity. */
  @IsInt()
  @Min(1)
  maintenanceId!: number;

  /** Grows with every change of the maintenance: results of older revisions are told apart. */
  @IsInt()
  @Min(1)
  revision!: number;

  /** The Zabbix maintenance id known to the scheduler, if any. */
  @IsOptional()
  @IsString()
  @Matches(/^\d+$/)
  maintenanceid?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name!: string;

  @IsString()
  description!: string;

  /** Unix seconds. */
  @IsInt()
  @Min(0)
  @Max(MAX_UNIX_TIME)
  activeSince!: number;

  @IsInt()
  @Min(0)
  @Max(MAX_UNIX_TIME)
  activeTill!: number;

  @IsBoolean()
  disableDataCollection!: boolean;

  @IsArray()
  @ArrayMaxSize(100_000)
  @Matches(/^\d+$/, { each: true })
  hostids!: string[];
}
