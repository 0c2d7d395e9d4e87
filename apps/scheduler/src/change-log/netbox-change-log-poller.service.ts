import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NetboxChangeLogRepository, Settings, type Job } from '@lib/models';
import { PeriodicService } from '../jobs/periodic-sweep';
import { NetboxStateService } from '../netbox/netbox-state.service';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SETTINGS_NAME } from '../settings/settings.service';
import { SystemJobLauncher } from '../system-jobs/system-job-launcher.service';
import { isPollDue } from './domain/change-log-cursor';

/**
 * Starts a NetboxChangeLogPoll job every `netboxChangeLogInterval` seconds (a setting; 0: never) when
 * NETBOX_URL is set. Every scheduler looks each SYSTEM_JOB_TICK_MS; the one that locks the cursor row
 * (`SKIP LOCKED`) and finds a poll due creates the job and records the start in the same transaction, so
 * the change log is read by one scheduler at a time however many run, and by another when one stops.
 */
@Injectable()
export class NetboxChangeLogPoller extends PeriodicService {
  private readonly logger = new Logger(NetboxChangeLogPoller.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    private readonly netbox: NetboxStateService,
    private readonly launcher: SystemJobLauncher,
  ) {
    super();
  }

  protected interval(): number {
    return this.config.SYSTEM_JOB_TICK_MS;
  }

  protected runOnce(): Promise<unknown> {
    return this.tick();
  }

  /** One look: the poll job it started, if one was due. */
  async tick(now = new Date()): Promise<Job | null> {
    if (!this.netbox.enabled) return null;
    try {
      const { netboxChangeLogInterval } = await this.dataSource.getRepository(Settings).findOneOrFail({
        where: { name: SETTINGS_NAME },
        select: { id: true, netboxChangeLogInterval: true },
      });
      const job = await this.dataSource.transaction(async (manager): Promise<Job | null> => {
        const cursors = new NetboxChangeLogRepository(manager);
        const cursor = await cursors.lockCursor();
        if (!cursor || !isPollDue(cursor.lastPollAt, netboxChangeLogInterval, now)) return null;
        const created = await this.launcher.create(
          manager,
          {
            kind: 'NetboxChangeLogPoll',
            trigger: 'schedule',
            username: null,
            parameters: {},
            retryOfJobId: null,
          },
          now,
        );
        // The previous poll is still running: this one waits for the next tick.
        if (created) await cursors.saveCursor({ lastPollAt: now });
        return created;
      });
      if (job) this.launcher.start(job);
      return job;
    } catch (error) {
      this.logger.warn(
        `change log poll tick failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    }
  }
}
