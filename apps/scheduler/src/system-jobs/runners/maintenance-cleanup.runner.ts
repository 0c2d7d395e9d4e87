import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { ZabbixClient } from '@lib/clients';
import { Maintenance } from '@lib/models';
import { type SystemJobProgress, type SystemJobRequest, type SystemJobRunner } from '../system-job-runner';

/**
 * MaintenanceCleanup: maintenance windows whose end time has passed are deleted in Zabbix (one call for
 * all; those already gone there are skipped), then here. When Zabbix refuses, nothing is deleted here and
 * the job fails, so the next run tries again. `{"dryRun": true}` only lists them.
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
    const expired = await maintenances.find({
      select: { id: true, name: true, zabbixId: true, endTime: true },
      where: { endTime: LessThanOrEqual(now) },
      order: { endTime: 'ASC' },
    });
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
