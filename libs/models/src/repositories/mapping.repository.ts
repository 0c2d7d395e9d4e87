import { In, type EntityManager } from 'typeorm';
import { DeviceMapping } from '../entities/device-mapping.entity';
import { HostGroup } from '../entities/host-group.entity';
import { InventoryMapping } from '../entities/inventory-mapping.entity';
import { type MappingBase } from '../entities/mapping.base';
import { ProxyGroup } from '../entities/proxy-group.entity';
import { Proxy } from '../entities/proxy.entity';
import { TagMapping } from '../entities/tag-mapping.entity';
import { Template } from '../entities/template.entity';
import { VmMapping } from '../entities/vm-mapping.entity';

/** Which mapping table: devices or virtual machines. */
export type HostMappingKind = 'device' | 'vm';

/** Which field mapping table: tags or inventory. */
export type FieldMappingKind = 'tag' | 'inventory';

const RELATIONS = { hostGroups: true, templates: true, proxy: true, proxyGroup: true } as const;

/** Device and VM mappings with their host groups, templates, proxy and proxy group. */
export class HostMappingRepository {
  constructor(
    private readonly manager: EntityManager,
    private readonly kind: HostMappingKind,
  ) {}

  private get repository() {
    return this.manager.getRepository<MappingBase>(this.kind === 'device' ? DeviceMapping : VmMapping);
  }

  /** A page by id, with relations, and how many there are. */
  async page(limit: number, offset: number): Promise<{ items: MappingBase[]; total: number }> {
    const [items, total] = await this.repository.findAndCount({
      relations: RELATIONS,
      order: { id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  async findById(id: number): Promise<MappingBase | null> {
    return this.repository.findOne({ where: { id }, relations: RELATIONS });
  }

  /** The id of the mapping with this name, if any. */
  async findIdByName(name: string): Promise<number | null> {
    const found = await this.repository.findOne({ select: { id: true }, where: { name } });
    return found?.id ?? null;
  }

  create(fields: Partial<MappingBase>): MappingBase {
    return this.repository.create(fields);
  }

  async save(mapping: MappingBase): Promise<MappingBase> {
    return this.repository.save(mapping);
  }

  async remove(id: number): Promise<void> {
    await this.repository.delete(id);
  }

  async hostGroupsByIds(ids: readonly number[]): Promise<HostGroup[]> {
    if (ids.length === 0) return [];
    return this.manager.getRepository(HostGroup).find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  async templatesByIds(ids: readonly number[]): Promise<Template[]> {
    if (ids.length === 0) return [];
    return this.manager.getRepository(Template).find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
  }

  async proxyById(id: number): Promise<Proxy | null> {
    return this.manager.getRepository(Proxy).findOneBy({ id });
  }

  async proxyGroupById(id: number): Promise<ProxyGroup | null> {
    return this.manager.getRepository(ProxyGroup).findOneBy({ id });
  }
}

/** Tag and inventory mappings: at most one per NetBox object type. */
export class FieldMappingRepository<TMapping extends TagMapping | InventoryMapping> {
  constructor(
    private readonly manager: EntityManager,
    private readonly kind: FieldMappingKind,
  ) {}

  private get repository() {
    return this.manager.getRepository<TagMapping | InventoryMapping>(
      this.kind === 'tag' ? TagMapping : InventoryMapping,
    );
  }

  async page(limit: number, offset: number): Promise<{ items: TMapping[]; total: number }> {
    const [items, total] = await this.repository.findAndCount({
      order: { id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: items as TMapping[], total };
  }

  async findById(id: number): Promise<TMapping | null> {
    return (await this.repository.findOneBy({ id })) as TMapping | null;
  }

  async findIdByObjectType(objectType: string): Promise<number | null> {
    const found = await this.repository.findOne({
      select: { id: true },
      where: { objectType: objectType as never },
    });
    return found?.id ?? null;
  }

  async save(mapping: Partial<TMapping>): Promise<TMapping> {
    return (await this.repository.save(mapping as TagMapping)) as TMapping;
  }

  async remove(id: number): Promise<void> {
    await this.repository.delete(id);
  }
}
