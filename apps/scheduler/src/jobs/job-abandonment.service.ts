import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HOST_CHECK_JOB_KIND } from '@lib/contracts';
import { EventLogRepository, HostConfigRepository, JobRepository, type Job } from '@lib/models';
import { SettingsService } from '../settings/settings.service';
import { HostRelease } from './host-release.service';
import { NextJobPlanner } from './next-job-planner.service';

/**
 * Fails a job that will never report back (it could not be sent, a writer dead-lettered it without a
 * result, or the reaper found it silent past its deadline), frees its hosts and plans what waits behind
 * them, in one transaction, with its event log entry (the writer's own failed result, when it comes
 * later, finds the job ended and is not applied again). The caller publishes the follow-ups (JobPublication).
 */
@Injectable()
export class JobAbandonment {
  private readonly logger = new Logger(JobAbandonment.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly release: HostRelease,
    private readonly planner: NextJobPlanner,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Marks the job failed, frees the host it was in flight for (or every host of a batch check), retries it
   * later when `retryable`, and returns the follow-up jobs to publish. A no-op for a job that already
   * finished.
   */
  async abandon(jobId: string, reason: string, retryable: boolean): Promise<Job[]> {
    return this.dataSource.transaction(async (manager): Promise<Job[]> => {
      const jobs = new JobRepository(manager);
      const job = await jobs.lockById(jobId);
      if (!job || job.status === 'completed' || job.status === 'failed') return [];
      this.logger.error(`${job.name}: ${reason}; marked failed [corr=${job.correlationId}]`);
      job.status = 'failed';
      job.error = reason;
      job.completedAt = new Date();
      job.publishedAt ??= job.completedAt;
      job.result = { outcome: 'failed', retryable };
      await jobs.save(job);
      if ((await this.settings.settings()).eventLogEnabled) {
        await new EventLogRepository(manager).insertMany([
          {
            name: job.name,
            level: 'error',
            message: reason,
            correlationId: job.correlationId,
            jobId: job.id,
            hostKey: job.hostKey,
            data: { operation: null, hostid: null, retryable },
            exception: reason,
          },
        ]);
      }
      // The host it was in flight for, or every host of a batch check.
      const hosts = await new HostConfigRepository(manager).lockForJobs(
        job.hostConfigId === null ? [] : [job.hostConfigId],
        job.kind === HOST_CHECK_JOB_KIND ? [job.id] : [],
      );
      const entries = hosts
        .filter((hostConfig) => hostConfig.activeJobId === job.id)
        .map((hostConfig) =>
          this.release.release(hostConfig, job, { retryable }, job.completedAt ?? new Date()),
        );
      return this.planner.planMany(manager, entries);
    });
  }
}
