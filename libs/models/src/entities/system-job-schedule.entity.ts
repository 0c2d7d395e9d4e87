import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * When a periodic system job (ImportZabbixSettings, HostConfigSyncRefresh, MaintenanceCleanup) runs next:
 * one row per kind, its interval copied from the settings. A scheduler claims a due row under a row lock,
 * creates the job and moves `nextRunAt` on in the same transaction, so each run happens once whatever the
 * number of schedulers.
 */
@Entity('system_job_schedule')
export class SystemJobSchedule {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kind!: string;

  /** Minutes, one of the plugin's interval choices. */
  @Column({ type: 'integer' })
  intervalMinutes!: number;

  @Column({ type: 'timestamptz' })
  nextRunAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastRunAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  lastJobId!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
