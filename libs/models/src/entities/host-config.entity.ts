import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { type DesiredHost } from '@lib/contracts';
import { AgentInterface } from './agent-interface.entity';
import { HostGroup } from './host-group.entity';
import { ProxyGroup } from './proxy-group.entity';
import { Proxy } from './proxy.entity';
import { SnmpInterface } from './snmp-interface.entity';
import { Template } from './template.entity';
import { DESIRED_STATE_AT_REST } from '../secrets-at-rest';
import { HostStatus, MonitoredByValue, type NetboxHostObjectType } from './zabbix-objects';

/**
 * The Zabbix host a NetBox device or VM should be. Besides the plugin's fields it keeps the desired state
 * the scheduler computed and two revisions: `desiredRevision` grows with every change, `appliedRevision` is
 * the last one a writer confirmed. A job is in flight while `activeJobId` is set; changes arriving meanwhile
 * only raise `desiredRevision`, and one follow-up job carries the latest state when the running one ends.
 */
@Entity('host_config')
@Unique('host_config_object', ['objectType', 'objectId'])
export class HostConfig {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 32, nullable: true, unique: true })
  hostid!: string | null;

  @Column({ type: 'smallint', default: HostStatus.Enabled })
  status!: number;

  @Column({ type: 'boolean', default: false })
  inSync!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastSyncUpdate!: Date | null;

  @ManyToMany(() => HostGroup)
  @JoinTable()
  hostGroups!: HostGroup[];

  @ManyToMany(() => Template)
  @JoinTable()
  templates!: Template[];

  @Column({ type: 'smallint', default: MonitoredByValue.ZabbixServer })
  monitoredBy!: number;

  @ManyToOne(() => Proxy, { nullable: true, onDelete: 'SET NULL' })
  proxy!: Proxy | null;

  @ManyToOne(() => ProxyGroup, { nullable: true, onDelete: 'SET NULL' })
  proxyGroup!: ProxyGroup | null;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** `dcim.device` or `virtualization.virtualmachine`. */
  @Column({ type: 'varchar', length: 64 })
  objectType!: NetboxHostObjectType;

  @Column({ type: 'integer' })
  objectId!: number;

  /** NetBox ids the desired host was built from, so a rename of any of them re-evaluates this host. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  siteId!: number | null;

  @Index()
  @Column({ type: 'integer', nullable: true })
  roleId!: number | null;

  @Index()
  @Column({ type: 'integer', nullable: true })
  platformId!: number | null;

  @Index()
  @Column({ type: 'integer', nullable: true })
  clusterId!: number | null;

  @Index()
  @Column({ type: 'integer', nullable: true })
  primaryIpId!: number | null;

  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  tagIds!: number[];

  @OneToMany(() => AgentInterface, (agentInterface) => agentInterface.hostConfig, { cascade: true })
  agentInterfaces!: AgentInterface[];

  @OneToMany(() => SnmpInterface, (snmpInterface) => snmpInterface.hostConfig, { cascade: true })
  snmpInterfaces!: SnmpInterface[];

  /**
   * In clear in memory; in the row its secrets (PSK, SNMP community and passphrases) are sealed under
   * `sealedSecrets`. Show it through `withoutHostSecrets`.
   */
  @Column({ type: 'jsonb', nullable: true, transformer: DESIRED_STATE_AT_REST })
  desiredState!: DesiredHost | null;

  @Column({ type: 'integer', default: 0 })
  desiredRevision!: number;

  @Column({ type: 'integer', default: 0 })
  appliedRevision!: number;

  /** Indexed where set: a batched check's results find their hosts by the job they point at. */
  @Index('host_config_active_job', { where: '"active_job_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  activeJobId!: string | null;

  /** NetBox's `last_updated` of the object state the desired host was built from: older events are ignored. */
  @Column({ type: 'timestamptz', nullable: true })
  sourceUpdatedAt!: Date | null;

  /** When the desired state last changed, and the NetBox request that changed it. */
  @Column({ type: 'timestamptz', nullable: true })
  lastChangeAt!: Date | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  lastCorrelationId!: string | null;

  /**
   * A follow-up job held back while edits to this host keep coming (the settle window): it is sent at this
   * time unless a newer edit pushes it later, and no later than `deferredSince` + the maximum wait.
   */
  @Index('host_config_dispatch_due', { where: '"dispatch_after" IS NOT NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  dispatchAfter!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deferredSince!: Date | null;

  /** Set when NetBox deleted (or excluded) the object: the next job removes the host. */
  @Column({ type: 'timestamptz', nullable: true })
  removalRequestedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /**
   * Set while the NetBox name is held in Zabbix by another object, so this host carries the name from the
   * settings' duplicate name pattern: says who holds it. Copied onto every job of the host as a warning.
   */
  @Column({ type: 'text', nullable: true })
  nameCollision!: string | null;

  /**
   * How the Zabbix host differed from the desired state when last checked or written (`interfaces`,
   * `templates`, …; `missing`: no host). Empty when it matched; null before any check.
   */
  @Column({ type: 'jsonb', nullable: true })
  syncDifference!: string[] | null;

  /** Jobs that failed in a row since the last success: drives the retry backoff and its limit. */
  @Column({ type: 'integer', default: 0 })
  failedAttempts!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
