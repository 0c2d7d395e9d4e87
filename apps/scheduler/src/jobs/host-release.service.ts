import { Inject, Injectable, Logger } from '@nestjs/common';
import { HOST_CHECK_JOB_KIND, type HostCheckJobPayload } from '@lib/contracts';
import { type HostConfig, type Job } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { retryAt } from './domain/job-retry';
import { type PlanEntry } from './next-job-planner.service';

/**
 * The host's revision a job dealt with: the job's own, or, for a batch check, the one it compared for this
 * host (a change that arrived during the check follows it).
 */
function handledRevisionOf(job: Job, hostConfig: HostConfig): number {
  if (job.revision !== null) return job.revision;
  if (job.kind !== HOST_CHECK_JOB_KIND) return hostConfig.desiredRevision;
  const key = `${hostConfig.objectType}:${hostConfig.objectId}`;
  const { hosts } = job.payload as unknown as HostCheckJobPayload;
  return hosts.find((host) => host.hostKey === key)?.revision ?? hostConfig.desiredRevision;
}

/**
 * Decides what a host config keeps of a job that ended: frees the host and records the success, or the
 * failure with a retry when it may pass and retries are left.
 */
@Injectable()
export class HostRelease {
  private readonly logger = new Logger(HostRelease.name);

  constructor(@Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig) {}

  /**
   * In memory, for a locked host config whose active job just ended: frees the host and records the failure
   * (scheduling a retry when it may pass and retries are left) or the success. Returns what
   * NextJobPlanner.planMany needs to plan the follow-up job, so the follow-ups of many results are planned
   * together.
   */
  release(
    hostConfig: HostConfig,
    job: Job,
    failure: { readonly retryable: boolean } | null,
    now: Date,
  ): PlanEntry {
    const handledRevision = handledRevisionOf(job, hostConfig);
    hostConfig.activeJobId = null;
    hostConfig.lastSyncUpdate = now;
    if (failure) {
      hostConfig.failedAttempts += 1;
      hostConfig.inSync = false;
      hostConfig.lastError = job.error;
      const retry = retryAt(
        hostConfig.failedAttempts,
        failure.retryable,
        {
          limit: this.config.JOB_RETRY_LIMIT,
          baseMs: this.config.JOB_RETRY_BASE_MS,
          maxMs: this.config.JOB_RETRY_MAX_MS,
        },
        now,
        Math.random(),
      );
      // A follow-up planned below (a newer change) clears this; otherwise the deferred sweep sends the retry.
      if (retry) hostConfig.dispatchAfter = retry;
      const next = retry ? `retry at ${retry.toISOString()}` : 'no retry';
      this.logger.warn(
        `${job.name}: failure ${hostConfig.failedAttempts} in a row, ${next} [corr=${job.correlationId}]`,
      );
    } else {
      hostConfig.failedAttempts = 0;
      hostConfig.lastError = null;
    }
    return {
      hostConfig,
      handledRevision,
      origin: { correlationId: hostConfig.lastCorrelationId ?? job.correlationId, username: job.username },
    };
  }
}
