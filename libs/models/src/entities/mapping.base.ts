import { Column, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { HostGroup } from './host-group.entity';
import { ProxyGroup } from './proxy-group.entity';
import { Proxy } from './proxy.entity';
import { Template } from './template.entity';
import { InterfaceType, type InterfaceTypeValue } from './zabbix-objects';

/**
 * What a NetBox device or VM becomes in Zabbix. Empty filters match everything; the most specific matching
 * mapping wins and the default mapping catches the rest. Filters hold NetBox ids, which survive renames.
 */
export abstract class MappingBase {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** At most one default mapping per object type (a partial unique index enforces it). */
  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;

  @ManyToMany(() => HostGroup)
  @JoinTable()
  hostGroups!: HostGroup[];

  @ManyToMany(() => Template)
  @JoinTable()
  templates!: Template[];

  @ManyToOne(() => Proxy, { nullable: true, onDelete: 'SET NULL' })
  proxy!: Proxy | null;

  @ManyToOne(() => ProxyGroup, { nullable: true, onDelete: 'SET NULL' })
  proxyGroup!: ProxyGroup | null;

  @Column({ type: 'smallint', default: InterfaceType.Any })
  interfaceType!: InterfaceTypeValue;

  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  sites!: number[];

  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  roles!: number[];

  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  platforms!: number[];
}
