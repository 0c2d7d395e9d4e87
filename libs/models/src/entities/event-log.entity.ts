import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const EVENT_LOG_LEVELS = ['info', 'warning', 'error'] as const;
export type EventLogLevel = (typeof EVENT_LOG_LEVELS)[number];

/** What the system did and why, for operators: one row per decision or job outcome. */
@Entity('event_log')
@Index('event_log_created', ['createdAt'])
export class EventLog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'info' })
  level!: EventLogLevel;

  @Column({ type: 'text', default: '' })
  message!: string;

  @Index()
  @Column({ type: 'varchar', length: 128, nullable: true })
  correlationId!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  jobId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  hostKey!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  preData!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  postData!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  exception!: string | null;
}
