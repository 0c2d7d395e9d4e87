import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Job } from '@lib/models';
import { HOST_JOB_KINDS, HostJobRetry, type RetryStarted } from './host-job-retry.service';
import { isSystemJobKind, SystemJobLauncher } from './system-job-launcher.service';

/**
 * Retries a failed (or dead-lettered) job: a system job runs again as a new job of its kind with the same
 * parameters; a host job re-plans its host. Dead letters of other messages cannot be retried from here.
 */
@Injectable()
export class JobRetryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly launcher: SystemJobLauncher,
    private readonly hosts: HostJobRetry,
  ) {}

  async retry(id: string, username: string | null): Promise<RetryStarted> {
    const failed = await this.dataSource.getRepository(Job).findOneBy({ id });
    if (!failed) throw new NotFoundException(`no job ${id}`);
    if (failed.status !== 'failed' && failed.status !== 'dead_lettered') {
      throw new ConflictException(`job ${id} is ${failed.status}: only a failed job can be retried`);
    }
    const kind = failed.kind;
    if (isSystemJobKind(kind)) {
      if (!this.launcher.kinds().includes(kind))
        throw new ConflictException(`this scheduler cannot run ${kind}`);
      const job = await this.dataSource.transaction((manager) =>
        this.launcher.create(manager, {
          kind,
          trigger: 'retry',
          username,
          parameters: failed.parameters ?? {},
          retryOfJobId: failed.id,
        }),
      );
      if (!job) throw new ConflictException(`a ${kind} job is already pending or running`);
      this.launcher.start(job);
      return { jobId: job.id };
    }
    if (HOST_JOB_KINDS.includes(kind) && failed.hostConfigId !== null)
      return this.hosts.retry(failed, username);
    throw new ConflictException(`${kind} jobs cannot be retried`);
  }
}
