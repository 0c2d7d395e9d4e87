import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { secretColumn } from '../secrets-at-rest';

/** Intervals in minutes (the plugin's choices: 1, 5, 15, 30, 60, 120 … 720, 1440, 10080, 43200). */
export const Interval = { Minutely: 1, Hourly: 60, Daily: 1440, Weekly: 10080 } as const;

/**
 * The one settings row, with the reference plugin's fields and defaults. Choice fields are stored as the
 * plugin names them (`PRIMARY`, `SOFT`, `authPriv`, …). The Zabbix API token is not stored here: it is a
 * writer secret, read from the environment.
 */
@Entity('settings')
export class Settings {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 16, default: 'PRIMARY' })
  ipAssignmentMethod!: 'MANUAL' | 'PRIMARY';

  @Column({ type: 'boolean', default: false })
  eventLogEnabled!: boolean;

  @Column({ type: 'boolean', default: false })
  autoValidateImportables!: boolean;

  @Column({ type: 'boolean', default: false })
  autoValidateQuickAdd!: boolean;

  @Column({ type: 'integer', default: 3 })
  maxDeletions!: number;

  @Column({ type: 'integer', default: 3 })
  maxSuccessNotifications!: number;

  @Column({ type: 'integer', default: Interval.Daily })
  zabbixImportInterval!: number;

  @Column({ type: 'integer', default: Interval.Daily })
  hostConfigSyncInterval!: number;

  @Column({ type: 'integer', default: 60 })
  cutoffHostConfigSync!: number;

  @Column({ type: 'integer', default: Interval.Daily })
  maintenanceCleanupInterval!: number;

  /**
   * Seconds between two reads of NetBox's change log (with NETBOX_URL): the safety net for lost webhooks.
   * 0 turns it off. An extension of the plugin's fields.
   */
  @Column({ type: 'integer', default: 60 })
  netboxChangeLogInterval!: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  apiEndpoint!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  webAddress!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  version!: string | null;

  @Column({ type: 'boolean', default: false })
  connection!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastCheckedAt!: Date | null;

  @Column({ type: 'varchar', length: 8, default: 'SOFT' })
  deleteSetting!: 'SOFT' | 'HARD';

  @Column({ type: 'varchar', length: 255, default: 'graveyard' })
  graveyard!: string;

  @Column({ type: 'varchar', length: 255, default: '_archived' })
  graveyardSuffix!: string;

  @Column({ type: 'varchar', length: 255, default: 'Exclude from Zabbix' })
  excludeCustomFieldName!: string;

  @Column({ type: 'boolean', default: false })
  excludeCustomFieldEnabled!: boolean;

  @Column({ type: 'varchar', length: 8, default: 'IP' })
  useip!: 'IP' | 'DNS';

  @Column({ type: 'varchar', length: 16, default: 'MANUAL' })
  inventoryMode!: 'DISABLED' | 'MANUAL' | 'AUTOMATIC';

  @Column({ type: 'varchar', length: 16, default: 'ZabbixServer' })
  monitoredBy!: 'ZabbixServer' | 'Proxy' | 'ProxyGroup';

  @Column({ type: 'varchar', length: 16, default: 'PSK' })
  tlsConnect!: 'NoEncryption' | 'PSK' | 'CERTIFICATE';

  @Column({ type: 'varchar', length: 16, default: 'PSK' })
  tlsAccept!: 'NoEncryption' | 'PSK' | 'CERTIFICATE';

  @Column({ type: 'varchar', length: 255, nullable: true })
  tlsPskIdentity!: string | null;

  /** Secret: sealed at rest, not selected unless asked for (`addSelect`), never returned by the API. */
  @Column({ type: 'text', nullable: true, select: false, transformer: secretColumn('settings.tls_psk') })
  tlsPsk!: string | null;

  @Column({ type: 'integer', default: 10050 })
  agentPort!: number;

  @Column({ type: 'integer', default: 161 })
  snmpPort!: number;

  @Column({ type: 'varchar', length: 3, default: 'YES' })
  snmpBulk!: 'YES' | 'NO';

  @Column({ type: 'integer', default: 10 })
  snmpMaxRepetitions!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  snmpContextname!: string | null;

  @Column({ type: 'varchar', length: 255, default: '{$SNMPV3_USER}' })
  snmpSecurityname!: string;

  @Column({ type: 'varchar', length: 16, default: 'authPriv' })
  snmpSecuritylevel!: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

  @Column({ type: 'varchar', length: 8, default: 'SHA1' })
  snmpAuthprotocol!: 'MD5' | 'SHA1' | 'SHA224' | 'SHA256' | 'SHA384' | 'SHA512';

  /** Secret, like `tlsPsk`. */
  @Column({
    type: 'text',
    default: '{$SNMPV3_AUTHPASS}',
    select: false,
    transformer: secretColumn('settings.snmp_authpassphrase'),
  })
  snmpAuthpassphrase!: string;

  @Column({ type: 'varchar', length: 8, default: 'AES128' })
  snmpPrivprotocol!: 'DES' | 'AES128' | 'AES192' | 'AES256' | 'AES192C' | 'AES256C';

  /** Secret, like `tlsPsk`. */
  @Column({
    type: 'text',
    default: '{$SNMPV3_PRIVPASS}',
    select: false,
    transformer: secretColumn('settings.snmp_privpassphrase'),
  })
  snmpPrivpassphrase!: string;

  /** SNMP version of SNMP interfaces this bridge creates: 1, 2 (v2c) or 3. An extension of the plugin's fields. */
  @Column({ type: 'smallint', default: 3 })
  snmpVersion!: 1 | 2 | 3;

  /** SNMPv1/v2c community; a user macro by default so the secret stays in Zabbix. Secret, like `tlsPsk`. */
  @Column({
    type: 'text',
    default: '{$SNMP_COMMUNITY}',
    select: false,
    transformer: secretColumn('settings.snmp_community'),
  })
  snmpCommunity!: string;

  /**
   * What a NetBox status does to the Zabbix host: `{"offline": "disable", "decommissioning": "remove"}`.
   * Statuses not listed are monitored and enabled, as the reference plugin does.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  statusPolicy!: Record<string, 'disable' | 'remove'>;

  @Column({ type: 'varchar', length: 255, nullable: true })
  defaultTag!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  tagPrefix!: string | null;

  @Column({ type: 'varchar', length: 8, default: 'KEEP' })
  tagNameFormatting!: 'KEEP' | 'UPPER' | 'LOWER';

  /**
   * The Zabbix name of a host whose NetBox name another object already holds there (NetBox allows two
   * devices of one name at different sites, and a device and a VM of one name). Placeholders: `{name}`,
   * `{type}` (`device` or `vm`), `{id}` (the NetBox id) and `{site}`. It must contain `{id}`, so the
   * result is unique.
   */
  @Column({ type: 'varchar', length: 255, default: '{name}-{type}-{id}' })
  duplicateNamePattern!: string;

  /**
   * Fingerprint of the mappings and settings that shape desired hosts, as last re-planned: when they change,
   * one scheduler re-plans every host (SyncHostsNow, changes only) and records the new fingerprint.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  rulesFingerprint!: string | null;

  /**
   * HostConfigSyncRefresh: false (the plugin's behaviour) only records which hosts drifted in Zabbix and
   * how; true also repairs them, through the same batched path as any change.
   */
  @Column({ type: 'boolean', default: false })
  repairDrift!: boolean;
}
