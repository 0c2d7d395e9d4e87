import { type EntityManager, In } from 'typeorm';
import { HostGroup } from '../entities/host-group.entity';
import { ProxyGroup } from '../entities/proxy-group.entity';
import { Proxy } from '../entities/proxy.entity';
import { Template } from '../entities/template.entity';

/** The tables that cache Zabbix objects. */
export type ZabbixCacheTable = 'host_group' | 'template' | 'proxy' | 'proxy_group';

export type CachedHostGroup = Pick<HostGroup, 'id' | 'name' | 'groupid'>;
export interface CachedTemplate extends Pick<Template, 'id' | 'name' | 'templateid'> {
  /** Zabbix ids of its parents and dependencies (those cached with one). */
  readonly parentTemplateids: string[];
  readonly dependencyTemplateids: string[];
}
export type CachedProxyGroup = Pick<
  ProxyGroup,
  'id' | 'name' | 'proxyGroupid' | 'failoverDelay' | 'minOnline' | 'description'
>;
export type CachedProxy = Pick<
  Proxy,
  | 'id'
  | 'name'
  | 'proxyid'
  | 'proxyGroupid'
  | 'description'
  | 'operatingMode'
  | 'address'
  | 'port'
  | 'allowedAddresses'
  | 'localAddress'
  | 'localPort'
  | 'tlsConnect'
  | 'tlsAccept'
  | 'tlsIssuer'
  | 'tlsSubject'
>;
export type ProxyFields = Omit<CachedProxy, 'id'> & { readonly proxyGroupId: number | null };

/** Template links by local ids: each template's parents and dependencies. */
export interface TemplateLinks {
  readonly templateId: number;
  readonly parentIds: readonly number[];
  readonly dependencyIds: readonly number[];
}

/** The cache of Zabbix host groups, templates, proxies and proxy groups, as ImportZabbixSettings keeps it. */
export class ZabbixCacheRepository {
  constructor(private readonly manager: EntityManager) {}

  async hostGroups(): Promise<CachedHostGroup[]> {
    return this.manager
      .getRepository(HostGroup)
      .find({ select: ['id', 'name', 'groupid'], order: { id: 'ASC' } });
  }

  async templates(): Promise<CachedTemplate[]> {
    const templates = await this.manager
      .getRepository(Template)
      .find({ relations: { parents: true, dependencies: true }, order: { id: 'ASC' } });
    const zabbixIds = (linked: Template[]): string[] =>
      linked.flatMap((template) => (template.templateid === null ? [] : [template.templateid]));
    return templates.map((template) => ({
      id: template.id,
      name: template.name,
      templateid: template.templateid,
      parentTemplateids: zabbixIds(template.parents),
      dependencyTemplateids: zabbixIds(template.dependencies),
    }));
  }

  async proxyGroups(): Promise<CachedProxyGroup[]> {
    return this.manager.getRepository(ProxyGroup).find({ order: { id: 'ASC' } });
  }

  async proxies(): Promise<CachedProxy[]> {
    return this.manager.getRepository(Proxy).find({ order: { id: 'ASC' } });
  }

