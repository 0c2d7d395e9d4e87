import { type Logger } from '@nestjs/common';
import { type JobIdentity } from './domain/job-result';

/** What every line of one job attempt carries besides its message. */
interface JobLogFields {
  readonly correlationId: string;
  readonly jobId: string;
  readonly kind: string;
  readonly hostKey: string;
  readonly revision: number;
  readonly attempt: number;
}

/**
 * Log lines of one job attempt, each carrying the correlation id and the job as fields (jobs of several
 * messages are written in one batch, so the job's own id is given, not the scope's). Messages are written
 * by the services and never include desired-state values (PSKs, SNMP passphrases) or credentials.
 */
export class JobLog {
  private readonly fields: JobLogFields;
  private readonly prefix: string;

  constructor(
    private readonly logger: Logger,
    correlationId: string,
    job: JobIdentity,
    attempt: number,
  ) {
    this.fields = {
      correlationId,
      jobId: job.jobId,
      kind: job.kind,
      hostKey: job.hostKey,
      revision: job.revision,
      attempt,
    };
    this.prefix = `${job.kind} ${job.hostKey} r${job.revision} job=${job.jobId} #${attempt}`;
  }

  log(message: string): void {
    this.logger.log(this.line(message));
  }

  warn(message: string): void {
    this.logger.warn(this.line(message));
  }

  error(message: string): void {
    this.logger.error(this.line(message));
  }

  debug(message: string): void {
    this.logger.debug(this.line(message));
  }

  private line(message: string): JobLogFields & { readonly msg: string } {
    return { ...this.fields, msg: `${this.prefix}: ${message}` };
  }
}
