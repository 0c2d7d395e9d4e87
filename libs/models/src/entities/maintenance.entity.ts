import { Column, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { HostConfig } from './host-config.entity';
import { HostGroup } from './host-group.entity';
import { ProxyGroup } from './proxy-group.entity';
import { Proxy } from './proxy.entity';

export const MAINTENANCE_STATUSES = ['pending', 'active', 'expired', 'failed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** A maintenance window; its hosts are the union of direct hosts and those of the targeted objects. */
@Entity('maintenance')
export class Maintenance {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
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
}
