import { type EntityManager } from 'typeorm';
import { HostConfig } from '../entities/host-config.entity';
import { type NetboxHostObjectType } from '../entities/zabbix-objects';

/** Filters of the host config list; each one given narrows it. */
export interface HostConfigFilter {
  /** Part of the Zabbix technical name, any case. */
  readonly name?: string;
  readonly inSync?: boolean;
  /** 0 enabled, 1 disabled (Zabbix host status). */
  readonly status?: number;
  readonly objectType?: NetboxHostObjectType;
  /** In Zabbix (has a host id) or not. */
  readonly inZabbix?: boolean;
  /** With a last error or without. */
  readonly failed?: boolean;
  /** With a job pending or running, or without. */
  readonly jobInFlight?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** Reading host configs for the management API: lists with filters, one with everything it refers to. */
export class HostConfigCatalogRepository {
  constructor(private readonly manager: EntityManager) {}

  /** A page by name (then id), and how many match. */
  async page(filter: HostConfigFilter): Promise<{ items: HostConfig[]; total: number }> {
    const query = this.manager.getRepository(HostConfig).createQueryBuilder('host');
    if (filter.name !== undefined) {
      const pattern = `%${filter.name.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      query.andWhere('host.name ILIKE :pattern', { pattern });
    }
    if (filter.inSync !== undefined) query.andWhere('host.inSync = :inSync', { inSync: filter.inSync });
    if (filter.status !== undefined) query.andWhere('host.status = :status', { status: filter.status });
    if (filter.objectType !== undefined)
      query.andWhere('host.objectType = :objectType', { objectType: filter.objectType });
    if (filter.inZabbix !== undefined)
      query.andWhere(filter.inZabbix ? 'host.hostid IS NOT NULL' : 'host.hostid IS NULL');
    if (filter.failed !== undefined)
      query.andWhere(filter.failed ? 'host.lastError IS NOT NULL' : 'host.lastError IS NULL');
    if (filter.jobInFlight !== undefined)
      query.andWhere(filter.jobInFlight ? 'host.activeJobId IS NOT NULL' : 'host.activeJobId IS NULL');
    const [items, total] = await query
      .orderBy('host.name', 'ASC')
      .addOrderBy('host.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total };
  }

  /** One host config with its groups, templates, proxy, proxy group and interfaces (secrets not selected). */
  async findDetail(id: number): Promise<HostConfig | null> {
    return this.manager.getRepository(HostConfig).findOne({
      where: { id },
      relations: {
        hostGroups: true,
        templates: true,
        proxy: true,
        proxyGroup: true,
        agentInterfaces: true,
        snmpInterfaces: true,
      },
    });
  }

  async findByObject(objectType: NetboxHostObjectType, objectId: number): Promise<HostConfig | null> {
    return this.manager.getRepository(HostConfig).findOneBy({ objectType, objectId });
  }
}
