import { Injectable } from '@nestjs/common';
import { type HostUpsertJobPayload } from '@lib/contracts';
import { ZabbixAlreadyExistsError, ZabbixApiError, ZabbixClient, type ZabbixHost } from '@lib/clients';
import { type JobLog } from '../jobs/job-log';
import { buildHostFields, buildHostUpdate, type ResolvedReferences } from './domain/host-fields';
import { splitTwins } from './domain/duplicate-hosts';
import { ownershipOf } from './domain/host-identity';
import { HostIdentityConflictError } from './domain/host-identity-conflict.error';
import { type HostJobOutcome } from './domain/host-job-outcome';
import { HostLookupService } from './host-lookup.service';
import { HostReferencesService } from './host-references.service';

/**
 * CreateZabbixHost / UpdateZabbixHost: brings one Zabbix host to the desired state, whichever of the two the
 * job says. Found by id or by its identity tag → `updated`; found by name with no identity (made by hand)
 * → `adopted`; found by name but owned by another NetBox object → HostIdentityConflictError, the host is
 * left alone; not found → one host.create → `created`; a create that loses a race to another writer →
 * `adopted` (Zabbix may even accept both creates: then every writer keeps the host with the smallest id).
 * Every host written carries the object's identity tag. Idempotent: running it again converges.
 */
@Injectable()
export class HostUpsertService {
  constructor(
    private readonly zabbix: ZabbixClient,
    private readonly references: HostReferencesService,
    private readonly lookup: HostLookupService,
  ) {}

  async upsert(job: HostUpsertJobPayload, log: JobLog): Promise<HostJobOutcome> {
    const { desired, hostKey } = job;
    const [references, location] = await Promise.all([
      this.references.resolve(desired),
      this.lookup.locate(hostKey, job.hostid, desired.host),
    ]);

    switch (location.kind) {
      case 'foreign':
        throw new HostIdentityConflictError(
          hostKey,
          location.host.hostid,
          location.host.host,
          location.owner,
        );
      case 'found': {
        const { host, foundBy } = location;
        if (foundBy === 'name') log.log(`adopting host ${host.hostid} "${host.host}" found by name`);
        if (foundBy === 'identity' && job.hostid !== undefined && job.hostid !== host.hostid) {
          log.warn(`host ${job.hostid} is gone; found this object's host ${host.hostid} by its identity tag`);
        }
        await this.update(host, job, references, log);
        return { operation: foundBy === 'name' ? 'adopted' : 'updated', hostid: host.hostid };
      }
      case 'none':
        return this.create(job, references, log);
    }
  }

  private async create(
    job: HostUpsertJobPayload,
    references: ResolvedReferences,
    log: JobLog,
  ): Promise<HostJobOutcome> {
    const { desired, hostKey } = job;
    let hostid: string;
    try {
      hostid = await this.zabbix.createHost(buildHostFields(desired, references, hostKey));
    } catch (error) {
      if (!(error instanceof ZabbixAlreadyExistsError)) throw error;
      // Another writer (or a person) created it meanwhile; a clash of the visible name alone stays an error.
      const [existing] = await this.zabbix.getHostsByTechnicalNames([desired.host]);
      if (!existing) throw error;
      const ownership = ownershipOf(existing.tags, hostKey);
      if (ownership.kind === 'foreign') {
        throw new HostIdentityConflictError(hostKey, existing.hostid, existing.host, ownership.owner);
      }
      log.warn(`host "${desired.host}" appeared while creating it; adopting ${existing.hostid}`);
      await this.update(existing, job, references, log);
      return { operation: 'adopted', hostid: existing.hostid };
    }
    return this.settleConcurrentCreates(hostid, job, references, log);
  }

  /** After a create: if another writer created the same host at the same moment, keep one (the oldest). */
  private async settleConcurrentCreates(
    hostid: string,
    job: HostUpsertJobPayload,
    references: ResolvedReferences,
    log: JobLog,
  ): Promise<HostJobOutcome> {
    const { desired, hostKey } = job;
    const namesakes = await this.zabbix.getHostsByTechnicalNames([desired.host]);
    const twins = splitTwins(namesakes.filter((host) => ownershipOf(host.tags, hostKey).kind === 'ours'));
    if (!twins || twins.extras.length === 0) return { operation: 'created', hostid };
    const extraids = twins.extras.map((extra) => extra.hostid);
    log.warn(
      `"${desired.host}" was created concurrently (hosts ${[twins.keeper.hostid, ...extraids].join(', ')}); ` +
        `keeping ${twins.keeper.hostid}`,
    );
    await this.deleteIfStillThere(extraids);
    if (twins.keeper.hostid === hostid) return { operation: 'created', hostid };
    await this.update(twins.keeper, job, references, log);
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
    job: HostUpsertJobPayload,
    references: ResolvedReferences,
    log: JobLog,
  ): Promise<void> {
    const { desired } = job;
    const update = buildHostUpdate(existing, desired, references, job.hostKey);
    if (existing.host !== desired.host) log.log(`renaming "${existing.host}" to "${desired.host}"`);
    if (update.templateidsToClear && update.templateidsToClear.length > 0) {
      log.log(`clearing templates ${update.templateidsToClear.join(', ')}`);
    }
    await this.zabbix.updateHost(update);
  }
}
