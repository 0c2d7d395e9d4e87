import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  HOST_CHECK_JOB_KIND,
  HOST_CHECK_MAX_HOSTS,
  messageForSubject,
  PermanentError,
  type HostCheckJobPayload,
} from '@lib/contracts';
import { JetStreamPublisher } from '@lib/messaging';
import { HostConfigRepository, JobRepository, type HostConfig, type Job } from '@lib/models';
import { dispatchTime, nextStep } from '../hosts/domain/job-planning';
import { retryAt } from './domain/job-retry';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { SettingsService } from '../settings/settings.service';
import { checkBatchJob, deleteJob, upsertJob, type JobOrigin } from './job-factory';

/** Job messages awaiting JetStream's ack at once when many are published together. */
const PUBLISH_WINDOW = 256;

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

/** One locked host config to plan, with the newest revision a job has already handled. */
export interface PlanEntry {
  readonly hostConfig: HostConfig;
  readonly handledRevision: number;
  readonly origin: JobOrigin;
}

/**
 * Turns a host config's state into at most one job in flight, and publishes jobs. A job row is stored in
 * the same transaction as the decision; its message is published after commit. A publish that fails leaves
 * the row unpublished for the outbox sweep, so no decision is lost.
 */
@Injectable()
export class JobDispatcher {
  private readonly logger = new Logger(JobDispatcher.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly publisher: JetStreamPublisher,
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

  /** Publishes a stored job and records that JetStream has it. Errors are logged: the outbox retries. */
  async publish(job: Job): Promise<boolean> {
    return (await this.publishMany([job])) === 1;
  }

  /**
   * Publishes stored jobs through a window of PUBLISH_WINDOW messages awaiting JetStream's ack (a new one
   * goes as soon as any ack arrives), and records in one statement which ones JetStream has. Jobs that could
   * not be published stay for the outbox; returns how many were handled (published, or failed for good
   * because their message can never be sent).
   */
  async publishMany(jobs: readonly Job[]): Promise<number> {
    const published: { id: string; sequence: number }[] = [];
    let handled = 0;
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const outcome = await this.send(job);
        if (outcome === 'unsent') continue;
        handled += 1;
        if (outcome !== 'abandoned') published.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PUBLISH_WINDOW, jobs.length) }, lane));
    await new JobRepository(this.dataSource.manager).markManyPublished(published, new Date());
    return handled;
  }

  private async send(job: Job): Promise<{ id: string; sequence: number } | 'unsent' | 'abandoned'> {
    const definition = messageForSubject(job.subject);
    try {
      if (!definition) throw new PermanentError(`unknown subject ${job.subject}`);
      const receipt = await this.publisher.publish(definition, job.payload, {
        messageId: job.id,
        correlationId: job.correlationId,
      });
      return { id: job.id, sequence: receipt.sequence };
    } catch (error) {
      if (error instanceof PermanentError) {
        // Sending it again cannot help: fail the job now so the host is not blocked behind it.
        await this.abandon(job.id, `not sent: ${error.message}`, false);
        return 'abandoned';
      }
      this.logger.warn(
        `job ${job.id} not published yet (${error instanceof Error ? error.message : String(error)}); the outbox will retry`,
      );
      return 'unsent';
    }
  }

  /**
   * Fails a job that will never report back (it could not be sent, a writer dead-lettered it without a
   * result, or the reaper found it silent past its deadline), frees its host, and retries it later when
   * `retryable`. A no-op for a job that already finished.
   */
  async abandon(jobId: string, reason: string, retryable: boolean): Promise<void> {
    const followUps = await this.dataSource.transaction(async (manager): Promise<Job[]> => {
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
      // The host it was in flight for, or every host of a batch check.
      const hosts = await new HostConfigRepository(manager).lockForJobs(
        job.hostConfigId === null ? [] : [job.hostConfigId],
        job.kind === HOST_CHECK_JOB_KIND ? [job.id] : [],
      );
      const entries = hosts
        .filter((hostConfig) => hostConfig.activeJobId === job.id)
        .map((hostConfig) => this.release(hostConfig, job, { retryable }, job.completedAt ?? new Date()));
      return this.planMany(manager, entries);
    });
    await this.publishMany(followUps);
  }

  /**
   * Inside the caller's transaction, for the locked host config whose active job just ended: frees the
   * host, records the failure (scheduling a retry when it may pass and retries are left) or the success,
   * and plans the follow-up job.
   */
  async finish(
    manager: EntityManager,
    hostConfig: HostConfig,
    job: Job,
    failure: { readonly retryable: boolean } | null,
    now = new Date(),
  ): Promise<Job | null> {
    const [followUp] = await this.planMany(manager, [this.release(hostConfig, job, failure, now)], now);
    return followUp ?? null;
  }

  /**
   * In memory, for a locked host config whose active job just ended: frees the host and records the failure
   * (scheduling a retry when it may pass and retries are left) or the success. Returns what planMany needs
   * to plan the follow-up job, so the follow-ups of many results are planned together.
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
