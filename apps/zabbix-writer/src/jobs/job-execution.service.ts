import { Inject, Injectable, Logger } from '@nestjs/common';
import { Messages, RetryableError, type JobResultPayload } from '@lib/contracts';
import { JetStreamPublisher, type HandlerContext } from '@lib/messaging';
import { type HostJobOutcome } from '../hosts/domain/host-job-outcome';
import { WriterMetrics } from '../metrics/writer.metrics';
import { WORKER_ID, WRITER_TIMINGS, type WriterTimings } from '../writer.tokens';
import {
  describeError,
  failedResult,
  resultMessageId,
  shouldReportFailure,
  startedResult,
  succeededResult,
  workingResult,
  type JobIdentity,
} from './domain/job-result';
import { JobLog } from './job-log';
import { ZabbixAvailability } from './zabbix-availability.service';

/**
 * Runs one attempt of a job and reports its result. Success: publish `succeeded`. A retryable failure with
 * attempts left: rethrow, publish nothing (the pipeline naks with a growing delay). A permanent failure or
 * the last attempt: publish `failed`, then rethrow (the pipeline dead-letters the message). While Zabbix is
 * unreachable the attempt waits instead of failing (ZabbixAvailability), and `working` is reported every
 * JOB_HEARTBEAT_MS meanwhile, so the scheduler's reaper knows the job is alive.
 */
@Injectable()
export class JobExecutionService {
  private readonly logger = new Logger('HostJobs');

  constructor(
    private readonly publisher: JetStreamPublisher,
    private readonly availability: ZabbixAvailability,
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(WRITER_TIMINGS) private readonly timings: WriterTimings,
    private readonly metrics: WriterMetrics,
  ) {}

  async execute(
    job: JobIdentity,
    context: HandlerContext,
    work: (log: JobLog) => Promise<HostJobOutcome>,
  ): Promise<void> {
    const log = new JobLog(this.logger, context.correlationId, job, context.deliveryCount);
    const startedAt = new Date();
    const facts = (): { attempt: number; startedAt: Date; finishedAt: Date; worker: string } => ({
      attempt: context.deliveryCount,
      startedAt,
      finishedAt: new Date(),
      worker: this.workerId,
    });

    await this.publish(startedResult(job, facts()), context, log, undefined);
    let beat = 0;
    const heartbeat = setInterval(() => {
      beat += 1;
      this.publisher
        .publish(Messages.jobResult, workingResult(job, facts()), {
          messageId: resultMessageId(job.jobId, context.deliveryCount, 'working', beat),
          correlationId: context.correlationId,
        })
        .catch((error: unknown) => log.warn(`heartbeat not sent: ${describeError(error)}`));
    }, this.timings.heartbeatMs);
    let outcome: HostJobOutcome;
    const seconds = (): number => (Date.now() - startedAt.getTime()) / 1000;
    try {
      outcome = await this.availability.run(() => work(log));
    } catch (error) {
      if (!shouldReportFailure(error, context.isFinalAttempt)) {
        this.metrics.jobAttempt(job.kind, 'retry', seconds());
        log.warn(`attempt failed, will be retried: ${describeError(error)}`);
        throw error;
      }
      this.metrics.jobAttempt(job.kind, 'failed', seconds());
      log.error(`failed: ${describeError(error)}`);
      await this.publish(failedResult(job, error, facts()), context, log, error);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    this.metrics.jobAttempt(job.kind, 'succeeded', seconds());
    log.log(`${outcome.operation}${outcome.hostid !== undefined ? ` hostid=${outcome.hostid}` : ''}`);
    await this.publish(succeededResult(job, outcome, facts()), context, log, undefined);
  }

  /** A result that cannot be published is not lost: the attempt fails as retryable and runs again. */
  private async publish(
    result: JobResultPayload,
    context: HandlerContext,
    log: JobLog,
    jobError: unknown,
  ): Promise<void> {
    try {
      await this.publisher.publish(Messages.jobResult, result, {
        messageId: resultMessageId(result.jobId, result.attempt, result.outcome),
        correlationId: context.correlationId,
      });
    } catch (error) {
      const reason = jobError === undefined ? '' : ` (job error: ${describeError(jobError)})`;
      log.error(`could not publish the ${result.outcome} result: ${describeError(error)}`);
      throw new RetryableError(`could not publish the job result: ${describeError(error)}${reason}`, {
        cause: error,
      });
    }
  }
}
