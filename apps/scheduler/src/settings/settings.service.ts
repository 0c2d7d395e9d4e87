import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { splitList } from '@lib/config';
import {
  DeviceMapping,
  HostGroup,
  InventoryMapping,
  Settings,
  TagMapping,
  Template,
  VmMapping,
  type MappingBase,
  type MappingObjectType,
  type NetboxHostObjectType,
} from '@lib/models';
import { hostPolicyOf, type FieldMappings, type HostPolicy } from '../hosts/domain/desired-host';
import { type MappingRule } from '../hosts/domain/mapping-resolution';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';

export const SETTINGS_NAME = 'default';

export interface HostRules {
  readonly settings: Settings;
  readonly policy: HostPolicy;
  readonly mappings: readonly MappingRule[];
  readonly fieldMappings: FieldMappings;
}

/** Inserts rows by name, leaving existing ones alone. */
export async function insertNames(
  manager: EntityManager,
  entity: typeof HostGroup | typeof Template,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(names.map((name) => ({ name })))
    .orIgnore()
    .execute();
}

function mappingObjectType(objectType: NetboxHostObjectType): MappingObjectType {
  return objectType === 'dcim.device' ? 'device' : 'virtualmachine';
}

function toRule(mapping: MappingBase): MappingRule {
  return {
    id: mapping.id,
    name: mapping.name,
    isDefault: mapping.isDefault,
    interfaceType: mapping.interfaceType,
    sites: mapping.sites,
    roles: mapping.roles,
    platforms: mapping.platforms,
    hostGroups: mapping.hostGroups.map((group) => group.name).sort(),
    templates: mapping.templates.map((template) => template.name).sort(),
    proxy: mapping.proxy?.name ?? null,
    proxyGroup: mapping.proxyGroup?.name ?? null,
  };
}

/**
 * Settings, mappings and field mappings as the host rules need them, cached for a few seconds: every
 * NetBox event reads them. On first start it creates the settings row and the default device and VM
 * mappings from configuration, so a webhook posted right after start becomes a Zabbix host.
 */
@Injectable()
export class SettingsService implements OnModuleInit {
  private readonly logger = new Logger(SettingsService.name);
  private readonly cache = new Map<NetboxHostObjectType, { rules: HostRules; expires: number }>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ensureDefaults();
  }

  invalidate(): void {
    this.cache.clear();
  }

  async rulesFor(objectType: NetboxHostObjectType, now = Date.now()): Promise<HostRules> {
    const cached = this.cache.get(objectType);
    if (cached && cached.expires > now) return cached.rules;
    const rules = await this.loadRules(objectType);
    this.cache.set(objectType, { rules, expires: now + this.config.SETTINGS_CACHE_MS });
    return rules;
  }

  async settings(): Promise<Settings> {
    return (await this.rulesFor('dcim.device')).settings;
  }

  private async loadRules(objectType: NetboxHostObjectType): Promise<HostRules> {
    const settings = await this.dataSource
      .getRepository(Settings)
      .createQueryBuilder('settings')
      // The secrets, which a plain read leaves out: the host rules need them, the API never shows them.
      .addSelect([
        'settings.tlsPsk',
        'settings.snmpCommunity',
        'settings.snmpAuthpassphrase',
        'settings.snmpPrivpassphrase',
      ])
      .where('settings.name = :name', { name: SETTINGS_NAME })
      .getOneOrFail();
    const mappingEntity = objectType === 'dcim.device' ? DeviceMapping : VmMapping;
    const mappings = await this.dataSource.getRepository<MappingBase>(mappingEntity).find({
      relations: { hostGroups: true, templates: true, proxy: true, proxyGroup: true },
      order: { id: 'ASC' },
    });
    const kind = mappingObjectType(objectType);
    const tagMapping = await this.dataSource.getRepository(TagMapping).findOneBy({ objectType: kind });
    const inventoryMapping = await this.dataSource
      .getRepository(InventoryMapping)
      .findOneBy({ objectType: kind });
    return {
      settings,
      policy: hostPolicyOf(settings),
      mappings: mappings.map(toRule),
      fieldMappings: { tags: tagMapping?.selection ?? [], inventory: inventoryMapping?.selection ?? [] },
    };
  }

  private async ensureDefaults(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Settings)
        .values({ name: SETTINGS_NAME })
        .orIgnore()
        .execute();
      const defaults: [typeof DeviceMapping | typeof VmMapping, string, string, string][] = [
        [
          DeviceMapping,
          'Default device mapping',
          this.config.DEFAULT_DEVICE_HOST_GROUPS,
          this.config.DEFAULT_DEVICE_TEMPLATES,
        ],
        [
          VmMapping,
          'Default VM mapping',
          this.config.DEFAULT_VM_HOST_GROUPS,
          this.config.DEFAULT_VM_TEMPLATES,
        ],
      ];
      for (const [entity, name, groupList, templateList] of defaults) {
        const repository = manager.getRepository<MappingBase>(entity);
        if (await repository.exists({ where: { isDefault: true } })) continue;
        const groupNames = splitList(groupList);
        const templateNames = splitList(templateList);
        await insertNames(manager, HostGroup, groupNames);
        await insertNames(manager, Template, templateNames);
        const mapping = repository.create({
          name,
          description: 'Created on first start from configuration',
          isDefault: true,
          hostGroups: await manager.getRepository(HostGroup).findBy({ name: In(groupNames) }),
          templates: await manager.getRepository(Template).findBy({ name: In(templateNames) }),
        });
        await repository.save(mapping);
        this.logger.log(
          `created ${name}: groups [${groupNames.join(', ')}], templates [${templateNames.join(', ')}]`,
        );
      }
    });
  }
}
