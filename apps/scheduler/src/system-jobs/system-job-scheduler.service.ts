import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Settings, SystemJobRepository, type Job } from '@lib/models';
import { PeriodicService } from '../jobs/periodic-sweep';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SETTINGS_NAME } from '../settings/settings.service';
import {
  dueRuns,
  firstRunAt,
  intervalFor,
  isPeriodic,
  nextRunAfterRun,
  rescheduledRunAt,
  type IntervalSettings,
  type PeriodicSystemJobKind,
} from './domain/system-job-schedule';
import { SystemJobLauncher } from './system-job-launcher.service';

/**
 * Runs the periodic system jobs at the intervals the settings give. Every scheduler ticks; a due run is
 * claimed under a row lock (`FOR UPDATE SKIP LOCKED`) in the transaction that creates its job and moves the
 * next run on, so each run happens once however many schedulers share the database, and any of them takes
 * over when another stops. Runs missed while all were down collapse into one.
 */
@Injectable()
export class SystemJobScheduler extends PeriodicService {
  private readonly logger = new Logger(SystemJobScheduler.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
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

  /** The periodic kinds this scheduler has runners for. */
  periodicKinds(): PeriodicSystemJobKind[] {
    return this.launcher.kinds().filter(isPeriodic);
  }

  /** One pass: applies interval changes, then starts the due runs; returns the jobs started. */
  async tick(now = new Date()): Promise<Job[]> {
    try {
      await this.reschedule(now);
      return await this.startDue(now);
    } catch (error) {
      this.logger.warn(`system job tick failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /** Creates missing schedules and moves the next run of those whose interval changed in the settings. */
  async reschedule(now = new Date()): Promise<void> {
    const kinds = this.periodicKinds();
    if (kinds.length === 0) return;
    const settings = await this.intervals();
    const schedules = new SystemJobRepository(this.dataSource.manager);
    const current = new Map((await schedules.listSchedules()).map((row) => [row.kind, row]));
    const stale = kinds.filter((kind) => current.get(kind)?.intervalMinutes !== intervalFor(kind, settings));
    if (stale.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const locked = new SystemJobRepository(manager);
      for (const kind of stale) {
        const interval = intervalFor(kind, settings);
        await locked.ensureSchedule(kind, interval, firstRunAt(now, interval));
      }
      for (const schedule of await locked.lockSchedules(stale)) {
        const interval = intervalFor(schedule.kind as PeriodicSystemJobKind, settings);
        if (schedule.intervalMinutes === interval) continue;
        schedule.nextRunAt = rescheduledRunAt(schedule, interval, now);
        this.logger.log(
          `${schedule.kind}: every ${interval} min (was ${schedule.intervalMinutes}); next run ${schedule.nextRunAt.toISOString()}`,
        );
        schedule.intervalMinutes = interval;
        await locked.saveSchedule(schedule);
      }
    });
  }

  /** Claims the due runs, creates their jobs and moves their schedules on, then runs them here. */
  async startDue(now = new Date()): Promise<Job[]> {
    const kinds = this.periodicKinds();
    const started = await this.dataSource.transaction(async (manager): Promise<Job[]> => {
      const schedules = new SystemJobRepository(manager);
      const jobs: Job[] = [];
      for (const schedule of await schedules.claimDue(kinds, now)) {
        const kind = schedule.kind as PeriodicSystemJobKind;
        const job = await this.launcher.create(
          manager,
          { kind, trigger: 'schedule', username: null, parameters: {}, retryOfJobId: null },
          now,
        );
        // One of this kind is still running: the run stays due and starts once it ends.
        if (!job) continue;
        const missed = dueRuns(schedule, now) - 1;
        if (missed > 0)
          this.logger.log(`${kind}: ${missed} run(s) missed while no scheduler was up; running once`);
        schedule.nextRunAt = nextRunAfterRun(now, schedule.intervalMinutes);
        schedule.lastRunAt = now;
        schedule.lastJobId = job.id;
        await schedules.saveSchedule(schedule);
        jobs.push(job);
      }
      return jobs;
    });
    for (const job of started) this.launcher.start(job);
    return started;
  }

  private async intervals(): Promise<IntervalSettings> {
    const settings = await this.dataSource.getRepository(Settings).findOneOrFail({
      where: { name: SETTINGS_NAME },
      select: {
        id: true,
        zabbixImportInterval: true,
        hostConfigSyncInterval: true,
        maintenanceCleanupInterval: true,
      },
    });
    return settings;
  }
}
