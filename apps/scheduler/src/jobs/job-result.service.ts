import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isMaintenanceJobKind, type JobResultPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import { AgentInterface, EventLog, HostConfigRepository, JobRepository, type Job } from '@lib/models';
import { MaintenanceResultService } from '../maintenance/maintenance-result.service';
import { SettingsService } from '../settings/settings.service';
import { Batcher } from './batcher';
import { JobDispatcher } from './job-dispatcher.service';
import { CHECK_JOB_KIND } from './job-factory';

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
    private readonly dispatcher: JobDispatcher,
    private readonly settings: SettingsService,
    private readonly maintenances: MaintenanceResultService,
  ) {}

  async onResult(result: JobResultPayload, context: HandlerContext): Promise<void> {
    await this.batcher.submit({ result, context });
  }

  /**
   * Results that arrive together are applied in one transaction (one commit for a bulk load's thousands of
   * results, not one each); their follow-up jobs are published after it. When the batch fails, each result
   * is applied alone, so one bad result cannot hold the others back.
   */
  private async applyMany(items: readonly ResultItem[]): Promise<(Error | null)[]> {
    try {
      const followUps = await this.dataSource.transaction(async (manager) => {
        const jobs: Job[] = [];
        for (const { result, context } of items) {
          const followUp = await this.apply(manager, result, context);
          if (followUp) jobs.push(followUp);
        }
        return jobs;
      });
      await this.dispatcher.publishMany(followUps);
      return items.map(() => null);
    } catch (error) {
      if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      const errors: (Error | null)[] = [];
      for (const item of items) errors.push(...(await this.applyMany([item])));
      return errors;
    }
  }

  private async apply(
    manager: EntityManager,
    result: JobResultPayload,
    context: HandlerContext,
  ): Promise<Job | null> {
    const jobs = new JobRepository(manager);
    const job = await jobs.lockById(result.jobId);
    if (!job) {
      this.logger.warn(`result for unknown job ${result.jobId} ignored [corr=${context.correlationId}]`);
      return null;
    }
    if (job.status === 'completed' || job.status === 'failed') return null;
    const now = new Date();
    job.attempts = Math.max(job.attempts, result.attempt);
    job.worker = result.worker;
    job.startedAt ??= new Date(result.startedAt);
    // A result can overtake the publisher's own bookkeeping: the job was published, whatever the row says.
    job.publishedAt ??= job.startedAt;
    job.lastSeenAt = now;
    if (result.outcome === 'started' || result.outcome === 'working') {
      job.status = 'running';
      await jobs.save(job);
      return null;
    }

    const hosts = new HostConfigRepository(manager);
    const hostConfig = job.hostConfigId === null ? null : await hosts.lockById(job.hostConfigId);
    const holder =
      result.outcome === 'succeeded' && result.hostid !== undefined && hostConfig
        ? await hosts.findHolderOfHostid(result.hostid, hostConfig.id)
        : null;
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
    await jobs.save(job);
    await this.log(manager, job, result);
    this.logger.log(
      `${job.name}: ${job.status}${result.operation ? ` (${result.operation})` : ''}${job.error ? `: ${job.error}` : ''} [corr=${job.correlationId}]`,
    );

    if (isMaintenanceJobKind(job.kind)) {
      await this.maintenances.apply(manager, job, result);
      return null;
    }
    if (!hostConfig || hostConfig.activeJobId !== job.id) return null;
    if (!failed) {
      if (job.kind === CHECK_JOB_KIND) {
        // Compared, not written: the host matches when nothing differed and no change is waiting.
        hostConfig.syncDifference = result.differences ?? null;
        hostConfig.inSync =
          result.differences?.length === 0 && hostConfig.appliedRevision === hostConfig.desiredRevision;
        return this.dispatcher.finish(manager, hostConfig, job, null, now);
      }
      if (job.kind === 'DeleteZabbixHost') {
        hostConfig.hostid = null;
      } else {
        hostConfig.hostid = result.hostid ?? hostConfig.hostid;
        hostConfig.appliedRevision = job.revision ?? hostConfig.appliedRevision;
      }
      // Written: whatever differed (kept on the job's result) is mended.
      hostConfig.syncDifference = [];
      await manager
        .getRepository(AgentInterface)
        .update({ hostConfig: { id: hostConfig.id } }, { hostid: hostConfig.hostid });
      hostConfig.inSync =
        hostConfig.removalRequestedAt === null && hostConfig.appliedRevision === hostConfig.desiredRevision;
    }
    return this.dispatcher.finish(manager, hostConfig, job, failed ? { retryable } : null, now);
  }

  private async log(manager: EntityManager, job: Job, result: JobResultPayload): Promise<void> {
    const settings = await this.settings.settings();
    if (!settings.eventLogEnabled) return;
    await manager.getRepository(EventLog).save({
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
    });
  }
}
