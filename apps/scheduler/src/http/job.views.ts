import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATUSES, JOB_TRIGGERS, type JobStatus, type JobTrigger } from '@lib/models';
import { type JobPage } from '../system-jobs/job-catalog.service';
import { type RetryStarted } from '../system-jobs/host-job-retry.service';
import { type SystemJobOverview } from '../system-jobs/system-job.service';
import { type JobView } from '../system-jobs/job-view';

/** How far a running system job got. */
export class JobProgressView {
  @ApiProperty()
  done!: number;

  @ApiProperty()
  total!: number;
}

/** A job of any kind as `GET /api/jobs/:id` shows it (never its payload). Checked against JobView. */
export class JobViewSchema implements JobView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'UpdateZabbixHost' })
  kind!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;

  @ApiProperty({ type: Number, nullable: true })
  hostConfigId!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'dcim.device:42' })
  hostKey!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  revision!: number | null;

  @ApiProperty()
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'the NetBox user, or the API token name' })
  username!: string | null;

  @ApiProperty()
  subject!: string;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  result!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: String, nullable: true })
  worker!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt!: Date | null;

  @ApiProperty({ type: Number, nullable: true })
  streamSequence!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  warning!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: Date | null;

  @ApiProperty({ enum: JOB_TRIGGERS, nullable: true })
  trigger!: JobTrigger | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  parameters!: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  retryOfJobId!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  progressDone!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  progressTotal!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  durationMs!: number | null;

  @ApiProperty({ type: JobProgressView, nullable: true })
  progress!: JobProgressView | null;
}

export class JobPageSchema implements JobPage {
  @ApiProperty({ type: [JobViewSchema] })
  jobs!: JobViewSchema[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty()
  offset!: number;
}

export class RetryStartedSchema implements RetryStarted {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the new job; null while the settle window holds it back',
  })
  jobId!: string | null;
}

export class JobStartedSchema {
  @ApiProperty({ format: 'uuid' })
  jobId!: string;
}

export class SystemJobOverviewSchema implements SystemJobOverview {
  @ApiProperty({
    enum: [
      'ImportZabbixSettings',
      'MaintenanceCleanup',
      'SyncHostsNow',
      'HostConfigSyncRefresh',
      'NetboxChangeLogPoll',
    ],
  })
  kind!: SystemJobOverview['kind'];

  @ApiProperty({ description: 'this scheduler has a runner for it' })
  available!: boolean;

  @ApiProperty()
  periodic!: boolean;

  @ApiProperty({ type: Number, nullable: true })
  intervalMinutes!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextRunAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastRunAt!: Date | null;

  @ApiProperty({ type: JobViewSchema, nullable: true })
  lastJob!: JobViewSchema | null;
}

export class SystemJobListSchema {
  @ApiProperty({ type: [SystemJobOverviewSchema] })
  systemJobs!: SystemJobOverviewSchema[];
}
