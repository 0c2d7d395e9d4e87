import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How far the scheduler has read NetBox's change log: one row (id 1). The NetboxChangeLogPoll job reads the
 * changes after `lastChangeId`, re-plans what they touch, and moves it on; a scheduler claims a due poll under
 * this row's lock, so one scheduler reads the log at a time however many run.
 */
@Entity('netbox_change_log_cursor')
export class NetboxChangeLogCursor {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  /** The newest change read (a NetBox `ObjectChange` id); null until the first poll placed the cursor. */
  @Column({
    type: 'bigint',
    nullable: true,
    transformer: {
      to: (value: number | null) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  lastChangeId!: number | null;

  /** NetBox's time of that change. */
  @Column({ type: 'timestamptz', nullable: true })
  lastChangeTime!: Date | null;

  /** Where NetBox serves its change log (`api/core/object-changes/` or `api/extras/object-changes/`). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  apiPath!: string | null;

  /** When the last poll was started (the next is due an interval later). */
  @Column({ type: 'timestamptz', nullable: true })
  lastPollAt!: Date | null;

  /** Consecutive polls that found changes no webhook had brought (a warning from the second on). */
  @Column({ type: 'integer', default: 0 })
  missedPollsInARow!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
