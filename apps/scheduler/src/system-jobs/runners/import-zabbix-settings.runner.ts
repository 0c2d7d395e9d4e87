import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ZabbixCatalogReader,
  ZabbixClient,
  type ZabbixCatalog,
  type ZabbixCatalogProxy,
  type ZabbixCatalogProxyGroup,
  type ZabbixCatalogTemplate,
  type ZabbixHostGroup,
} from '@lib/clients';
import {
  Settings,
  ZabbixCacheRepository,
  type CachedHostGroup,
  type CachedProxy,
  type CachedProxyGroup,
  type CachedTemplate,
  type ZabbixCacheTable,
} from '@lib/models';
import { SETTINGS_NAME } from '../../settings/settings.service';
import { deletionsAllowed, planImport, sameIds, type ImportPlan } from '../domain/import-plan';
import { SystemJobFailure } from '../system-job-failure.error';
import { type SystemJobProgress, type SystemJobRequest, type SystemJobRunner } from '../system-job-runner';

type Row<T> = T & { readonly zabbixId: string | null };
type Found<T> = T & { readonly zabbixId: string };

interface Plans {
  readonly hostGroups: ImportPlan<Row<CachedHostGroup>, Found<ZabbixHostGroup>>;
  readonly templates: ImportPlan<Row<CachedTemplate>, Found<ZabbixCatalogTemplate>>;
  readonly proxies: ImportPlan<Row<CachedProxy>, Found<ZabbixCatalogProxy>>;
  readonly proxyGroups: ImportPlan<Row<CachedProxyGroup>, Found<ZabbixCatalogProxyGroup>> | null;
}

/** Names listed per kind in a summary, at most. */
const LISTED_NAMES = 50;

/**
 * ImportZabbixSettings: copies host groups, templates (with their parents and trigger dependencies), proxies
 * and, on Zabbix 7.0+, proxy groups from Zabbix into their tables, in one transaction. Rows whose Zabbix
 * object is gone are removed, but never more than the settings' `max_deletions` in one run: past it the run
 * stops before changing anything and fails, naming what it would have removed (`{"confirm": true}` removes
 * them anyway). `{"dryRun": true}` only reports. Rows never seen in Zabbix (made for a mapping, waiting for
 * the writer to create them) are never removed.
 */
