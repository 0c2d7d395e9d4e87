import {
  Column,
  CreateDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { HostConfig } from './host-config.entity';
import { HostGroup } from './host-group.entity';
import { ProxyGroup } from './proxy-group.entity';
import { Proxy } from './proxy.entity';

export const MAINTENANCE_STATUSES = ['pending', 'active', 'expired', 'failed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/**
 * A maintenance window; its hosts are the union of direct hosts and those of the targeted objects. Every
 * create, update or delete is a job (`lastJobId`, the newest); `status` is `failed` when the last write
 * failed (`lastError`), otherwise pending/active/expired follow from the window when read. Names are unique,
 * as Zabbix requires.
 */
@Entity('maintenance')
export class Maintenance {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  name!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startTime!: Date;

  @Column({ type: 'timestamptz' })
  endTime!: Date;

  @Column({ type: 'boolean', default: false })
  disableDataCollection!: boolean;

  @ManyToMany(() => HostConfig)
  @JoinTable()
  hostConfigs!: HostConfig[];

  /** NetBox site ids. */
  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  sites!: number[];

  @ManyToMany(() => HostGroup)
  @JoinTable()
  hostGroups!: HostGroup[];

  @ManyToMany(() => Proxy)
  @JoinTable()
  proxies!: Proxy[];

  @ManyToMany(() => ProxyGroup)
  @JoinTable()
  proxyGroups!: ProxyGroup[];

  /** NetBox cluster ids. */
  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  clusters!: number[];

  @Column({ type: 'varchar', length: 50, nullable: true })
  zabbixId!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: MaintenanceStatus;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Grows with every change; carried by its jobs. */
  @Column({ type: 'integer', default: 0 })
  revision!: number;

  /** The newest job written for this maintenance; one at a time is in flight. */
  @Column({ type: 'uuid', nullable: true })
  lastJobId!: string | null;

  /** Zabbix's (or the writer's) error of the last write, while `status` is `failed`. */
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** Set by DELETE: the row goes once its delete job succeeds. */
  @Column({ type: 'timestamptz', nullable: true })
  deleteRequestedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
