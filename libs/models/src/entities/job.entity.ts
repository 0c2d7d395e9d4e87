import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** PostgreSQL returns bigint as a string; stream sequences stay far below 2^53. */
const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'dead_lettered'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses of a job that will not change any more. */
export const FINISHED_JOB_STATUSES = ['completed', 'failed', 'dead_lettered'] as const;

/**
 * What started a job: a NetBox change (host jobs), the schedule, an API request, or a retry of an earlier
 * job. Null on rows written before it was recorded.
 */
export const JOB_TRIGGERS = ['event', 'schedule', 'api', 'retry', 'settings'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/**
 * One unit of work for Zabbix, from the scheduler's decision to the writer's result. The row is written
 * before the job message is published (an outbox): a job stored but not yet published is published again.
 */
@Entity('job')
@Index('job_status_created', ['status', 'createdAt'])
@Index('job_unpublished', ['createdAt'], { where: '"published_at" IS NULL' })
@Index('job_in_flight_seen', ['lastSeenAt'], { where: `"status" IN ('pending', 'running')` })
@Index('job_finished_at', ['completedAt'], {
  where: `"status" IN ('completed', 'failed', 'dead_lettered')`,
})
@Index('job_kind_created', ['kind', 'createdAt'])
export class Job {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** CreateZabbixHost, UpdateZabbixHost, DeleteZabbixHost, … */
  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: JobStatus;

  @Index()
  @Column({ type: 'integer', nullable: true })
  hostConfigId!: number | null;

  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  hostKey!: string | null;

  @Column({ type: 'integer', nullable: true })
  revision!: number | null;

  @Column({ type: 'varchar', length: 128 })
  correlationId!: string;

  /** The NetBox user whose change caused the job, when known. */
  @Column({ type: 'varchar', length: 150, nullable: true })
  username!: string | null;

  /** NATS subject and message payload, kept so an unpublished job can be published again. */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  worker!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** Where JetStream stored the job message, so a reaped job's message can be removed from the queue. */
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  streamSequence!: number | null;

  /** The last sign of life: published, started, or a writer's heartbeat. The reaper works from it. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  /** Something the operator should know that did not fail the job (a host name collision, say). */
  @Column({ type: 'text', nullable: true })
  warning!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** What started it (see JOB_TRIGGERS). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  trigger!: JobTrigger | null;

  /** A system job's run options (`{ "dryRun": true }`); never secrets. Null for host jobs. */
  @Column({ type: 'jsonb', nullable: true })
  parameters!: Record<string, unknown> | null;

  /** The failed job this one retries. */
  @Column({ type: 'uuid', nullable: true })
  retryOfJobId!: string | null;

  /** How far a running system job got: `progressDone` of `progressTotal` steps. */
  @Column({ type: 'integer', nullable: true })
  progressDone!: number | null;

  @Column({ type: 'integer', nullable: true })
  progressTotal!: number | null;
}
