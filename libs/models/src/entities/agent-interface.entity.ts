import { Column, Entity, ManyToOne, type Relation } from 'typeorm';
import { HostConfig } from './host-config.entity';
import { HostInterfaceBase } from './host-interface.base';
import { InterfaceType } from './zabbix-objects';

@Entity('agent_interface')
export class AgentInterface extends HostInterfaceBase {
  @ManyToOne(() => HostConfig, (hostConfig) => hostConfig.agentInterfaces, { onDelete: 'CASCADE' })
  hostConfig!: Relation<HostConfig>;

  @Column({ type: 'smallint', default: InterfaceType.Agent })
  type!: number;

  @Column({ type: 'integer', default: 10050 })
  port!: number;
}
