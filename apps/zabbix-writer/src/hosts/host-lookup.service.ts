import { Injectable } from '@nestjs/common';
import { ZabbixClient } from '@lib/clients';
import { identityTag } from './domain/host-identity';
import {
  knownHostid,
  locateAmong,
  type HostCandidates,
  type HostLocation,
  type HostLookupRequest,
} from './domain/host-location';

/** Finds the Zabbix hosts of jobs, never taking one that another NetBox object owns. */
@Injectable()
export class HostLookupService {
  constructor(private readonly zabbix: ZabbixClient) {}

  async locate(hostKey: string, hostid: string | undefined, technicalName: string): Promise<HostLocation> {
    const [location] = await this.locateAll([{ hostKey, hostid, technicalName }]);
    return location ?? { kind: 'none' };
  }

  /**
   * The hosts of many jobs in at most three host.get calls, whatever their number: one by the known ids;
   * then, for the jobs not found by id, one by identity tags and one by technical names, side by side.
   */
  async locateAll(requests: readonly HostLookupRequest[]): Promise<HostLocation[]> {
    const hostids = unique(requests.map(knownHostid).filter((hostid) => hostid !== undefined));
    const byId = await this.zabbix.getHostsByIds(hostids);
    const found = new Set(byId.map((host) => host.hostid));
    const rest = requests.filter((request) => {
      const hostid = knownHostid(request);
      return hostid === undefined || !found.has(hostid);
    });
    const [byIdentity, byName] = await Promise.all([
      this.zabbix.getHostsByAnyTag(unique(rest.map((request) => request.hostKey)).map(identityTag)),
      this.zabbix.getHostsByTechnicalNames(unique(rest.map((request) => request.technicalName))),
    ]);
    const candidates: HostCandidates = { byId, byIdentity, byName };
    return requests.map((request) => locateAmong(request, candidates));
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
