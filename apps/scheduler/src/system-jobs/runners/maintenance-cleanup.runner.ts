import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ZabbixClient } from '@lib/clients';
import { Maintenance, MaintenanceRepository } from '@lib/models';
import { type SystemJobProgress, type SystemJobRequest, type SystemJobRunner } from '../system-job-runner';

/**
 * MaintenanceCleanup: maintenance windows whose end time has passed are deleted in Zabbix (one call for
 * all; those already gone there are skipped), then here. When Zabbix refuses, nothing is deleted here and
 * the job fails, so the next run tries again. A maintenance whose create, update or delete job is still in
 * flight waits for the next run. `{"dryRun": true}` only lists them.
 */
@Injectable()
export class MaintenanceCleanupRunner implements SystemJobRunner {
  readonly kind = 'MaintenanceCleanup' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly zabbix: ZabbixClient,
  ) {}

  async run(request: SystemJobRequest, progress: SystemJobProgress): Promise<Record<string, unknown>> {
    const now = new Date();
    const maintenances = this.dataSource.getRepository(Maintenance);
    // One with a job in flight is left for the next run, so the job's result finds its row.
    const expired = await new MaintenanceRepository(this.dataSource.manager).findExpiredIdle(now);
    const names = expired.map((maintenance) => maintenance.name);
    if (request.parameters.dryRun === true) {
      return {
        dryRun: true,
        checked: expired.length,
        deleted: 0,
        wouldDelete: names,
        timestamp: now.toISOString(),
      };
    }
    await progress.report(0, expired.length);
    const zabbixIds = expired.flatMap((maintenance) =>
      maintenance.zabbixId === null ? [] : [maintenance.zabbixId],
    );
    const present = (await this.zabbix.getMaintenancesByIds(zabbixIds)).map((found) => found.maintenanceid);
    await this.zabbix.deleteMaintenances(present);
    if (expired.length > 0) await maintenances.delete(expired.map((maintenance) => maintenance.id));
    await progress.report(expired.length, expired.length);
    return {
      checked: expired.length,
      deleted: expired.length,
      deletedInZabbix: present.length,
      alreadyGoneInZabbix: zabbixIds.length - present.length,
      names,
      timestamp: now.toISOString(),
    };
  }
}
