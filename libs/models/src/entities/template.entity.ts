import { Column, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { InterfaceType, type InterfaceTypeValue } from './zabbix-objects';

/** A Zabbix template, cached from Zabbix. */
@Entity('template')
export class Template {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  templateid!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSynced!: Date | null;

  /** The interface a host needs for this template: 0 any, 1 agent, 2 SNMP. */
  @Column({ type: 'smallint', default: InterfaceType.Any })
  interfaceType!: InterfaceTypeValue;

  @ManyToMany(() => Template)
  @JoinTable({
    name: 'template_parents',
    joinColumn: { name: 'template_id' },
    inverseJoinColumn: { name: 'parent_id' },
  })
  parents!: Template[];

  @ManyToMany(() => Template)
  @JoinTable({
    name: 'template_dependencies',
    joinColumn: { name: 'template_id' },
    inverseJoinColumn: { name: 'dependency_id' },
  })
  dependencies!: Template[];
}
