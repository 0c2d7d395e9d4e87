import { Inject, Injectable, Logger } from '@nestjs/common';
import { Messages, RetryableError, type JobResultPayload } from '@lib/contracts';
import { JetStreamPublisher, type HandlerContext } from '@lib/messaging';
import { type HostJobOutcome } from '../hosts/domain/host-job-outcome';
import { WORKER_ID } from '../writer.tokens';
import {
  describeError,
  failedResult,
  resultMessageId,
  shouldReportFailure,
  startedResult,
  succeededResult,
  type JobIdentity,
} from './domain/job-result';
import { JobLog } from './job-log';

/**
 * Runs one attempt of a job and reports its result. Success: publish `succeeded`. A retryable failure with
 * attempts left: rethrow, publish nothing (the pipeline naks with a growing delay). A permanent failure or
 * the last attempt: publish `failed`, then rethrow (the pipeline dead-letters the message).
 */
@Injectable()
export class JobExecutionService {
  private readonly logger = new Logger('HostJobs');

  constructor(
    private readonly publisher: JetStreamPublisher,
    @Inject(WORKER_ID) private readonly workerId: string,
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
    let outcome: HostJobOutcome;
    try {
      outcome = await work(log);
    } catch (error) {
      if (!shouldReportFailure(error, context.isFinalAttempt)) {
        log.warn(`attempt failed, will be retried: ${describeError(error)}`);
        throw error;
      }
      log.error(`failed: ${describeError(error)}`);
      await this.publish(failedResult(job, error, facts()), context, log, error);
      throw error;
    }
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
