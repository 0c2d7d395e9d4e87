import { Column, PrimaryGeneratedColumn } from 'typeorm';

/** What Agent and SNMP interfaces share. NetBox references are ids; Zabbix ids are filled in by writers. */
export abstract class HostInterfaceBase {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  hostid!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  interfaceid!: string | null;

  /** 0 DNS, 1 IP. */
  @Column({ type: 'smallint', default: 1 })
  useip!: number;

  /** 0 no, 1 yes: at most one main interface per type and host. */
  @Column({ type: 'smallint', default: 1 })
  main!: number;

  /** `dcim.interface` or `virtualization.vminterface`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  interfaceObjectType!: string | null;

  @Column({ type: 'integer', nullable: true })
  interfaceObjectId!: number | null;

  /** NetBox IP address id. */
  @Column({ type: 'integer', nullable: true })
  ipAddressId!: number | null;

  /** The resolved address (without prefix length) and DNS name, as last computed. */
  @Column({ type: 'varchar', length: 64, default: '' })
  ip!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  dns!: string;
}
