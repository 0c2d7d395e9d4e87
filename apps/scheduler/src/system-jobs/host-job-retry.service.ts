import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HostConfigRepository, Job } from '@lib/models';
import { JobPublication } from '../jobs/job-publication.service';
import { NextJobPlanner } from '../jobs/next-job-planner.service';

/** The kinds of host jobs; retrying one re-plans its host. */
export const HOST_JOB_KINDS: readonly string[] = ['CreateZabbixHost', 'UpdateZabbixHost', 'DeleteZabbixHost'];

export interface RetryStarted {
  /** The new job; null when the host's settle window holds it back (it goes out shortly) or nothing is left to do. */
  readonly jobId: string | null;
}

/**
 * Retrying a failed host job means planning its host again, as a change would: the host's current desired
 * state (or its removal) goes out as a fresh create, update or delete job, with a fresh retry budget.
 */
@Injectable()
export class HostJobRetry {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly planner: NextJobPlanner,
    private readonly publication: JobPublication,
  ) {}

  async retry(failed: Job, username: string | null): Promise<RetryStarted> {
    const hostConfigId = failed.hostConfigId;
    if (hostConfigId === null) throw new ConflictException(`job ${failed.id} names no host config`);
    const job = await this.dataSource.transaction(async (manager): Promise<Job | null> => {
      const hostConfig = await new HostConfigRepository(manager).lockById(hostConfigId);
      if (!hostConfig) {
        throw new ConflictException(`host config ${hostConfigId} no longer exists: nothing to retry`);
      }
      if (hostConfig.activeJobId !== null) {
        throw new ConflictException(`job ${hostConfig.activeJobId} of this host is in flight`);
      }
      hostConfig.failedAttempts = 0;
      hostConfig.dispatchAfter = null;
      hostConfig.deferredSince = null;
      const planned = await this.planner.planNext(manager, hostConfig, hostConfig.desiredRevision - 1, {
        correlationId: `retry:${failed.id}`,
        username,
      });
      if (planned) {
        planned.trigger = 'retry';
        planned.retryOfJobId = failed.id;
        await manager.getRepository(Job).update(planned.id, { trigger: 'retry', retryOfJobId: failed.id });
      }
      return planned;
    });
    if (job) await this.publication.publish(job);
    return { jobId: job?.id ?? null };
  }
}
