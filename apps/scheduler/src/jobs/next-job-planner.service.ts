import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { HostConfigRepository, JobRepository, type HostConfig, type Job } from '@lib/models';
import { dispatchTime, nextStep } from '../hosts/domain/job-planning';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SettingsService } from '../settings/settings.service';
import { deleteJob, upsertJob, type JobOrigin } from './job-factory';

/** One locked host config to plan, with the newest revision a job has already handled. */
export interface PlanEntry {
  readonly hostConfig: HostConfig;
  readonly handledRevision: number;
  readonly origin: JobOrigin;
}

/**
 * Decides a locked host config's next step (create, update, delete, wait, forget) and keeps at most one job
 * in flight per host, holding a job back while edits keep coming (the settle window). The job row is stored
 * in the caller's transaction; the caller publishes it after commit (JobPublication), so no decision is lost.
 */
@Injectable()
export class NextJobPlanner {
  private readonly logger = new Logger(NextJobPlanner.name);

  constructor(
    private readonly settings: SettingsService,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
  ) {}

  /**
   * Inside the caller's transaction: decides the next step for a locked host config, stores the job it
   * needs (or forgets the host config) and returns the job to publish after commit.
   */
  async planNext(
    manager: EntityManager,
    hostConfig: HostConfig,
    handledRevision: number,
    origin: JobOrigin,
    now = new Date(),
  ): Promise<Job | null> {
    const [job] = await this.planMany(manager, [{ hostConfig, handledRevision, origin }], now);
    return job ?? null;
  }

  /**
   * planNext for many locked host configs at once, with set-based writes: one save of the host configs,
   * one insert of the jobs, one delete of the forgotten. Returns the jobs to publish after commit.
   */
  async planMany(manager: EntityManager, entries: readonly PlanEntry[], now = new Date()): Promise<Job[]> {
    const keep: HostConfig[] = [];
    const forget: HostConfig[] = [];
    const jobs: Job[] = [];
    for (const { hostConfig, handledRevision, origin } of entries) {
      const step = nextStep({
        jobInFlight: hostConfig.activeJobId !== null,
        hostid: hostConfig.hostid,
        removalRequested: hostConfig.removalRequestedAt !== null,
        desiredRevision: hostConfig.desiredRevision,
        handledRevision,
      });
      switch (step) {
        case 'wait':
        case 'idle':
          keep.push(hostConfig);
          break;
        case 'forget':
          forget.push(hostConfig);
          this.logger.log(
            `${hostConfig.objectType}:${hostConfig.objectId}: nothing in Zabbix, host config removed [corr=${origin.correlationId}]`,
          );
          break;
        case 'create':
        case 'update':
        case 'delete': {
          keep.push(hostConfig);
          if (this.holdBack(hostConfig, now)) break;
          const job = await this.jobFor(step, hostConfig, origin);
          hostConfig.activeJobId = job.id;
          jobs.push(job);
          this.logger.log(
            `${job.name} (revision ${job.revision}) → job ${job.id} [corr=${job.correlationId}]`,
          );
        }
      }
    }
    // Jobs first: a host config's active job must exist when the host config points at it.
    await new JobRepository(manager).insertMany(jobs);
    const hosts = new HostConfigRepository(manager);
    await hosts.saveMany(keep);
    await hosts.removeMany(forget);
    return jobs;
  }

  /** Holds a job back while edits to the host keep coming (the settle window); true when held back. */
  private holdBack(hostConfig: HostConfig, now: Date): boolean {
    const at = dispatchTime(
      {
        now,
        lastJobFinishedAt: hostConfig.lastSyncUpdate,
        lastChangeAt: hostConfig.lastChangeAt,
        deferredSince: hostConfig.deferredSince,
      },
      { windowMs: this.config.COALESCE_WINDOW_MS, maxWaitMs: this.config.COALESCE_MAX_WAIT_MS },
    );
    if (at.getTime() <= now.getTime()) {
      hostConfig.dispatchAfter = null;
      hostConfig.deferredSince = null;
      return false;
    }
    hostConfig.dispatchAfter = at;
    hostConfig.deferredSince ??= now;
    return true;
  }

  private async jobFor(
    step: 'create' | 'update' | 'delete',
    hostConfig: HostConfig,
    origin: JobOrigin,
  ): Promise<Job> {
    switch (step) {
      case 'create':
      case 'update': {
        if (!hostConfig.desiredState) throw new Error(`host config ${hostConfig.id} has no desired state`);
        return upsertJob(hostConfig, hostConfig.desiredState, origin);
      }
      case 'delete':
        return deleteJob(hostConfig, await this.settings.settings(), origin);
    }
  }
}
