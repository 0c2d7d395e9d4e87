import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

/** Body of `POST /api/system-jobs/:kind/run`; each kind takes some of these (see SYSTEM_JOB_PARAMETERS). */
export class RunSystemJobDto {
  /** Report what would change, change nothing (ImportZabbixSettings, MaintenanceCleanup, SyncHostsNow). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  /** ImportZabbixSettings, SyncHostsNow: go ahead even past `max_deletions` removals. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  confirm?: boolean;

  /** SyncHostsNow: send jobs only for hosts whose desired state changed (no check of the others). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  changesOnly?: boolean;

  /** HostConfigSyncRefresh: check host configs not checked for this many minutes. */
  @ApiPropertyOptional({ minimum: 1, maximum: 43200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(43200)
  cutoffMinutes?: number;
}
