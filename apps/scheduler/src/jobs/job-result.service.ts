import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HOST_CHECK_JOB_KIND, isMaintenanceJobKind, type JobResultPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import {
  EventLogRepository,
  HostConfigRepository,
  JobRepository,
  type EventLog,
  type HostConfig,
  type Job,
} from '@lib/models';
import { MaintenanceResultService } from '../maintenance/maintenance-result.service';
import { SettingsService } from '../settings/settings.service';
import { Batcher } from './batcher';
import { HostRelease } from './host-release.service';
import { JobPublication } from './job-publication.service';
import { NextJobPlanner, type PlanEntry } from './next-job-planner.service';

/** Results applied in one transaction, at most. */
const RESULT_BATCH = 200;

interface ResultItem {
  readonly result: JobResultPayload;
  readonly context: HandlerContext;
}

/**
 * Applies what writers report: the job row moves pending → running → completed or failed, the host config
 * learns its hostid and sync state, and a follow-up job is sent when changes arrived meanwhile. Idempotent:
 * a repeated or late result changes nothing.
 */
@Injectable()
export class JobResultService {
  private readonly logger = new Logger(JobResultService.name);
  private readonly batcher = new Batcher<ResultItem>((items) => this.applyMany(items), RESULT_BATCH);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly planner: NextJobPlanner,
    private readonly hostRelease: HostRelease,
    private readonly publication: JobPublication,
    private readonly settings: SettingsService,
    private readonly maintenances: MaintenanceResultService,
  ) {}

  async onResult(result: JobResultPayload, context: HandlerContext): Promise<void> {
    await this.batcher.submit({ result, context });
  }

  /**
   * Results that arrive together are applied in one transaction with set-based reads and writes (a bulk
   * load's thousands of results take a few statements per batch, not a dozen each); their follow-up jobs
   * are published after it. When the batch fails, each result is applied alone, so one bad result cannot
   * hold the others back.
   */
  private async applyMany(items: readonly ResultItem[]): Promise<(Error | null)[]> {
    try {
      const followUps = await this.dataSource.transaction((manager) => this.applyTogether(manager, items));
      await this.publication.publishMany(followUps);
      return items.map(() => null);
    } catch (error) {
      if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      const errors: (Error | null)[] = [];
      for (const item of items) errors.push(...(await this.applyMany([item])));
      return errors;
    }
  }

  private async applyTogether(manager: EntityManager, items: readonly ResultItem[]): Promise<Job[]> {
    const jobs = new JobRepository(manager);
    const byId = new Map(
      (await jobs.lockByIds(items.map(({ result }) => result.jobId))).map((job) => [job.id, job]),
    );
    const now = new Date();
    const changed = new Set<Job>();
    const ended: { job: Job; result: JobResultPayload }[] = [];
    for (const { result, context } of items) {
      const job = byId.get(result.jobId);
      if (!job) {
        this.logger.warn(`result for unknown job ${result.jobId} ignored [corr=${context.correlationId}]`);
        continue;
      }
      // A repeated or late result changes nothing (nor does a second end reported in the same batch).
      if (job.status === 'completed' || job.status === 'failed' || ended.some((end) => end.job === job)) {
        continue;
      }
      job.attempts = Math.max(job.attempts, result.attempt);
      job.worker = result.worker;
      job.startedAt ??= new Date(result.startedAt);
      // A result can overtake the publisher's own bookkeeping: the job was published, whatever the row says.
      job.publishedAt ??= job.startedAt;
      job.lastSeenAt = now;
      changed.add(job);
      if (result.outcome === 'started' || result.outcome === 'working') job.status = 'running';
      else ended.push({ job, result });
    }

    const hosts = new HostConfigRepository(manager);
    const hostConfigIds = ended.flatMap(({ job }) => (job.hostConfigId === null ? [] : [job.hostConfigId]));
    const checkIds = ended.flatMap(({ job }) => (job.kind === HOST_CHECK_JOB_KIND ? [job.id] : []));
    const locked = await hosts.lockForJobs(hostConfigIds, checkIds);
    const hostConfigs = new Map(locked.map((host) => [host.id, host]));
    // Who holds each Zabbix host id reported, including the host configs of this batch as they change.
    const reported = ended.flatMap(({ result }) => (result.hostid === undefined ? [] : [result.hostid]));
    const holders = await hosts.findHoldersOfHostids(reported);

    const followUps: PlanEntry[] = [];
    const logs: Partial<EventLog>[] = [];
    const interfaces: HostConfig[] = [];
    for (const { job, result } of ended) {
      if (job.kind === HOST_CHECK_JOB_KIND) {
        const checked = locked.filter((hostConfig) => hostConfig.activeJobId === job.id);
        followUps.push(...this.applyChecks(job, result, checked, now));
        logs.push(this.logEntry(job, result));
        continue;
      }
      const hostConfig = job.hostConfigId === null ? null : (hostConfigs.get(job.hostConfigId) ?? null);
      const holding =
        result.outcome === 'succeeded' && result.hostid !== undefined && hostConfig
          ? holders.get(result.hostid)
          : undefined;
      const holder = holding && holding.id !== hostConfig?.id ? holding : null;
      const failed = result.outcome === 'failed' || holder !== null;
      job.status = failed ? 'failed' : 'completed';
      job.completedAt = new Date(result.finishedAt);
      job.error = holder
        ? `Zabbix host ${result.hostid} already belongs to ${holder.objectType}:${holder.objectId} ` +
          `("${holder.name}"); not taken for this object`
        : failed
          ? (result.error ?? 'failed without a message')
          : null;
      // A failure a retry cannot mend: Zabbix rejected the host, or it belongs to another object.
      const retryable = holder === null && result.retryable !== false;
      job.result = {
        outcome: failed ? 'failed' : 'succeeded',
        operation: result.operation ?? null,
        hostid: result.hostid ?? null,
        ...(result.differences ? { differences: result.differences } : {}),
        ...(failed ? { retryable } : {}),
      };
      logs.push(this.logEntry(job, result));
      this.logger.log(
        `${job.name}: ${job.status}${result.operation ? ` (${result.operation})` : ''}${job.error ? `: ${job.error}` : ''} [corr=${job.correlationId}]`,
      );

      if (isMaintenanceJobKind(job.kind)) {
        await this.maintenances.apply(manager, job, result);
        continue;
      }
      if (!hostConfig || hostConfig.activeJobId !== job.id) continue;
      if (!failed) this.recordSuccess(hostConfig, job, result, holders, interfaces);
      followUps.push(this.hostRelease.release(hostConfig, job, failed ? { retryable } : null, now));
    }

    await jobs.saveOutcomes([...changed]);
    if ((await this.settings.settings()).eventLogEnabled)
      await new EventLogRepository(manager).insertMany(logs);
    await hosts.setInterfaceHostids(interfaces);
    return this.planner.planMany(manager, followUps, now);
  }

  /**
   * A batch check ended: each of its hosts learns how it compared (`syncDifference`, `inSync`) and is
   * freed; a host that could not be compared, or every host of a failed check, is freed with the failure.
   * Returns the hosts' follow-ups to plan.
   */
  private applyChecks(
    job: Job,
    result: JobResultPayload,
    hostConfigs: readonly HostConfig[],
    now: Date,
  ): PlanEntry[] {
    const outcomes = new Map((result.checks ?? []).map((check) => [check.hostKey, check]));
    const failed = result.outcome === 'failed';
    job.status = failed ? 'failed' : 'completed';
    job.completedAt = new Date(result.finishedAt);
    job.error = failed ? (result.error ?? 'failed without a message') : null;
    let differing = 0;
    let unchecked = 0;
    const entries = hostConfigs.map((hostConfig) => {
      const outcome = failed ? undefined : outcomes.get(`${hostConfig.objectType}:${hostConfig.objectId}`);
      if (!outcome || outcome.error !== undefined) {
        unchecked += 1;
        const entry = this.hostRelease.release(
          hostConfig,
          job,
          {
            retryable: outcome ? false : result.retryable !== false,
          },
          now,
        );
        hostConfig.lastError = outcome?.error ?? job.error ?? 'not in the check result';
        // Not compared: whether it matches is not known.
        hostConfig.syncDifference = null;
        return entry;
      }
      // Compared, not written: the host matches when nothing differed and no change is waiting.
      const differences = outcome.differences ?? [];
      if (differences.length > 0) differing += 1;
      hostConfig.syncDifference = differences;
      hostConfig.inSync =
        differences.length === 0 && hostConfig.appliedRevision === hostConfig.desiredRevision;
      return this.hostRelease.release(hostConfig, job, null, now);
    });
    job.result = {
      outcome: failed ? 'failed' : 'succeeded',
      operation: result.operation ?? null,
      hosts: hostConfigs.length,
      differing,
      unchecked,
      ...(failed ? { retryable: result.retryable !== false } : {}),
    };
    this.logger.log(
      `${job.name}: ${job.status}, ${differing} differing, ${unchecked} not compared [corr=${job.correlationId}]`,
    );
    return entries;
  }

  /** A written host: what the host config learns from its successful job. */
  private recordSuccess(
    hostConfig: HostConfig,
    job: Job,
    result: JobResultPayload,
    holders: Map<string, HostConfig>,
    interfaces: HostConfig[],
  ): void {
    if (hostConfig.hostid !== null) holders.delete(hostConfig.hostid);
    if (job.kind === 'DeleteZabbixHost') {
      hostConfig.hostid = null;
    } else {
      hostConfig.hostid = result.hostid ?? hostConfig.hostid;
      hostConfig.appliedRevision = job.revision ?? hostConfig.appliedRevision;
    }
    if (hostConfig.hostid !== null) holders.set(hostConfig.hostid, hostConfig);
    // Written: whatever differed (kept on the job's result) is mended.
    hostConfig.syncDifference = [];
    interfaces.push(hostConfig);
    hostConfig.inSync =
      hostConfig.removalRequestedAt === null && hostConfig.appliedRevision === hostConfig.desiredRevision;
  }

  private logEntry(job: Job, result: JobResultPayload): Partial<EventLog> {
    return {
      name: job.name,
      level: job.status === 'completed' ? 'info' : 'error',
      message: job.status === 'completed' ? `${result.operation ?? 'done'}` : (job.error ?? 'failed'),
      correlationId: job.correlationId,
      jobId: job.id,
      hostKey: job.hostKey,
      data: {
        operation: result.operation ?? null,
        hostid: result.hostid ?? null,
        worker: result.worker,
        attempt: result.attempt,
      },
      exception: job.status === 'failed' ? job.error : null,
    };
  }
}
