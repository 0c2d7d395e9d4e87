import { Injectable } from '@nestjs/common';
import { ZabbixClient, type ZabbixHost } from '@lib/clients';
import { identityTag, ownershipOf } from './domain/host-identity';

/**
 * - `found`: the host of this NetBox object: by the id the scheduler knows, by its identity tag (renamed,
 *   archived, or the id was lost), or by technical name when it carries no identity (made by hand: adopted).
 * - `foreign`: the host with the object's name belongs to another NetBox object.
 * - `none`: there is no such host.
 */
export type HostLocation =
  | { readonly kind: 'found'; readonly host: ZabbixHost; readonly foundBy: 'id' | 'identity' | 'name' }
  | { readonly kind: 'foreign'; readonly host: ZabbixHost; readonly owner: string }
  | { readonly kind: 'none' };

/** Finds the Zabbix host of a job, never taking one that another NetBox object owns. */
@Injectable()
export class HostLookupService {
  constructor(private readonly zabbix: ZabbixClient) {}

  async locate(hostKey: string, hostid: string | undefined, technicalName: string): Promise<HostLocation> {
    if (hostid !== undefined && hostid !== '') {
      const [byId] = await this.zabbix.getHostsByIds([hostid]);
      if (byId) return this.judge(byId, hostKey, 'id');
    }
    const [byIdentity, byName] = await Promise.all([
      this.zabbix.getHostsByTag(identityTag(hostKey)),
      this.zabbix.getHostsByTechnicalNames([technicalName]),
    ]);
    const [claimed] = byIdentity;
    if (claimed) return { kind: 'found', host: claimed, foundBy: 'identity' };
    const [named] = byName;
    return named ? this.judge(named, hostKey, 'name') : { kind: 'none' };
  }

  private judge(host: ZabbixHost, hostKey: string, foundBy: 'id' | 'name'): HostLocation {
    const ownership = ownershipOf(host.tags, hostKey);
    return ownership.kind === 'foreign'
      ? { kind: 'foreign', host, owner: ownership.owner }
      : { kind: 'found', host, foundBy };
  }
}
