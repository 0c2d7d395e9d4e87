import { Injectable } from '@nestjs/common';
import { PermanentError, type HostDeleteJobPayload } from '@lib/contracts';
import { ZabbixAlreadyExistsError, ZabbixApiError, ZabbixClient, type ZabbixHost } from '@lib/clients';
import { type JobLog } from '../jobs/job-log';
import { withArchiveMark } from './domain/archive-mark';
import {
  archiveSearchPrefix,
  isArchived,
  isArchivedName,
  pickArchivedNames,
  type ArchivedNames,
} from './domain/graveyard-name';
import { type HostJobOutcome } from './domain/host-job-outcome';
import { maintenancesEmptiedBy } from './domain/maintenance-plan';
import { HostLookupService } from './host-lookup.service';

/** Another writer may take the same graveyard name between our look-up and our rename. */
const MAX_RENAME_ATTEMPTS = 3;
/** Maintenance membership may change between our look-up and host.delete. */
const MAX_DELETE_ATTEMPTS = 2;

/**
 * DeleteZabbixHost. `hard`: delete the host (and first any maintenance it is the only member of). `soft`:
 * archive it: disabled, in the graveyard group only, renamed `<host><suffix>` (`-2`, `-3`, … when taken),
 * its tags (the identity tag among them) kept and the archive mark added, so that the upsert that brings
 * its object back restores this host rather than creating another (HostUpsertService). Idempotent: a host that is gone is `absent`, a host already archived is left as it is.
 */
@Injectable()
export class HostDeleteService {
  constructor(
    private readonly zabbix: ZabbixClient,
    private readonly lookup: HostLookupService,
  ) {}

  async delete(job: HostDeleteJobPayload, log: JobLog): Promise<HostJobOutcome> {
    const location = await this.lookup.locate(job.hostKey, job.hostid, job.host);
    switch (location.kind) {
      case 'none':
        log.log(`host "${job.host}" is not in Zabbix: nothing to delete`);
        return { operation: 'absent' };
      case 'foreign':
        // Its name is ours, the host is not: this object has no host to remove.
        log.warn(
          `host "${location.host.host}" (hostid ${location.host.hostid}) belongs to ${location.owner}; left alone`,
        );
        return { operation: 'absent' };
      case 'found':
        break;
    }
    switch (job.mode) {
      case 'hard':
        return this.deleteHard(location.host, log);
      case 'soft':
        return this.archive(location.host, job, log);
    }
  }

  private async deleteHard(host: ZabbixHost, log: JobLog): Promise<HostJobOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const emptied = maintenancesEmptiedBy(
        host.hostid,
        await this.zabbix.getMaintenancesOfHost(host.hostid),
      );
      if (emptied.length > 0) {
        log.log(
          `deleting maintenance ${emptied.map((item) => `"${item.name}"`).join(', ')}: this host is its only member`,
        );
        await this.zabbix.deleteMaintenances(emptied.map((item) => item.maintenanceid));
      }
      try {
        await this.zabbix.deleteHosts([host.hostid]);
        return { operation: 'deleted', hostid: host.hostid };
      } catch (error) {
        if (!(error instanceof ZabbixApiError)) throw error;
        const [still] = await this.zabbix.getHostsByIds([host.hostid]);
        if (!still) return { operation: 'deleted', hostid: host.hostid };
        if (attempt >= MAX_DELETE_ATTEMPTS) throw error;
        log.warn(`host.delete refused (${error.data}); looking at its maintenances again`);
      }
    }
  }

  private async archive(host: ZabbixHost, job: HostDeleteJobPayload, log: JobLog): Promise<HostJobOutcome> {
    const { graveyard } = job;
    if (isArchived(host, job.host, graveyard)) {
      log.log(`host ${host.hostid} is already archived as "${host.host}"`);
      return { operation: 'archived', hostid: host.hostid };
    }
    const [group] = await this.zabbix.ensureHostGroups([graveyard.group]);
    if (!group) throw new PermanentError(`host group "${graveyard.group}" could not be created`);

    for (let attempt = 1; ; attempt += 1) {
      const names = await this.graveyardNames(host, job);
      try {
        await this.zabbix.updateHost({
          hostid: host.hostid,
          host: names.host,
          name: names.name,
          status: 1,
          groupids: [group.groupid],
          tags: withArchiveMark(host.tags, job.host),
        });
        log.log(`archived host ${host.hostid} as "${names.host}" in "${graveyard.group}"`);
        return { operation: 'archived', hostid: host.hostid };
      } catch (error) {
        if (!(error instanceof ZabbixAlreadyExistsError) || attempt >= MAX_RENAME_ATTEMPTS) throw error;
        log.warn(`graveyard name "${names.host}" was taken meanwhile; choosing another`);
      }
    }
  }

  /** Keeps the names of a host that already carries a graveyard name (re-enabled by hand, say). */
  private async graveyardNames(host: ZabbixHost, job: HostDeleteJobPayload): Promise<ArchivedNames> {
    const { suffix } = job.graveyard;
    if (isArchivedName(host.host, job.host, suffix)) return { host: host.host, name: host.name };
    const taken = await this.zabbix.findHostNamesStartingWith({
      host: archiveSearchPrefix(host.host, suffix),
      name: archiveSearchPrefix(host.name, suffix),
    });
    return pickArchivedNames(host, suffix, taken);
  }
}
