import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withoutHostSecrets } from '@lib/contracts';
import { HostConfigCatalogRepository, type HostConfig } from '@lib/models';
import { type HostConfigDetail, type HostConfigPage, type HostConfigSummary } from './host-config.views';
import { type ListHostConfigsQuery } from './list-host-configs.query';

export function hostConfigSummary(host: HostConfig): HostConfigSummary {
  return {
    id: host.id,
    name: host.name,
    hostKey: `${host.objectType}:${host.objectId}`,
    objectType: host.objectType,
    objectId: host.objectId,
    hostid: host.hostid,
    status: host.status,
    inSync: host.inSync,
    lastSyncUpdate: host.lastSyncUpdate,
    syncDifference: host.syncDifference,
    lastError: host.lastError,
    nameCollision: host.nameCollision,
    activeJobId: host.activeJobId,
    desiredRevision: host.desiredRevision,
    appliedRevision: host.appliedRevision,
    removalRequestedAt: host.removalRequestedAt,
    updatedAt: host.updatedAt,
  };
}

function reference(row: { id: number; name: string }): { id: number; name: string } {
  return { id: row.id, name: row.name };
}

function withoutOwner<T extends { hostConfig?: unknown }>(row: T): Omit<T, 'hostConfig'> {
  const { hostConfig: _owner, ...rest } = row;
  return rest;
}

/** Host configs for the management API: filtered pages, and one with its stored difference from Zabbix. */
@Injectable()
export class HostConfigQueryService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async list(query: ListHostConfigsQuery): Promise<HostConfigPage> {
    const page = await new HostConfigCatalogRepository(this.dataSource.manager).page(query);
    return {
      items: page.items.map(hostConfigSummary),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async get(id: number): Promise<HostConfigDetail> {
    const host = await new HostConfigCatalogRepository(this.dataSource.manager).findDetail(id);
    if (!host) throw new NotFoundException(`no host config ${id}`);
    return {
      ...hostConfigSummary(host),
      description: host.description,
      monitoredBy: host.monitoredBy,
      hostGroups: host.hostGroups.map(reference).sort((left, right) => left.id - right.id),
      templates: host.templates.map(reference).sort((left, right) => left.id - right.id),
      proxy: host.proxy ? reference(host.proxy) : null,
      proxyGroup: host.proxyGroup ? reference(host.proxyGroup) : null,
      // Community and passphrases are not selected (select: false); the owner back-reference is dropped.
      agentInterfaces: host.agentInterfaces.map(withoutOwner),
      snmpInterfaces: host.snmpInterfaces.map(withoutOwner),
      desiredState: host.desiredState
        ? (withoutHostSecrets(host.desiredState) as unknown as Record<string, unknown>)
        : null,
      siteId: host.siteId,
      roleId: host.roleId,
      platformId: host.platformId,
      clusterId: host.clusterId,
      lastChangeAt: host.lastChangeAt,
      lastCorrelationId: host.lastCorrelationId,
      createdAt: host.createdAt,
    };
  }
}
