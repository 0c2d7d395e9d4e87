import { Injectable } from '@nestjs/common';
import { InvalidMessageError, type DesiredHost } from '@lib/contracts';
import { ZabbixClient, type ZabbixMonitoring } from '@lib/clients';
import { type ResolvedReferences } from './domain/host-fields';
import { MissingZabbixObjectsError } from './domain/missing-zabbix-objects.error';
import { matchTemplates, monitoringRequestOf } from './domain/reference-resolution';

/**
 * Turns the names in a desired host into Zabbix ids: templates and the proxy (or proxy group) must exist,
 * host groups are created when missing. Lookups without side effects run first, so that a job failing on an
 * unknown template creates nothing.
 */
@Injectable()
export class HostReferencesService {
  constructor(private readonly zabbix: ZabbixClient) {}

  async resolve(desired: DesiredHost): Promise<ResolvedReferences> {
    if (desired.groups.length === 0) {
      throw new InvalidMessageError('the desired host has no host group; Zabbix needs at least one');
    }
    const [templateids, monitoring] = await Promise.all([
      this.resolveTemplates(desired.templates),
      this.resolveMonitoring(desired),
    ]);
    const groups = await this.zabbix.ensureHostGroups(desired.groups);
    return { groupids: groups.map((group) => group.groupid), templateids, monitoring };
  }

  private async resolveTemplates(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const { templateids, missing } = matchTemplates(names, await this.zabbix.findTemplatesByName(names));
    if (missing.length > 0) throw new MissingZabbixObjectsError('template', missing);
    return templateids;
  }

  private async resolveMonitoring(desired: DesiredHost): Promise<ZabbixMonitoring> {
    const request = monitoringRequestOf(desired);
    switch (request.monitoredBy) {
      case 'server':
        return { monitoredBy: 'server' };
      case 'proxy': {
        const proxies = await this.zabbix.findProxiesByName([request.proxy]);
        const proxy = proxies.find((candidate) => candidate.name === request.proxy);
        if (!proxy) throw new MissingZabbixObjectsError('proxy', [request.proxy]);
        return { monitoredBy: 'proxy', proxyid: proxy.proxyid };
      }
      case 'proxy_group': {
        const groups = await this.zabbix.findProxyGroupsByName([request.proxyGroup]);
        const group = groups.find((candidate) => candidate.name === request.proxyGroup);
        if (!group) throw new MissingZabbixObjectsError('proxy group', [request.proxyGroup]);
        return { monitoredBy: 'proxy_group', proxyGroupid: group.proxyGroupid };
      }
    }
  }
}
