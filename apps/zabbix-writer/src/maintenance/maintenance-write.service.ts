import { Injectable } from '@nestjs/common';
import { PermanentError, type MaintenanceJobPayload } from '@lib/contracts';
import { ZabbixAlreadyExistsError, ZabbixClient, type ZabbixMaintenanceDetails } from '@lib/clients';
import { type HostJobOutcome } from '../hosts/domain/host-job-outcome';
import { type JobLog } from '../jobs/job-log';
import { maintenanceSpecOf, markedOwner } from './domain/maintenance-identity';

/**
 * CreateZabbixMaintenance, UpdateZabbixMaintenance, DeleteZabbixMaintenance. Idempotent: the maintenance is
 * found by the id the scheduler knows, then by name; one found by name is adopted only when its description
 * carries our marker for this maintenance (see maintenance-identity.ts), so a redelivered create updates
 * what the first attempt made. A create or update without hosts fails: Zabbix cannot hold one.
 */
@Injectable()
export class MaintenanceWriteService {
  constructor(private readonly zabbix: ZabbixClient) {}

  write(job: MaintenanceJobPayload, log: JobLog): Promise<HostJobOutcome> {
    return job.kind === 'DeleteZabbixMaintenance' ? this.delete(job, log) : this.upsert(job, log);
  }

  private async upsert(job: MaintenanceJobPayload, log: JobLog): Promise<HostJobOutcome> {
    if (job.hostids.length === 0) {
      throw new PermanentError(
        `maintenance "${job.name}" has no target host in Zabbix, and Zabbix cannot hold a maintenance without hosts`,
      );
    }
    const spec = maintenanceSpecOf(job);
    const existing = await this.find(job);
    if (existing) {
      await this.zabbix.updateMaintenance(existing.maintenance.maintenanceid, spec);
      return { operation: existing.operation, maintenanceid: existing.maintenance.maintenanceid };
    }
    try {
      const maintenanceid = await this.zabbix.createMaintenance(spec);
      return { operation: 'created', maintenanceid };
    } catch (error) {
      if (!(error instanceof ZabbixAlreadyExistsError)) throw error;
      // Another attempt of this job created it meanwhile: take it over if it is ours.
      log.warn(`maintenance "${job.name}" appeared while creating it; looking again`);
      const raced = await this.find(job);
      if (!raced) throw error;
      await this.zabbix.updateMaintenance(raced.maintenance.maintenanceid, spec);
      return { operation: 'adopted', maintenanceid: raced.maintenance.maintenanceid };
    }
  }

  private async delete(job: MaintenanceJobPayload, log: JobLog): Promise<HostJobOutcome> {
    const existing = await this.find(job);
    if (!existing) {
      log.log(`maintenance "${job.name}" is not in Zabbix: nothing to delete`);
      return { operation: 'absent' };
    }
    await this.zabbix.deleteMaintenances([existing.maintenance.maintenanceid]);
    return { operation: 'deleted', maintenanceid: existing.maintenance.maintenanceid };
  }

  /**
   * Ours by id, then ours by name (adopted). A maintenance of that name that is not ours (no marker, or
   * another maintenance's) fails the job, naming it: the bridge never takes over a maintenance made by hand.
   */
  private async find(
    job: MaintenanceJobPayload,
  ): Promise<{ maintenance: ZabbixMaintenanceDetails; operation: 'updated' | 'adopted' } | null> {
    if (job.maintenanceid !== undefined) {
      const [byId] = await this.zabbix.getMaintenancesByIds([job.maintenanceid]);
      if (byId && markedOwner(byId.description) === job.maintenanceId) {
        return { maintenance: byId, operation: 'updated' };
      }
    }
    const [byName] = await this.zabbix.findMaintenancesByName([job.name]);
    if (!byName) return null;
    const owner = markedOwner(byName.description);
    if (owner !== job.maintenanceId) {
      if (job.kind === 'DeleteZabbixMaintenance') return null;
      throw new PermanentError(
        `Zabbix maintenance "${byName.name}" (maintenanceid ${byName.maintenanceid}) already exists and ` +
          (owner === null ? 'was not made by this bridge' : `belongs to the bridge's maintenance ${owner}`),
      );
    }
    return {
      maintenance: byName,
      operation: job.maintenanceid === byName.maintenanceid ? 'updated' : 'adopted',
    };
  }
}
