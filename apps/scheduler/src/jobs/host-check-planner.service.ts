import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { HOST_CHECK_MAX_HOSTS } from '@lib/contracts';
import { HostConfigRepository, JobRepository, type HostConfig, type Job } from '@lib/models';
import { checkBatchJob, type JobOrigin } from './job-factory';

/**
 * Decides which hosts a compare-only run (HostConfigSyncRefresh) checks, and in which batch: one
 * CheckZabbixHosts job per HOST_CHECK_MAX_HOSTS hosts, each the job in flight of its hosts.
 */
@Injectable()
export class HostCheckPlanner {
  /**
   * Inside the caller's transaction: compare-only jobs, one per HOST_CHECK_MAX_HOSTS, for the locked host
   * configs that are in Zabbix, have a desired state and no job in flight (the others are skipped); each
   * becomes its hosts' job in flight. Returns the jobs to publish.
   */
  async planChecks(
    manager: EntityManager,
    hostConfigs: readonly HostConfig[],
    origin: JobOrigin,
  ): Promise<Job[]> {
    const checked = hostConfigs.flatMap((hostConfig) => {
      const desired = hostConfig.desiredState;
      if (hostConfig.activeJobId !== null || hostConfig.hostid === null || !desired) return [];
      return hostConfig.removalRequestedAt === null ? [{ hostConfig, desired }] : [];
    });
    const jobs: Job[] = [];
    for (let start = 0; start < checked.length; start += HOST_CHECK_MAX_HOSTS) {
      const batch = checked.slice(start, start + HOST_CHECK_MAX_HOSTS);
      const job = checkBatchJob(batch, origin);
      for (const { hostConfig } of batch) hostConfig.activeJobId = job.id;
      jobs.push(job);
    }
    await new JobRepository(manager).insertMany(jobs);
    await new HostConfigRepository(manager).saveMany(checked.map(({ hostConfig }) => hostConfig));
    return jobs;
  }
}
