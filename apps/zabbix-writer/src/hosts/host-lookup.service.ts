import { Injectable } from '@nestjs/common';
import { ZabbixClient, type ZabbixHost } from '@lib/clients';

export interface LocatedHost {
  readonly host: ZabbixHost;
  /** `id`: the host the scheduler knows; `name`: a host found by its technical name (brownfield, stale id). */
  readonly foundBy: 'id' | 'name';
}

/** Finds the Zabbix host of a job: by the known host id, else (or when that id is gone) by technical name. */
@Injectable()
export class HostLookupService {
  constructor(private readonly zabbix: ZabbixClient) {}

  async locate(hostid: string | undefined, technicalName: string): Promise<LocatedHost | undefined> {
    if (hostid !== undefined && hostid !== '') {
      const [byId] = await this.zabbix.getHostsByIds([hostid]);
      if (byId) return { host: byId, foundBy: 'id' };
    }
    const [byName] = await this.zabbix.getHostsByTechnicalNames([technicalName]);
    return byName ? { host: byName, foundBy: 'name' } : undefined;
  }
}
