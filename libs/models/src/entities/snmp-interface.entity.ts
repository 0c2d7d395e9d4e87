import { Column, Entity, ManyToOne, type Relation } from 'typeorm';
import { secretColumn } from '../secrets-at-rest';
import { HostConfig } from './host-config.entity';
import { HostInterfaceBase } from './host-interface.base';
import { InterfaceType } from './zabbix-objects';

/** Choice values as Zabbix stores them. */
export const SnmpSecurityLevel = { noAuthNoPriv: 0, authNoPriv: 1, authPriv: 2 } as const;
export const SnmpAuthProtocol = { MD5: 0, SHA1: 1, SHA224: 2, SHA256: 3, SHA384: 4, SHA512: 5 } as const;
export const SnmpPrivProtocol = { DES: 0, AES128: 1, AES192: 2, AES256: 3, AES192C: 4, AES256C: 5 } as const;

@Entity('snmp_interface')
export class SnmpInterface extends HostInterfaceBase {
  @ManyToOne(() => HostConfig, (hostConfig) => hostConfig.snmpInterfaces, { onDelete: 'CASCADE' })
  hostConfig!: Relation<HostConfig>;

  @Column({ type: 'smallint', default: InterfaceType.Snmp })
  type!: number;

  @Column({ type: 'integer', default: 161 })
  port!: number;

  @Column({ type: 'smallint', default: 3 })
  version!: number;

  @Column({ type: 'smallint', default: 1 })
  bulk!: number;

  @Column({ type: 'integer', default: 10 })
  maxRepetitions!: number;

  /** Secret: sealed at rest, not selected unless asked for. */
  @Column({
    type: 'text',
    default: '{$SNMP_COMMUNITY}',
    select: false,
    transformer: secretColumn('snmp_interface.community'),
  })
  community!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  contextname!: string | null;

  @Column({ type: 'varchar', length: 255, default: '{$SNMPV3_USER}' })
  securityname!: string;

  @Column({ type: 'smallint', default: SnmpSecurityLevel.authPriv })
  securitylevel!: number;

  @Column({ type: 'smallint', default: SnmpAuthProtocol.SHA1 })
  authprotocol!: number;

  /** Secret: sealed at rest, not selected unless asked for. */
  @Column({
    type: 'text',
    default: '{$SNMPV3_AUTHPASS}',
    select: false,
    transformer: secretColumn('snmp_interface.authpassphrase'),
  })
  authpassphrase!: string;

  @Column({ type: 'smallint', default: SnmpPrivProtocol.AES128 })
  privprotocol!: number;

  /** Secret: sealed at rest, not selected unless asked for. */
  @Column({
    type: 'text',
    default: '{$SNMPV3_PRIVPASS}',
    select: false,
    transformer: secretColumn('snmp_interface.privpassphrase'),
  })
  privpassphrase!: string;
}
