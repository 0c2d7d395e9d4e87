import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { HOST_CHECK_JOB_KIND, HOST_CHECK_KEY_PATTERN, HostCheckOutcome } from './host-check-job.dto';
import {
  MAINTENANCE_JOB_KINDS,
  MAINTENANCE_KEY_PATTERN,
  type MaintenanceJobKind,
} from './maintenance-job.dto';
import { HOST_KEY_PATTERN, JOB_KINDS, type JobKind } from './zabbix-job.dto';

/**
 * What a result can be about: a host (`dcim.device:42`), a maintenance (`maintenance:7`) or a batch
 * check (`checks:200`).
 */
const RESULT_KEY_PATTERN = new RegExp(
  [HOST_KEY_PATTERN, MAINTENANCE_KEY_PATTERN, HOST_CHECK_KEY_PATTERN]
    .map((pattern) => pattern.source)
    .join('|'),
);

/**
 * `started` is reported when a writer takes the job, `working` now and then while it holds it (a sign of
 * life for the scheduler's reaper, also while Zabbix is down and the job waits), then `succeeded` or
 * `failed` once.
 */
export const JOB_OUTCOMES = ['started', 'working', 'succeeded', 'failed'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/**
 * `checked`: a compare-only job looked at the host and wrote nothing (see `differences`). `restored`: an
 * archived host brought back from the graveyard to its desired state (same hostid).
 */
export const HOST_OPERATIONS = [
  'created',
  'updated',
  'adopted',
  'restored',
  'archived',
  'deleted',
  'absent',
  'checked',
] as const;
export type HostOperation = (typeof HOST_OPERATIONS)[number];

/** What a writer reports for one job (message id `result:<jobId>:<attempt>:<outcome>[:<n>]`). */
export class JobResultPayload {
  @IsUUID()
  jobId!: string;

  @IsIn([...JOB_KINDS, ...MAINTENANCE_JOB_KINDS, HOST_CHECK_JOB_KIND])
  kind!: JobKind | MaintenanceJobKind | typeof HOST_CHECK_JOB_KIND;

  /** The host key of a host job, `maintenance:<id>` of a maintenance job, `checks:<n>` of a batch check. */
  @Matches(RESULT_KEY_PATTERN)
  hostKey!: string;

  @IsInt()
  @Min(1)
  revision!: number;

  @IsIn(JOB_OUTCOMES)
  outcome!: JobOutcome;

  @IsOptional()
  @IsIn(HOST_OPERATIONS)
  operation?: HostOperation;

  @IsOptional()
  @IsString()
  hostid?: string;

  /** Maintenance jobs: the Zabbix maintenance written (absent after a delete). */
  @IsOptional()
  @IsString()
  maintenanceid?: string;

  /**
   * On `succeeded` upserts: the parts of the Zabbix host that differed from the desired state (`interfaces`,
   * `templates`, … or `missing` when there was no host), before the job wrote them, or, for a compare-only
   * job, left as they are. Empty: the host already was as desired.
   */
  @IsOptional()
  @IsString({ each: true })
  differences?: string[];

  /** On `succeeded` batch checks: how each host compared, in the order of the job's hosts. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => HostCheckOutcome)
  checks?: HostCheckOutcome[];

  @IsOptional()
  @IsString()
  error?: string;

  /**
   * On `failed`: whether trying the job again later can help (attempts ran out on a timeout or an outage)
   * or not (Zabbix rejected the host, or its name belongs to another NetBox object).
   */
  @IsOptional()
  @IsBoolean()
  retryable?: boolean;

  @IsInt()
  @Min(1)
  attempt!: number;

  @IsDateString()
  startedAt!: string;

  @IsDateString()
  finishedAt!: string;

  /** Which writer replica did the work. */
  @IsString()
  worker!: string;
}
