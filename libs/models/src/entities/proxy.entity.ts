import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { secretColumn } from '../secrets-at-rest';
import { ProxyGroup } from './proxy-group.entity';

export const ProxyOperatingMode = { Active: 0, Passive: 1 } as const;
export const TlsMode = { NoEncryption: 1, Psk: 2, Certificate: 4 } as const;

/** A Zabbix proxy, cached from Zabbix. */
@Entity('proxy')
export class Proxy {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  proxyid!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  proxyGroupid!: string | null;

  @ManyToOne(() => ProxyGroup, { nullable: true, onDelete: 'SET NULL' })
  proxyGroup!: ProxyGroup | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSynced!: Date | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'smallint', default: ProxyOperatingMode.Active })
  operatingMode!: number;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '' })
  localAddress!: string | null;

  @Column({ type: 'integer', nullable: true, default: 10051 })
  localPort!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  allowedAddresses!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '127.0.0.1' })
  address!: string | null;

  @Column({ type: 'integer', nullable: true, default: 10051 })
  port!: number | null;

  @Column({ type: 'smallint', default: TlsMode.NoEncryption })
  tlsConnect!: number;

  @Column({ type: 'smallint', default: TlsMode.NoEncryption })
  tlsAccept!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  tlsIssuer!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  tlsSubject!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  tlsPskIdentity!: string | null;

  /** Secret: sealed at rest, not selected unless asked for, never returned by the API. */
  @Column({ type: 'text', nullable: true, select: false, transformer: secretColumn('proxy.tls_psk') })
  tlsPsk!: string | null;

  @Column({ type: 'boolean', default: false })
  customTimeouts!: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutZabbixAgent!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutSimpleCheck!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutSnmpAgent!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutExternalCheck!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutDbMonitor!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutHttpAgent!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutSshAgent!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutTelnetAgent!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '4s' })
  timeoutScript!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: '60s' })
  timeoutBrowser!: string | null;
}
