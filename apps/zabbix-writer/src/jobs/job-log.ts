import { type Logger } from '@nestjs/common';
import { type JobIdentity } from './domain/job-result';

/**
 * Log lines of one job attempt, each carrying the correlation id and the job. Messages are written by the
 * services and never include desired-state values (PSKs, SNMP passphrases) or credentials.
 */
export class JobLog {
  private readonly prefix: string;

  constructor(
    private readonly logger: Logger,
    correlationId: string,
    job: JobIdentity,
    attempt: number,
  ) {
    this.prefix = `[corr=${correlationId}] ${job.kind} ${job.hostKey} r${job.revision} job=${job.jobId} #${attempt}`;
  }

  log(message: string): void {
    this.logger.log(`${this.prefix}: ${message}`);
  }

  warn(message: string): void {
    this.logger.warn(`${this.prefix}: ${message}`);
  }

  error(message: string): void {
    this.logger.error(`${this.prefix}: ${message}`);
  }

  debug(message: string): void {
    this.logger.debug(`${this.prefix}: ${message}`);
  }
}
