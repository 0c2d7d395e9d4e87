import { type DataSource, In } from 'typeorm';
import { useTestSecretsAtRest } from '@lib/testing';
import {
  createDataSource,
  DeviceMapping,
  HostConfig,
  HostGroup,
  InterfaceType,
  InventoryMapping,
  Job,
  Proxy,
  ProxyGroup,
  Settings,
  TagMapping,
  Template,
  type InterfaceTypeValue,
  type NetboxHostObjectType,
} from '@lib/models';

/** The settings fields the e2e suites change, as the `settings` row names them in TypeORM. */
export type SettingsPatch = Partial<
  Pick<
    Settings,
    | 'agentPort'
    | 'deleteSetting'
    | 'graveyard'
    | 'graveyardSuffix'
    | 'excludeCustomFieldName'
    | 'excludeCustomFieldEnabled'
    | 'statusPolicy'
    | 'inventoryMode'
    | 'defaultTag'
    | 'tagPrefix'
    | 'tagNameFormatting'
    | 'tlsConnect'
    | 'tlsAccept'
    | 'tlsPskIdentity'
    | 'tlsPsk'
    | 'snmpAuthpassphrase'
    | 'snmpPrivpassphrase'
  >
>;

export interface DeviceMappingSpec {
  readonly name: string;
  readonly sites?: readonly number[];
  readonly roles?: readonly number[];
  readonly platforms?: readonly number[];
  readonly interfaceType?: InterfaceTypeValue;
  readonly hostGroups: readonly string[];
  readonly templates: readonly string[];
  /** The name of a proxy row (see `addProxy`). */
  readonly proxy?: string;
  /** The name of a proxy group row (see `addProxyGroup`). */
  readonly proxyGroup?: string;
}

/** A job row as the e2e suites look at it. */
export interface JobRow {
  readonly kind: string;
  readonly status: string;
  readonly error: string | null;
  readonly result: Record<string, unknown> | null;
  readonly warning: string | null;
  readonly worker: string | null;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
}

/**
 * The scheduler's PostgreSQL database as the e2e suites use it: operators' settings and mappings are written
 * here (the scheduler reads them on every event when SETTINGS_CACHE_MS is 0), and job rows and host configs
 * are read back. Opened once the scheduler has created and migrated the database.
 */
export class BridgeDatabase {
  private constructor(private readonly dataSource: DataSource) {}

  static async connect(url: string): Promise<BridgeDatabase> {
    useTestSecretsAtRest();
    const dataSource = createDataSource(url);
    await dataSource.initialize();
    return new BridgeDatabase(dataSource);
  }

  /** Raw SQL: rows as PostgreSQL stores them, not through the entities. */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    return this.dataSource.query<T>(sql, parameters);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async updateSettings(patch: SettingsPatch): Promise<void> {
    await this.dataSource.getRepository(Settings).update({ name: 'default' }, patch);
  }

  /** A device mapping; host groups and templates are referred to by name (rows are added when missing). */
  async addDeviceMapping(spec: DeviceMappingSpec): Promise<number> {
    const repository = this.dataSource.getRepository(DeviceMapping);
    const mapping = repository.create({
      name: spec.name,
      isDefault: false,
      sites: [...(spec.sites ?? [])],
      roles: [...(spec.roles ?? [])],
      platforms: [...(spec.platforms ?? [])],
      interfaceType: spec.interfaceType ?? InterfaceType.Any,
      hostGroups: await this.hostGroups(spec.hostGroups),
      templates: await this.templates(spec.templates),
      proxy: spec.proxy
        ? await this.dataSource.getRepository(Proxy).findOneByOrFail({ name: spec.proxy })
        : null,
      proxyGroup: spec.proxyGroup
        ? await this.dataSource.getRepository(ProxyGroup).findOneByOrFail({ name: spec.proxyGroup })
        : null,
    });
    return (await repository.save(mapping)).id;
  }

  async setDeviceMappingTemplates(mappingId: number, templates: readonly string[]): Promise<void> {
    const repository = this.dataSource.getRepository(DeviceMapping);
    const mapping = await repository.findOneOrFail({
      where: { id: mappingId },
      relations: { templates: true },
    });
    mapping.templates = await this.templates(templates);
    await repository.save(mapping);
  }

  /** A proxy known to the bridge by name (its Zabbix id as cached from Zabbix). */
  async addProxy(name: string, proxyid: string): Promise<void> {
    await this.dataSource.getRepository(Proxy).save({ name, proxyid });
  }

  /** A proxy group known to the bridge by name (its Zabbix id as cached from Zabbix). */
  async addProxyGroup(name: string, proxyGroupid: string): Promise<void> {
    await this.dataSource.getRepository(ProxyGroup).save({ name, proxyGroupid });
  }

