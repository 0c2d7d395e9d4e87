import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JobResultPayload } from '@lib/contracts';
import { MaintenanceRepository, type Job } from '@lib/models';

/**
 * Inside JobResultService's transaction, for a maintenance job that just ended: a success records the
 * Zabbix maintenance id (or, for a delete, removes the row); a failure marks the maintenance failed with
 * the error. A result of a job that is no longer the maintenance's newest changes nothing.
 */
@Injectable()
export class MaintenanceResultService {
  private readonly logger = new Logger(MaintenanceResultService.name);

  async apply(manager: EntityManager, job: Job, result: JobResultPayload): Promise<void> {
    const maintenanceId = Number(job.payload.maintenanceId);
    const maintenances = new MaintenanceRepository(manager);
    const maintenance = await maintenances.lockById(maintenanceId);
    if (!maintenance || maintenance.lastJobId !== job.id) return;
    if (job.status === 'failed') {
      maintenance.status = 'failed';
      maintenance.lastError = job.error;
      await maintenances.save(maintenance);
      return;
    }
    if (job.kind === 'DeleteZabbixMaintenance') {
      await maintenances.remove(maintenance.id);
      this.logger.log(
        `maintenance ${maintenance.id} "${maintenance.name}" deleted [corr=${job.correlationId}]`,
      );
      return;
    }
    maintenance.zabbixId = result.maintenanceid ?? maintenance.zabbixId;
    maintenance.status = 'pending';
    maintenance.lastError = null;
    await maintenances.save(maintenance);
  }
}
