import { type EntityManager } from 'typeorm';
import { HostConfig } from '../entities/host-config.entity';
import { type NetboxHostObjectType } from '../entities/zabbix-objects';
import { sealDesiredState } from '../secrets-at-rest';

export type KnownHostConfig = Pick<
  HostConfig,
  'id' | 'objectType' | 'objectId' | 'name' | 'hostid' | 'desiredState'
>;

type SavedColumn = readonly [
  column: string,
  type: string,
  read: (hostConfig: HostConfig) => unknown,
  cast?: string,
];

const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

/** The columns saveMany writes: all the scheduler changes, with their SQL types. */
const SAVED_COLUMNS: readonly SavedColumn[] = [
  ['name', 'varchar', (host) => host.name],
  ['hostid', 'varchar', (host) => host.hostid],
  ['status', 'smallint', (host) => host.status],
  ['in_sync', 'boolean', (host) => host.inSync],
  ['last_sync_update', 'timestamptz', (host) => host.lastSyncUpdate],
  ['description', 'text', (host) => host.description],
  ['site_id', 'integer', (host) => host.siteId],
  ['role_id', 'integer', (host) => host.roleId],
  ['platform_id', 'integer', (host) => host.platformId],
  ['cluster_id', 'integer', (host) => host.clusterId],
  ['primary_ip_id', 'integer', (host) => host.primaryIpId],
  // unnest flattens a two-dimensional array: each host's tag ids travel as one array literal.
  ['tag_ids', 'text', (host) => `{${host.tagIds.join(',')}}`, '::integer[]'],
  // As the column's transformer stores it: the secrets sealed.
  ['desired_state', 'jsonb', (host) => json(sealDesiredState(host.desiredState) ?? null)],
  ['desired_revision', 'integer', (host) => host.desiredRevision],
  ['applied_revision', 'integer', (host) => host.appliedRevision],
  ['active_job_id', 'uuid', (host) => host.activeJobId],
  ['source_updated_at', 'timestamptz', (host) => host.sourceUpdatedAt],
  ['last_change_at', 'timestamptz', (host) => host.lastChangeAt],
  ['last_correlation_id', 'varchar', (host) => host.lastCorrelationId],
  ['dispatch_after', 'timestamptz', (host) => host.dispatchAfter],
  ['deferred_since', 'timestamptz', (host) => host.deferredSince],
  ['removal_requested_at', 'timestamptz', (host) => host.removalRequestedAt],
  ['last_error', 'text', (host) => host.lastError],
  ['name_collision', 'text', (host) => host.nameCollision],
  ['sync_difference', 'jsonb', (host) => json(host.syncDifference)],
  ['failed_attempts', 'integer', (host) => host.failedAttempts],
];

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

  /**
   * Locked, in id order: these host configs and those whose job in flight is one of `activeJobIds` (the
   * hosts of batch checks), so the hosts of a batch of results are locked in one statement.
   */
  async lockForJobs(ids: readonly number[], activeJobIds: readonly string[]): Promise<HostConfig[]> {
    if (ids.length === 0 && activeJobIds.length === 0) return [];
    const conditions = [
      ...(ids.length > 0 ? ['host.id = ANY(:ids)'] : []),
      // No index on it: only batch checks, a few per refresh, look hosts up by their job in flight.
      ...(activeJobIds.length > 0 ? ['host.activeJobId = ANY(:activeJobIds::uuid[])'] : []),
    ];
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .setLock('pessimistic_write')
      .where(conditions.join(' OR '), { ids: [...new Set(ids)], activeJobIds: [...new Set(activeJobIds)] })
      .orderBy('host.id', 'ASC')
      .getMany();
  }

  /** The host config holding each of these Zabbix host ids, for the ids that are held. */
  async findHoldersOfHostids(hostids: readonly string[]): Promise<Map<string, HostConfig>> {
    if (hostids.length === 0) return new Map();
    const rows = await this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .where('host.hostid = ANY(:hostids)', { hostids: [...new Set(hostids)] })
      .getMany();
    return new Map(rows.map((row) => [row.hostid ?? '', row]));
  }

  /** Copies each host config's Zabbix host id onto its interfaces, in one statement. */
  async setInterfaceHostids(hostConfigs: readonly Pick<HostConfig, 'id' | 'hostid'>[]): Promise<void> {
    if (hostConfigs.length === 0) return;
    await this.manager.query(
      `UPDATE "agent_interface" a SET "hostid" = v.hostid
       FROM unnest($1::integer[], $2::varchar[]) AS v(id, hostid) WHERE a."host_config_id" = v.id`,
      [hostConfigs.map((host) => host.id), hostConfigs.map((host) => host.hostid)],
    );
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

  /** The host configs of these NetBox objects by `objectType:objectId`, with what a sync compares (no lock). */
  async findKnown(
    objects: readonly { readonly objectType: NetboxHostObjectType; readonly objectId: number }[],
  ): Promise<Map<string, KnownHostConfig>> {
    if (objects.length === 0) return new Map();
    const rows = await this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .select([
        'host.id',
        'host.objectType',
        'host.objectId',
        'host.name',
        'host.hostid',
        'host.desiredState',
      ])
      .where(
        `(host.object_type, host.object_id) IN (SELECT * FROM unnest(:types::varchar[], :ids::integer[]))`,
        { types: objects.map((object) => object.objectType), ids: objects.map((object) => object.objectId) },
      )
      .getMany();
    return new Map(rows.map((row) => [`${row.objectType}:${row.objectId}`, row]));
  }

  /** Up to `limit` host configs after id `afterId`, in id order, with what a sync compares (no lock). */
  async pageKnown(afterId: number, limit: number): Promise<KnownHostConfig[]> {
    return this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .select([
        'host.id',
        'host.objectType',
        'host.objectId',
        'host.name',
        'host.hostid',
        'host.desiredState',
      ])
      .where('host.id > :afterId', { afterId })
      .orderBy('host.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The NetBox objects whose host config was built from NetBox object `id` in `column` (a site, a tag…). */
  async findObjectsReferencing(
    column: 'siteId' | 'roleId' | 'platformId' | 'clusterId' | 'primaryIpId' | 'tagIds',
    id: number,
  ): Promise<{ objectType: NetboxHostObjectType; objectId: number }[]> {
    const query = this.manager
      .getRepository(HostConfig)
      .createQueryBuilder('host')
      .select(['host.objectType', 'host.objectId']);
    if (column === 'tagIds') query.where(':id = ANY(host.tagIds)', { id });
    else query.where(`host.${column} = :id`, { id });
    return query.getMany();
  }

  /** Every NetBox object that has a host config. */
  async listObjects(): Promise<{ objectType: NetboxHostObjectType; objectId: number }[]> {
    return this.manager.getRepository(HostConfig).find({ select: { objectType: true, objectId: true } });
  }

  /** How many host configs there are, and how many of them have a host in Zabbix. */
  async countKnown(): Promise<{ total: number; inZabbix: number }> {
    const [row] = await this.manager.query<{ total: string; in_zabbix: string }[]>(
      `SELECT count(*) AS "total", count("hostid") AS "in_zabbix" FROM "host_config"`,
    );
    return { total: Number(row?.total ?? 0), inZabbix: Number(row?.in_zabbix ?? 0) };
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

  /** Host configs whose Zabbix host matched at their last check or write, and those that did not. */
  async countBySyncState(): Promise<{ inSync: number; outOfSync: number }> {
    const [row] = await this.manager.query<{ in_sync: string; out_of_sync: string }[]>(
      `SELECT count(*) FILTER (WHERE "in_sync") AS "in_sync", count(*) FILTER (WHERE NOT "in_sync") AS "out_of_sync"
       FROM "host_config"`,
    );
    return { inSync: Number(row?.in_sync ?? 0), outOfSync: Number(row?.out_of_sync ?? 0) };
  }

  /**
   * Writes the state of these (locked, existing) host configs in one statement, whatever their number:
   * every column the scheduler decides on (TypeORM's `save` would read each row back and update it alone).
   */
  async saveMany(hostConfigs: readonly HostConfig[]): Promise<void> {
    if (hostConfigs.length === 0) return;
    const values = SAVED_COLUMNS.map(([, type, read]) => ({ type, values: hostConfigs.map(read) }));
    const columns = SAVED_COLUMNS.map(([column]) => `"${column}"`);
    const assignments = SAVED_COLUMNS.map(([column, , , cast]) => `"${column}" = v."${column}"${cast ?? ''}`);
    await this.manager.query(
      `UPDATE "host_config" h SET ${assignments.join(', ')},
         "updated_at" = now()
       FROM unnest($1::integer[], ${values.map(({ type }, index) => `$${index + 2}::${type}[]`).join(', ')})
         AS v("id", ${columns.join(', ')})
       WHERE h."id" = v."id"`,
      [hostConfigs.map((hostConfig) => hostConfig.id), ...values.map(({ values: column }) => column)],
    );
  }

  async removeMany(hostConfigs: readonly HostConfig[]): Promise<void> {
    if (hostConfigs.length === 0) return;
    await this.manager.getRepository(HostConfig).delete(hostConfigs.map((hostConfig) => hostConfig.id));
  }
}