  async insertHostGroups(rows: readonly Omit<CachedHostGroup, 'id'>[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(HostGroup)
      .values(rows.map((row) => ({ ...row, lastSynced: at })))
      .execute();
  }

  async updateHostGroup(id: number, fields: Omit<CachedHostGroup, 'id'>, at: Date): Promise<void> {
    await this.manager.getRepository(HostGroup).update(id, { ...fields, lastSynced: at });
  }

  async insertTemplates(rows: readonly { name: string; templateid: string }[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(Template)
      .values(rows.map((row) => ({ ...row, lastSynced: at })))
      .execute();
  }

  async updateTemplate(id: number, fields: { name: string; templateid: string }, at: Date): Promise<void> {
    await this.manager.getRepository(Template).update(id, { ...fields, lastSynced: at });
  }

  /** Local ids of the templates with these Zabbix ids. */
  async templateIds(templateids: readonly string[]): Promise<Map<string, number>> {
    if (templateids.length === 0) return new Map();
    const rows = await this.manager
      .getRepository(Template)
      .find({ select: ['id', 'templateid'], where: { templateid: In([...templateids]) } });
    return new Map(rows.map((row) => [row.templateid ?? '', row.id]));
  }

  /** Replaces the parents and dependencies of these templates. */
  async replaceTemplateLinks(links: readonly TemplateLinks[]): Promise<void> {
    if (links.length === 0) return;
    const ids = links.map((link) => link.templateId);
    await this.manager.query(`DELETE FROM "template_parents" WHERE "template_id" = ANY($1)`, [ids]);
    await this.manager.query(`DELETE FROM "template_dependencies" WHERE "template_id" = ANY($1)`, [ids]);
    const pairs = (key: 'parentIds' | 'dependencyIds'): [number[], number[]] => {
      const from: number[] = [];
      const to: number[] = [];
      for (const link of links) {
        for (const other of link[key]) {
          from.push(link.templateId);
          to.push(other);
        }
      }
      return [from, to];
    };
    const [parentFrom, parentTo] = pairs('parentIds');
    if (parentFrom.length > 0) {
      await this.manager.query(
        `INSERT INTO "template_parents" ("template_id", "parent_id") SELECT * FROM unnest($1::int[], $2::int[])`,
        [parentFrom, parentTo],
      );
    }
    const [dependencyFrom, dependencyTo] = pairs('dependencyIds');
    if (dependencyFrom.length > 0) {
      await this.manager.query(
        `INSERT INTO "template_dependencies" ("template_id", "dependency_id") SELECT * FROM unnest($1::int[], $2::int[])`,
        [dependencyFrom, dependencyTo],
      );
    }
  }

  async insertProxyGroups(rows: readonly Omit<CachedProxyGroup, 'id'>[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(ProxyGroup)
      .values(rows.map((row) => ({ ...row, lastSynced: at })))
      .execute();
  }

  async updateProxyGroup(id: number, fields: Omit<CachedProxyGroup, 'id'>, at: Date): Promise<void> {
    await this.manager.getRepository(ProxyGroup).update(id, { ...fields, lastSynced: at });
  }

  /** Local ids of the proxy groups with these Zabbix ids. */
  async proxyGroupIds(): Promise<Map<string, number>> {
    const rows = await this.manager.getRepository(ProxyGroup).find({ select: ['id', 'proxyGroupid'] });
    return new Map(rows.flatMap((row) => (row.proxyGroupid === null ? [] : [[row.proxyGroupid, row.id]])));
  }

  async insertProxies(rows: readonly ProxyFields[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(Proxy)
      .values(rows.map((row) => proxyValues(row, at)))
      .execute();
  }

  async updateProxy(id: number, fields: ProxyFields, at: Date): Promise<void> {
    await this.manager.getRepository(Proxy).update(id, proxyValues(fields, at));
  }

  /** Records that these rows were seen in Zabbix at `at`. */
  async markSynced(table: ZabbixCacheTable, ids: readonly number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.manager.query(`UPDATE "${table}" SET "last_synced" = $1 WHERE "id" = ANY($2)`, [at, [...ids]]);
  }

  /** Deletes rows (links to them from mappings, host configs and maintenances go with them). */
  async remove(table: ZabbixCacheTable, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.manager.query(`DELETE FROM "${table}" WHERE "id" = ANY($1)`, [[...ids]]);
  }
}

function proxyValues(fields: ProxyFields, at: Date): Partial<Proxy> {
  const { proxyGroupId, ...columns } = fields;
  return {
    ...columns,
    proxyGroup: proxyGroupId === null ? null : ({ id: proxyGroupId } as ProxyGroup),
    lastSynced: at,
  };
}
