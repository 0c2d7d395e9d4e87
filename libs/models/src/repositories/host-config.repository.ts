import { type EntityManager } from 'typeorm';
import { HostConfig } from '../entities/host-config.entity';
import { type NetboxHostObjectType } from '../entities/zabbix-objects';

export type KnownHostConfig = Pick<
  HostConfig,
  'objectType' | 'objectId' | 'name' | 'hostid' | 'desiredState'
>;

/** Host configs, always read under a row lock when they are about to change. */
export class HostConfigRepository {
  constructor(private readonly manager: EntityManager) {}

  async lockById(id: number): Promise<HostConfig | null> {
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .setLock('pessimistic_write')
      .where('host.id = :id', { id })
      .getOne();
  }

  /** The host config other than `exceptId` that already holds a Zabbix host id, if any. */
  async findHolderOfHostid(hostid: string, exceptId: number): Promise<HostConfig | null> {
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .where('host.hostid = :hostid AND host.id <> :exceptId', { hostid, exceptId })
      .getOne();
  }

  /**
   * The host configs of these NetBox objects, locked until the transaction ends, in id order (so two
   * transactions locking overlapping batches cannot deadlock).
   */
  async lockByObjects(
    objects: readonly { readonly objectType: NetboxHostObjectType; readonly objectId: number }[],
  ): Promise<HostConfig[]> {
    if (objects.length === 0) return [];
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .setLock('pessimistic_write')
      .where(
        `(host.object_type, host.object_id) IN (SELECT * FROM unnest(:types::varchar[], :ids::integer[]))`,
        { types: objects.map((object) => object.objectType), ids: objects.map((object) => object.objectId) },
      )
      .orderBy('host.id', 'ASC')
      .getMany();
  }

  /** Creates rows for NetBox objects that have none (names must be free), leaving existing ones alone. */
  async insertMany(
    rows: readonly { objectType: NetboxHostObjectType; objectId: number; name: string }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(HostConfig)
      .values(rows.map((row) => ({ ...row })))
      .orIgnore()
      .execute();
  }

  /** Which NetBox object holds each of these technical names, for the names that are held. */
  async findNameHolders(
    names: readonly string[],
  ): Promise<Map<string, Pick<HostConfig, 'objectType' | 'objectId'>>> {
    const holders = new Map<string, Pick<HostConfig, 'objectType' | 'objectId'>>();
    if (names.length === 0) return holders;
    const rows = await this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .select(['host.name', 'host.objectType', 'host.objectId'])
      .where('host.name = ANY(:names)', { names: [...new Set(names)] })
      .getMany();
    for (const row of rows) holders.set(row.name, { objectType: row.objectType, objectId: row.objectId });
    return holders;
  }

  /** Every host config by `objectType:objectId`, with what a sync compares (no lock). */
  async listKnown(): Promise<Map<string, KnownHostConfig>> {
    const rows = await this.manager.getRepository(HostConfig).find({
      select: { objectType: true, objectId: true, name: true, hostid: true, desiredState: true },
    });
    return new Map(rows.map((row) => [`${row.objectType}:${row.objectId}`, row]));
  }

  /**
   * Host configs in Zabbix, with no job in flight and no removal pending, not checked since `cutoff`
   * (oldest check first): what HostConfigSyncRefresh compares.
   */
  async findDueForCheck(cutoff: Date): Promise<Pick<HostConfig, 'id' | 'objectType' | 'objectId'>[]> {
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .select(['host.id', 'host.objectType', 'host.objectId'])
      .where('host.hostid IS NOT NULL AND host.activeJobId IS NULL AND host.removalRequestedAt IS NULL')
      .andWhere('(host.lastSyncUpdate IS NULL OR host.lastSyncUpdate < :cutoff)', { cutoff })
      .orderBy('host.lastSyncUpdate', 'ASC', 'NULLS FIRST')
      .getMany();
  }

  /** Of these host configs, how many matched Zabbix at their last check or write, and how many differed. */
  async syncStates(ids: readonly number[]): Promise<{ matching: number; drifted: number }> {
    if (ids.length === 0) return { matching: 0, drifted: 0 };
    const [row] = await this.manager.query<{ matching: string; drifted: string }[]>(
      `SELECT count(*) FILTER (WHERE "sync_difference" = '[]'::jsonb) AS "matching",
              count(*) FILTER (WHERE jsonb_array_length("sync_difference") > 0) AS "drifted"
       FROM "host_config" WHERE "id" = ANY($1)`,
      [ids],
    );
    return { matching: Number(row?.matching ?? 0), drifted: Number(row?.drifted ?? 0) };
  }

  async saveMany(hostConfigs: readonly HostConfig[]): Promise<void> {
    if (hostConfigs.length > 0) await this.manager.getRepository(HostConfig).save([...hostConfigs]);
  }

  async removeMany(hostConfigs: readonly HostConfig[]): Promise<void> {
    if (hostConfigs.length === 0) return;
    await this.manager.getRepository(HostConfig).delete(hostConfigs.map((hostConfig) => hostConfig.id));
  }
}
