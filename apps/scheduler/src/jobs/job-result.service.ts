import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type JobResultPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import { AgentInterface, EventLog, HostConfigRepository, JobRepository, type Job } from '@lib/models';
import { SettingsService } from '../settings/settings.service';
import { JobDispatcher } from './job-dispatcher.service';

/**
 * Applies what writers report: the job row moves pending → running → completed or failed, the host config
 * learns its hostid and sync state, and a follow-up job is sent when changes arrived meanwhile. Idempotent:
 * a repeated or late result changes nothing.
 */
@Injectable()
export class JobResultService {
  private readonly logger = new Logger(JobResultService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly dispatcher: JobDispatcher,
    private readonly settings: SettingsService,
  ) {}

  async onResult(result: JobResultPayload, context: HandlerContext): Promise<void> {
    const followUp = await this.dataSource.transaction((manager) => this.apply(manager, result, context));
    if (followUp) await this.dispatcher.publish(followUp);
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
    job.attempts = Math.max(job.attempts, result.attempt);
    job.worker = result.worker;
    job.startedAt ??= new Date(result.startedAt);
    if (result.outcome === 'started') {
      job.status = 'running';
      await jobs.save(job);
      return null;
    }

    const succeeded = result.outcome === 'succeeded';
    job.status = succeeded ? 'completed' : 'failed';
    job.completedAt = new Date(result.finishedAt);
    job.error = succeeded ? null : (result.error ?? 'failed without a message');
    job.result = {
      outcome: result.outcome,
      operation: result.operation ?? null,
      hostid: result.hostid ?? null,
    };
    await jobs.save(job);
    await this.log(manager, job, result);
    this.logger.log(
      `${job.name}: ${job.status}${result.operation ? ` (${result.operation})` : ''}${job.error ? `: ${job.error}` : ''} [corr=${job.correlationId}]`,
    );

    if (job.hostConfigId === null) return null;
    const hostConfig = await new HostConfigRepository(manager).lockById(job.hostConfigId);
    if (!hostConfig || hostConfig.activeJobId !== job.id) return null;

    hostConfig.activeJobId = null;
    hostConfig.lastSyncUpdate = new Date();
    if (succeeded) {
      hostConfig.lastError = null;
      if (job.kind === 'DeleteZabbixHost') {
        hostConfig.hostid = null;
      } else {
        hostConfig.hostid = result.hostid ?? hostConfig.hostid;
        hostConfig.appliedRevision = job.revision ?? hostConfig.appliedRevision;
      }
      await manager
        .getRepository(AgentInterface)
        .update({ hostConfig: { id: hostConfig.id } }, { hostid: hostConfig.hostid });
    } else {
      hostConfig.lastError = job.error;
    }
    hostConfig.inSync =
      succeeded &&
      hostConfig.removalRequestedAt === null &&
      hostConfig.appliedRevision === hostConfig.desiredRevision;
    return this.dispatcher.planNext(manager, hostConfig, job.revision ?? hostConfig.desiredRevision, {
      correlationId: hostConfig.lastCorrelationId ?? job.correlationId,
      username: job.username,
    });
  }

  private async log(manager: EntityManager, job: Job, result: JobResultPayload): Promise<void> {
    const settings = await this.settings.settings();
    if (!settings.eventLogEnabled) return;
    await manager.getRepository(EventLog).save({
      name: job.name,
      level: result.outcome === 'succeeded' ? 'info' : 'error',
      message: result.outcome === 'succeeded' ? `${result.operation ?? 'done'}` : (result.error ?? 'failed'),
      correlationId: job.correlationId,
      jobId: job.id,
      hostKey: job.hostKey,
      data: {
        operation: result.operation ?? null,
        hostid: result.hostid ?? null,
        worker: result.worker,
        attempt: result.attempt,
      },
      exception: result.outcome === 'failed' ? (result.error ?? null) : null,
    });
  }
}
