import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ZabbixClient, type ZabbixHost } from '@lib/clients';
import { HOST_IDENTITY_TAG, type DesiredHost } from '@lib/contracts';
import { HostConfig } from '@lib/models';
import { compareHost, type ComparedField, type ResolvedMonitoring } from './domain/host-comparison';

export interface HostComparison {
  readonly hostConfig: {
    readonly id: number;
    readonly name: string;
    readonly hostKey: string;
    readonly hostid: string | null;
    readonly inSync: boolean;
    readonly lastSyncUpdate: Date | null;
    /** What the last check or write found different (`missing`: no host); null before any. */
    readonly syncDifference: string[] | null;
    readonly lastError: string | null;
    readonly nameCollision: string | null;
    readonly activeJobId: string | null;
    readonly desiredRevision: number;
    readonly appliedRevision: number;
    readonly removalRequested: boolean;
  };
  readonly zabbix: {
    /** Zabbix answered. */
    readonly reachable: boolean;
    readonly error: string | null;
    /** The host read, found by the stored id or else by its identity tag; null when there is none. */
    readonly hostid: string | null;
    readonly foundBy: 'id' | 'identity' | null;
  };
  /** Empty when the host config has no desired state yet. */
  readonly fields: readonly ComparedField[];
  /** The fields that differ now. */
  readonly differences: readonly string[];
}

/**
 * One host config's desired state beside the Zabbix host as it is now (read live through the scheduler's
 * Zabbix connection, found by its id or its identity tag), for the console's side-by-side view. Reads only.
 */
@Injectable()
export class HostComparisonService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly zabbix: ZabbixClient,
  ) {}

  async compare(id: number): Promise<HostComparison> {
    const hostConfig = await this.dataSource.getRepository(HostConfig).findOneBy({ id });
    if (!hostConfig) throw new NotFoundException(`no host config ${id}`);
    const hostKey = `${hostConfig.objectType}:${hostConfig.objectId}`;
    let zabbix: HostComparison['zabbix'] = { reachable: false, error: null, hostid: null, foundBy: null };
    let host: ZabbixHost | null = null;
    let monitoring: ResolvedMonitoring = {};
    try {
      const found = await this.find(hostConfig.hostid, hostKey);
      host = found?.host ?? null;
      monitoring = hostConfig.desiredState ? await this.monitoringIds(hostConfig.desiredState) : {};
      zabbix = {
        reachable: true,
        error: null,
        hostid: host?.hostid ?? null,
        foundBy: found?.foundBy ?? null,
      };
    } catch (error) {
      zabbix = {
        ...zabbix,
        error: `${nameOf(error)}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const fields =
      hostConfig.desiredState && zabbix.reachable
        ? compareHost(hostKey, hostConfig.desiredState, host, monitoring)
        : [];
    return {
      hostConfig: {
        id: hostConfig.id,
        name: hostConfig.name,
        hostKey,
        hostid: hostConfig.hostid,
        inSync: hostConfig.inSync,
        lastSyncUpdate: hostConfig.lastSyncUpdate,
        syncDifference: hostConfig.syncDifference,
        lastError: hostConfig.lastError,
        nameCollision: hostConfig.nameCollision,
        activeJobId: hostConfig.activeJobId,
        desiredRevision: hostConfig.desiredRevision,
        appliedRevision: hostConfig.appliedRevision,
        removalRequested: hostConfig.removalRequestedAt !== null,
      },
      zabbix,
      fields,
      differences: fields.filter((row) => row.same === false).map((row) => row.field),
    };
  }

  private async find(
    hostid: string | null,
    hostKey: string,
  ): Promise<{ host: ZabbixHost; foundBy: 'id' | 'identity' } | null> {
    if (hostid) {
      const [byId] = await this.zabbix.getHostsByIds([hostid]);
      if (byId) return { host: byId, foundBy: 'id' };
    }
    const [byIdentity] = await this.zabbix.getHostsByTag({ tag: HOST_IDENTITY_TAG, value: hostKey });
    return byIdentity ? { host: byIdentity, foundBy: 'identity' } : null;
  }

  private async monitoringIds(desired: DesiredHost): Promise<ResolvedMonitoring> {
    if (desired.monitoredBy === 'proxy' && desired.proxy) {
      const [proxy] = await this.zabbix.findProxiesByName([desired.proxy]);
      return { proxyid: proxy?.proxyid ?? null };
    }
    if (desired.monitoredBy === 'proxy_group' && desired.proxyGroup) {
      const [group] = await this.zabbix.findProxyGroupsByName([desired.proxyGroup]);
      return { proxyGroupid: group?.proxyGroupid ?? null };
    }
    return {};
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.constructor.name : 'Error';
}
