import { In, LessThanOrEqual, type EntityManager } from 'typeorm';
import { HostConfig } from '../entities/host-config.entity';
import { HostGroup } from '../entities/host-group.entity';
import { Job } from '../entities/job.entity';
import { Maintenance } from '../entities/maintenance.entity';
import { ProxyGroup } from '../entities/proxy-group.entity';
import { Proxy } from '../entities/proxy.entity';

/** What a maintenance targets: host config ids, NetBox site and cluster ids, host group, proxy, proxy group ids. */
export interface MaintenanceTargetIds {
  readonly hostConfigs: readonly number[];
  readonly sites: readonly number[];
  readonly clusters: readonly number[];
  readonly hostGroups: readonly number[];
  readonly proxies: readonly number[];
  readonly proxyGroups: readonly number[];
}

/** The targets that name rows this database does not have (sites and clusters are NetBox's: not checked). */
export interface UnknownTargetIds {
  readonly hostConfigs: number[];
  readonly hostGroups: number[];
  readonly proxies: number[];
  readonly proxyGroups: number[];
}

/** A maintenance with its target ids (relations as ids only) and the newest job's status and error. */
export interface MaintenanceRecord {
  readonly maintenance: Maintenance;
  readonly targets: MaintenanceTargetIds;
  readonly lastJob: Pick<Job, 'id' | 'status' | 'error'> | null;
}

export class MaintenanceRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * The Zabbix host ids of every host config a maintenance's targets reach, in one statement: directly, by
   * site, cluster, proxy or proxy group of the host config, or through its host groups. Host configs not
   * (yet) in Zabbix have no hostid and are left out.
   */
  async resolveTargetHostids(targets: MaintenanceTargetIds): Promise<string[]> {
    const rows: { hostid: string }[] = await this.manager.query(
      `SELECT DISTINCT hc."hostid" FROM "host_config" hc
       WHERE hc."hostid" IS NOT NULL AND (
         hc."id" = ANY($1::int[]) OR hc."site_id" = ANY($2::int[]) OR hc."cluster_id" = ANY($3::int[])
         OR hc."proxy_id" = ANY($4::int[]) OR hc."proxy_group_id" = ANY($5::int[])
         OR EXISTS (SELECT 1 FROM "host_config_host_groups" g
                    WHERE g."host_config_id" = hc."id" AND g."host_group_id" = ANY($6::int[])))
       ORDER BY hc."hostid"`,
      [
        targets.hostConfigs,
        targets.sites,
        targets.clusters,
        targets.proxies,
        targets.proxyGroups,
        targets.hostGroups,
      ],
    );
    return rows.map((row) => row.hostid);
  }

  async unknownTargetIds(targets: MaintenanceTargetIds): Promise<UnknownTargetIds> {
    const missing = async (
      entity: typeof HostConfig | typeof HostGroup | typeof Proxy | typeof ProxyGroup,
      ids: readonly number[],
    ) => {
      if (ids.length === 0) return [];
      const found = await this.manager
        .getRepository<{ id: number }>(entity)
        .find({ select: { id: true }, where: { id: In([...ids]) } });
      const known = new Set(found.map((row) => row.id));
      return [...new Set(ids)].filter((id) => !known.has(id)).sort((left, right) => left - right);
    };
    return {
      hostConfigs: await missing(HostConfig, targets.hostConfigs),
      hostGroups: await missing(HostGroup, targets.hostGroups),
      proxies: await missing(Proxy, targets.proxies),
      proxyGroups: await missing(ProxyGroup, targets.proxyGroups),
    };
  }

  /** Locks the row for a change (FOR UPDATE); null when there is none. */
  async lockById(id: number): Promise<Maintenance | null> {
    return this.manager
      .getRepository(Maintenance)
      .createQueryBuilder('maintenance')
      .setLock('pessimistic_write')
      .where('maintenance.id = :id', { id })
      .getOne();
  }

  async findIdByName(name: string): Promise<number | null> {
    const found = await this.manager
      .getRepository(Maintenance)
      .findOne({ select: { id: true }, where: { name } });
    return found?.id ?? null;
  }

  /** Saves the row and replaces its target relations. */
  async saveWithTargets(maintenance: Maintenance, targets: MaintenanceTargetIds): Promise<Maintenance> {
    maintenance.sites = [...targets.sites];
    maintenance.clusters = [...targets.clusters];
    maintenance.hostConfigs = targets.hostConfigs.map((id) => ({ id }) as HostConfig);
    maintenance.hostGroups = targets.hostGroups.map((id) => ({ id }) as HostGroup);
    maintenance.proxies = targets.proxies.map((id) => ({ id }) as Proxy);
    maintenance.proxyGroups = targets.proxyGroups.map((id) => ({ id }) as ProxyGroup);
    return this.manager.getRepository(Maintenance).save(maintenance);
  }

  async save(maintenance: Maintenance): Promise<Maintenance> {
    return this.manager.getRepository(Maintenance).save(maintenance);
  }

  async remove(id: number): Promise<void> {
    await this.manager.getRepository(Maintenance).delete(id);
  }

  async findRecord(id: number): Promise<MaintenanceRecord | null> {
    const [record] = await this.records([id]);
    return record ?? null;
  }

  /** A page, by id, and how many there are. */
  async page(limit: number, offset: number): Promise<{ records: MaintenanceRecord[]; total: number }> {
    const repository = this.manager.getRepository(Maintenance);
    const [rows, total] = await repository.findAndCount({
      select: { id: true },
      order: { id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { records: await this.records(rows.map((row) => row.id)), total };
  }

  /** Expired (end passed) and with no job in flight: what MaintenanceCleanup removes. */
  async findExpiredIdle(now: Date): Promise<Maintenance[]> {
    return this.manager
      .getRepository(Maintenance)
      .createQueryBuilder('maintenance')
      .leftJoin(Job, 'job', 'job.id = maintenance.lastJobId')
      .where({ endTime: LessThanOrEqual(now) })
      .andWhere(`(job.id IS NULL OR job.status NOT IN ('pending', 'running'))`)
      .orderBy('maintenance.endTime', 'ASC')
      .getMany();
  }

  private async records(ids: readonly number[]): Promise<MaintenanceRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.manager.getRepository(Maintenance).find({
      where: { id: In([...ids]) },
      loadRelationIds: true,
      order: { id: 'ASC' },
    });
    const jobIds = rows.flatMap((row) => (row.lastJobId === null ? [] : [row.lastJobId]));
    const jobs =
      jobIds.length === 0
        ? []
        : await this.manager
            .getRepository(Job)
            .find({ select: { id: true, status: true, error: true }, where: { id: In(jobIds) } });
    const relationIds = (value: unknown): number[] =>
      (value as number[]).map(Number).sort((left, right) => left - right);
    return rows.map((maintenance) => ({
      maintenance,
      targets: {
        hostConfigs: relationIds(maintenance.hostConfigs),
        sites: [...maintenance.sites],
        clusters: [...maintenance.clusters],
        hostGroups: relationIds(maintenance.hostGroups),
        proxies: relationIds(maintenance.proxies),
        proxyGroups: relationIds(maintenance.proxyGroups),
      },
      lastJob: jobs.find((job) => job.id === maintenance.lastJobId) ?? null,
    }));
  }
}
