import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A Zabbix host group, as cached from Zabbix or created for a mapping. */
@Entity('host_group')
export class HostGroup {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  groupid!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSynced!: Date | null;
}
