import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HostConfigRepository } from '@lib/models';
import { HostSyncService } from '../hosts/host-sync.service';
import { HostCheckPlanner } from '../jobs/host-check-planner.service';
import { JobPublication } from '../jobs/job-publication.service';
import { type JobOrigin } from '../jobs/job-factory';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SettingsService } from '../settings/settings.service';
import {
  type SystemJobProgress,
  type SystemJobRequest,
  type SystemJobRunner,
} from '../system-jobs/system-job-runner';
import { waitForJobs } from './job-waiter';

const MINUTE_MS = 60_000;

/**
 * HostConfigSyncRefresh: host configs not checked within `cutoff_host_config_sync` minutes (or the run's
 * `cutoffMinutes`) are compared with Zabbix, in batches spread over the writers: one compare-only job per
 * PLAN_BATCH_SIZE hosts (CheckZabbixHosts), and each host's `in_sync`, `last_sync_update` and difference
 * are stored when its result comes back.
 * With the setting `repair_drift` the hosts get ordinary jobs instead, which write only what drifted.
 * Hosts with a job in flight are left to that job.
 */
@Injectable()
export class HostConfigSyncRefreshRunner implements SystemJobRunner, OnModuleDestroy {
  readonly kind = 'HostConfigSyncRefresh' as const;
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly checks: HostCheckPlanner,
    private readonly publication: JobPublication,
    private readonly hosts: HostSyncService,
    private readonly settings: SettingsService,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
  ) {}

  onModuleDestroy(): void {
    this.stopping = true;
  }

  async run(request: SystemJobRequest, progress: SystemJobProgress): Promise<Record<string, unknown>> {
    const settings = await this.settings.settings();
    const requested = request.parameters.cutoffMinutes;
    const cutoffMinutes = typeof requested === 'number' ? requested : settings.cutoffHostConfigSync;
    const cutoff = new Date(Date.now() - cutoffMinutes * MINUTE_MS);
    const origin: JobOrigin = { correlationId: request.correlationId, username: request.startedBy };
    const due = await new HostConfigRepository(this.dataSource.manager).findDueForCheck(cutoff);
    const mode = settings.repairDrift ? 'repair' : 'report';
    // One batch is published while the next is planned, so writers start on the first at once.
    let publishing: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < due.length; start += this.config.PLAN_BATCH_SIZE) {
      const batch = due.slice(start, start + this.config.PLAN_BATCH_SIZE);
      const jobs =
        mode === 'repair'
          ? await this.hosts.planReconcile(batch, origin)
          : await this.dataSource.transaction(async (manager) =>
              this.checks.planChecks(
                manager,
                await new HostConfigRepository(manager).lockByObjects(batch),
                origin,
              ),
            );
      await publishing;
      publishing = this.publication.publishMany(jobs);
    }
    await publishing;
    const jobs = await waitForJobs(this.dataSource, request.correlationId, progress, () => this.stopping);
    const states = await new HostConfigRepository(this.dataSource.manager).syncStates(
      due.map((host) => host.id),
    );
    return {
      mode,
      cutoffMinutes,
      cutoff: cutoff.toISOString(),
      total: due.length,
      inSync: states.matching,
      drifted: states.drifted,
      failed: jobs.failed,
      jobs,
    };
  }
}