  /** Points a device mapping at a proxy or a proxy group (by row name), or at neither (the server). */
  async setDeviceMappingMonitoring(
    mappingId: number,
    by: { readonly proxy?: string; readonly proxyGroup?: string },
  ): Promise<void> {
    const proxy = by.proxy
      ? await this.dataSource.getRepository(Proxy).findOneByOrFail({ name: by.proxy })
      : null;
    const proxyGroup = by.proxyGroup
      ? await this.dataSource.getRepository(ProxyGroup).findOneByOrFail({ name: by.proxyGroup })
      : null;
    await this.dataSource.getRepository(DeviceMapping).update(mappingId, { proxy, proxyGroup });
  }

  /** `[tag name, field path]` pairs for devices; an empty list removes the tag mapping. */
  async setDeviceTagMapping(selection: [string, string][]): Promise<void> {
    await this.dataSource.getRepository(TagMapping).delete({ objectType: 'device' });
    if (selection.length > 0) {
      await this.dataSource.getRepository(TagMapping).save({ objectType: 'device', selection });
    }
  }

  /** `[display name, inventory field, field paths by preference]` for devices; empty removes it. */
  async setDeviceInventoryMapping(selection: [string, string, string[]][]): Promise<void> {
    await this.dataSource.getRepository(InventoryMapping).delete({ objectType: 'device' });
    if (selection.length > 0) {
      await this.dataSource.getRepository(InventoryMapping).save({ objectType: 'device', selection });
    }
  }

  /** The system jobs of a kind (`NetboxChangeLogPoll`), oldest first. */
  async systemJobs(kind: string): Promise<(JobRow & { id: string; correlationId: string })[]> {
    const rows = await this.dataSource
      .getRepository(Job)
      .find({ where: { kind }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ id: row.id, correlationId: row.correlationId, ...jobRow(row) }));
  }

  /** The change log cursor's last change id (null before the first poll). */
  async changeLogCursor(): Promise<number | null> {
    const rows = await this.dataSource.query<{ last_change_id: string | null }[]>(
      `SELECT "last_change_id" FROM "netbox_change_log_cursor" WHERE "id" = 1`,
    );
    const value = rows[0]?.last_change_id ?? null;
    return value === null ? null : Number(value);
  }

  /** Seconds between two reads of NetBox's change log (0: off). */
  async setChangeLogInterval(seconds: number): Promise<void> {
    await this.dataSource.query(`UPDATE "settings" SET "netbox_change_log_interval" = $1`, [seconds]);
  }

  /** The jobs of one host (`dcim.device:101`), oldest first. */
  async jobs(hostKey: string): Promise<JobRow[]> {
    const rows = await this.dataSource.getRepository(Job).find({
      where: { hostKey },
      order: { createdAt: 'ASC' },
    });
    return rows.map(jobRow);
  }

  async hostConfig(objectType: NetboxHostObjectType, objectId: number): Promise<HostConfig | null> {
    return this.dataSource.getRepository(HostConfig).findOneBy({ objectType, objectId });
  }

  /** Every host config counts as not checked for a day (so HostConfigSyncRefresh takes them all). */
  async markAllUnchecked(): Promise<void> {
    await this.dataSource.query(`UPDATE "host_config" SET "last_sync_update" = now() - interval '1 day'`);
  }

  /** True when no job is pending or running and no host config waits for one (in flight or held back). */
  async idle(): Promise<boolean> {
    const unfinished = await this.dataSource
      .getRepository(Job)
      .countBy({ status: In(['pending', 'running']) });
    if (unfinished > 0) return false;
    const waiting = await this.dataSource
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .where('host.activeJobId IS NOT NULL OR host.dispatchAfter IS NOT NULL')
      .getCount();
    return waiting === 0;
  }

  private async hostGroups(names: readonly string[]): Promise<HostGroup[]> {
    if (names.length === 0) return [];
    await this.insertNames(HostGroup, names);
    return this.dataSource.getRepository(HostGroup).findBy({ name: In([...names]) });
  }

  private async templates(names: readonly string[]): Promise<Template[]> {
    if (names.length === 0) return [];
    await this.insertNames(Template, names);
    return this.dataSource.getRepository(Template).findBy({ name: In([...names]) });
  }

  private async insertNames(
    entity: typeof HostGroup | typeof Template,
    names: readonly string[],
  ): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(names.map((name) => ({ name })))
      .orIgnore()
      .execute();
  }
}

/** What the suites read of a job row. */
function jobRow({ kind, status, error, result, warning, worker, startedAt, completedAt }: Job): JobRow {
  return { kind, status, error, result, warning, worker, startedAt, completedAt };
}
