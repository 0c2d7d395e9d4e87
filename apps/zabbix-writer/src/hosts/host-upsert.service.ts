import { Injectable } from '@nestjs/common';
import { type DesiredHost, type HostUpsertJobPayload } from '@lib/contracts';
import { ZabbixAlreadyExistsError, ZabbixApiError, ZabbixClient, type ZabbixHost } from '@lib/clients';
import { type JobLog } from '../jobs/job-log';
import { buildHostFields, buildHostUpdate, type ResolvedReferences } from './domain/host-fields';
import { splitTwins } from './domain/duplicate-hosts';
import { type HostJobOutcome } from './domain/host-job-outcome';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';

/**
 * CreateZabbixHost / UpdateZabbixHost: brings one Zabbix host to the desired state, whichever of the two the
 * job says. Found by id → `updated`; found by name only (made by hand, or the known id is gone) → `adopted`;
 * not found → one host.create → `created`; a create that loses a race to another writer → `adopted`
 * (Zabbix may even accept both creates: then every writer keeps the host with the smallest id).
 * Idempotent: running it again converges to the same host.
 */
@Injectable()
export class HostUpsertService {
  constructor(
    private readonly zabbix: ZabbixClient,
    private readonly references: HostReferencesService,
    private readonly lookup: HostLookupService,
  ) {}

  async upsert(job: HostUpsertJobPayload, log: JobLog): Promise<HostJobOutcome> {
    const desired = job.desired;
    const [references, located] = await Promise.all([
      this.references.resolve(desired),
      this.lookup.locate(job.hostid, desired.host),
    ]);

    if (located) {
      if (located.foundBy === 'name') {
        log.log(`adopting host ${located.host.hostid} "${located.host.host}" found by name`);
      }
      await this.update(located.host, desired, references, log);
      return { operation: located.foundBy === 'id' ? 'updated' : 'adopted', hostid: located.host.hostid };
    }

    let hostid: string;
    try {
      hostid = await this.zabbix.createHost(buildHostFields(desired, references));
    } catch (error) {
      if (!(error instanceof ZabbixAlreadyExistsError)) throw error;
      // Another writer (or a person) created it meanwhile; a clash of the visible name alone stays an error.
      const [existing] = await this.zabbix.getHostsByTechnicalNames([desired.host]);
      if (!existing) throw error;
      log.warn(`host "${desired.host}" appeared while creating it; adopting ${existing.hostid}`);
      await this.update(existing, desired, references, log);
      return { operation: 'adopted', hostid: existing.hostid };
    }
    return this.settleConcurrentCreates(hostid, desired, references, log);
  }

  /** After a create: if another writer created the same host at the same moment, keep one (the oldest). */
  private async settleConcurrentCreates(
    hostid: string,
    desired: DesiredHost,
    references: ResolvedReferences,
    log: JobLog,
  ): Promise<HostJobOutcome> {
    const twins = splitTwins(await this.zabbix.getHostsByTechnicalNames([desired.host]));
    if (!twins || twins.extras.length === 0) return { operation: 'created', hostid };
    const extraids = twins.extras.map((extra) => extra.hostid);
    log.warn(
      `"${desired.host}" was created concurrently (hosts ${[twins.keeper.hostid, ...extraids].join(', ')}); ` +
        `keeping ${twins.keeper.hostid}`,
    );
    await this.deleteIfStillThere(extraids);
    if (twins.keeper.hostid === hostid) return { operation: 'created', hostid };
    await this.update(twins.keeper, desired, references, log);
    return { operation: 'adopted', hostid: twins.keeper.hostid };
  }

  /** The other writer may be deleting the same duplicates: only what still exists is deleted. */
  private async deleteIfStillThere(hostids: readonly string[]): Promise<void> {
    try {
      await this.zabbix.deleteHosts(hostids);
    } catch (error) {
      if (!(error instanceof ZabbixApiError)) throw error;
      const remaining = await this.zabbix.getHostsByIds(hostids);
      await this.zabbix.deleteHosts(remaining.map((host) => host.hostid));
    }
  }

  private async update(
    existing: ZabbixHost,
    desired: DesiredHost,
    references: ResolvedReferences,
    log: JobLog,
  ): Promise<void> {
    const update = buildHostUpdate(existing, desired, references);
    if (existing.host !== desired.host) log.log(`renaming "${existing.host}" to "${desired.host}"`);
    if (update.templateidsToClear && update.templateidsToClear.length > 0) {
      log.log(`clearing templates ${update.templateidsToClear.join(', ')}`);
    }
    await this.zabbix.updateHost(update);
  }
}