@Injectable()
export class ImportZabbixSettingsRunner implements SystemJobRunner {
  readonly kind = 'ImportZabbixSettings' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly zabbix: ZabbixClient,
  ) {}

  async run(request: SystemJobRequest, progress: SystemJobProgress): Promise<Record<string, unknown>> {
    const dryRun = request.parameters.dryRun === true;
    const confirmed = request.parameters.confirm === true;
    await progress.report(0, 2);
    const catalog = await new ZabbixCatalogReader(this.zabbix).read();
    await progress.report(1, 2);
    const summary = await this.dataSource.transaction(async (manager) => {
      const cache = new ZabbixCacheRepository(manager);
      const { maxDeletions } = await manager
        .getRepository(Settings)
        .findOneOrFail({ where: { name: SETTINGS_NAME }, select: { id: true, maxDeletions: true } });
      const plans = await this.plan(cache, catalog);
      const removals = countRemovals(plans);
      const summary = {
        zabbixVersion: catalog.version,
        dryRun,
        confirmed,
        maxDeletions,
        removals,
        ...describe(plans),
      };
      if (dryRun) return { ...summary, wouldStop: !deletionsAllowed(removals, maxDeletions, confirmed) };
      if (!deletionsAllowed(removals, maxDeletions, confirmed)) {
        throw new SystemJobFailure(
          `stopped: ${removals} cached object(s) are gone from Zabbix, more than max_deletions (${maxDeletions}); ` +
            'nothing was changed. Check them, then run again with {"confirm": true} or raise max_deletions',
          { ...summary, stopped: true },
        );
      }
      await this.apply(cache, plans, new Date());
      return summary;
    });
    await progress.report(2, 2);
    return summary;
  }

  private async plan(cache: ZabbixCacheRepository, catalog: ZabbixCatalog): Promise<Plans> {
    return {
      hostGroups: planImport(
        (await cache.hostGroups()).map((row) => ({ ...row, zabbixId: row.groupid })),
        catalog.hostGroups.map((group) => ({ ...group, zabbixId: group.groupid })),
        (row, group) => row.name === group.name && row.zabbixId === group.groupid,
      ),
      templates: planImport(
        (await cache.templates()).map((row) => ({ ...row, zabbixId: row.templateid })),
        catalog.templates.map((template) => ({ ...template, zabbixId: template.templateid })),
        (row, template) =>
          row.name === template.name &&
          row.zabbixId === template.templateid &&
          sameIds(row.parentTemplateids, template.parentTemplateids) &&
          sameIds(row.dependencyTemplateids, template.dependencyTemplateids),
      ),
      proxies: planImport(
        (await cache.proxies()).map((row) => ({ ...row, zabbixId: row.proxyid })),
        catalog.proxies.map((proxy) => ({ ...proxy, zabbixId: proxy.proxyid })),
        (row, proxy) => {
          const columns = proxyColumns(proxy);
          const keys = Object.keys(columns) as (keyof typeof columns)[];
          return row.zabbixId === proxy.proxyid && keys.every((key) => row[key] === columns[key]);
        },
      ),
      proxyGroups:
        catalog.proxyGroups === null
          ? null
          : planImport(
              (await cache.proxyGroups()).map((row) => ({ ...row, zabbixId: row.proxyGroupid })),
              catalog.proxyGroups.map((group) => ({ ...group, zabbixId: group.proxyGroupid })),
              (row, group) =>
                row.zabbixId === group.proxyGroupid &&
                row.name === group.name &&
                row.failoverDelay === group.failoverDelay &&
                row.minOnline === group.minOnline &&
                row.description === group.description,
            ),
    };
  }

  private async apply(cache: ZabbixCacheRepository, plans: Plans, at: Date): Promise<void> {
    // Proxy groups before proxies (a proxy points to its group); removals last, so a renamed object
    // matched by name never collides with its own stale row.
    if (plans.proxyGroups) {
      const groups = plans.proxyGroups;
      await cache.insertProxyGroups(groups.add.map(proxyGroupColumns), at);
      for (const { row, object } of groups.update)
        await cache.updateProxyGroup(row.id, proxyGroupColumns(object), at);
      await cache.markSynced('proxy_group', ids(groups.unchanged), at);
    }
    const proxyGroupIds = await cache.proxyGroupIds();
    const proxyFields = (proxy: ZabbixCatalogProxy) => ({
      ...proxyColumns(proxy),
      proxyid: proxy.proxyid,
      proxyGroupId: proxy.proxyGroupid === null ? null : (proxyGroupIds.get(proxy.proxyGroupid) ?? null),
    });
    await cache.insertProxies(plans.proxies.add.map(proxyFields), at);
    for (const { row, object } of plans.proxies.update)
      await cache.updateProxy(row.id, proxyFields(object), at);
    await cache.markSynced('proxy', ids(plans.proxies.unchanged), at);

    const hostGroups = plans.hostGroups;
    await cache.insertHostGroups(
      hostGroups.add.map(({ name, groupid }) => ({ name, groupid })),
      at,
    );
    for (const { row, object } of hostGroups.update) {
      await cache.updateHostGroup(row.id, { name: object.name, groupid: object.groupid }, at);
    }
    await cache.markSynced('host_group', ids(hostGroups.unchanged), at);

    const templates = plans.templates;
    await cache.insertTemplates(
      templates.add.map(({ name, templateid }) => ({ name, templateid })),
      at,
    );
    for (const { row, object } of templates.update) {
      await cache.updateTemplate(row.id, { name: object.name, templateid: object.templateid }, at);
    }
    await cache.markSynced('template', ids(templates.unchanged), at);
    const relinked = [...templates.add, ...templates.update.map((pair) => pair.object)];
    const local = await cache.templateIds(
      relinked.flatMap((template) => [
        template.templateid,
        ...template.parentTemplateids,
        ...template.dependencyTemplateids,
      ]),
    );
    const localIds = (templateids: readonly string[]): number[] =>
      templateids.flatMap((templateid) => {
        const id = local.get(templateid);
        return id === undefined ? [] : [id];
      });
    await cache.replaceTemplateLinks(
      relinked.flatMap((template) => {
        const templateId = local.get(template.templateid);
        if (templateId === undefined) return [];
        return [
          {
            templateId,
            parentIds: localIds(template.parentTemplateids),
            dependencyIds: localIds(template.dependencyTemplateids),
          },
        ];
      }),
    );

    const removals: [ZabbixCacheTable, readonly { id: number }[]][] = [
      ['template', templates.remove],
      ['host_group', hostGroups.remove],
      ['proxy', plans.proxies.remove],
      ['proxy_group', plans.proxyGroups?.remove ?? []],
    ];
    for (const [table, rows] of removals) await cache.remove(table, ids(rows));
  }
}

function ids(rows: readonly ({ id: number } | { row: { id: number } })[]): number[] {
  return rows.map((entry) => ('row' in entry ? entry.row.id : entry.id));
}

function proxyColumns(proxy: ZabbixCatalogProxy) {
  return {
    name: proxy.name,
    proxyGroupid: proxy.proxyGroupid,
    description: proxy.description,
    operatingMode: proxy.operatingMode,
    address: proxy.address,
    port: proxy.port,
    allowedAddresses: proxy.allowedAddresses,
    localAddress: proxy.localAddress,
    localPort: proxy.localPort,
    tlsConnect: proxy.tlsConnect,
    tlsAccept: proxy.tlsAccept,
    tlsIssuer: proxy.tlsIssuer,
    tlsSubject: proxy.tlsSubject,
  };
}

function proxyGroupColumns(group: ZabbixCatalogProxyGroup): Omit<CachedProxyGroup, 'id'> {
  return {
    name: group.name,
    proxyGroupid: group.proxyGroupid,
    failoverDelay: group.failoverDelay,
    minOnline: group.minOnline,
    description: group.description,
  };
}

function countRemovals(plans: Plans): number {
  return (
    plans.hostGroups.remove.length +
    plans.templates.remove.length +
    plans.proxies.remove.length +
    (plans.proxyGroups?.remove.length ?? 0)
  );
}

function counts<TRow extends { name: string }>(
  plan: ImportPlan<Row<TRow> & { id: number }, Found<{ name: string }>>,
) {
  return {
    added: plan.add.length,
    updated: plan.update.length,
    removed: plan.remove.length,
    unchanged: plan.unchanged.length,
    ...(plan.remove.length > 0
      ? { removedNames: plan.remove.slice(0, LISTED_NAMES).map((row) => row.name) }
      : {}),
  };
}

function describe(plans: Plans): Record<string, unknown> {
  return {
    hostGroups: counts(plans.hostGroups),
    templates: counts(plans.templates),
    proxies: counts(plans.proxies),
    proxyGroups: plans.proxyGroups ? counts(plans.proxyGroups) : 'not before Zabbix 7.0',
  };
}
