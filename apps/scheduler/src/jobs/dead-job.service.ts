import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DEAD_LETTER_SUBJECT_PREFIX,
  Subjects,
  ZABBIX_JOB_SUBJECT_PREFIX,
  type DeadLetterPayload,
} from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import { JobRepository } from '@lib/models';
import { JobAbandonment } from './job-abandonment.service';
import { JobPublication } from './job-publication.service';

/** The job id inside a dead-lettered job or result message, when its body still parses that far. */
export function deadJobId(letter: DeadLetterPayload): string | null {
  try {
    const envelope: unknown = JSON.parse(letter.originalBody);
    if (typeof envelope !== 'object' || envelope === null || !('payload' in envelope)) return null;
    const payload: unknown = envelope.payload;
    if (typeof payload !== 'object' || payload === null || !('jobId' in payload)) return null;
    return typeof payload.jobId === 'string' ? payload.jobId : null;
  } catch {
    return null;
  }
}

/** What a dead letter stands for: a job, a job's result, or another message (a NetBox event). */
export type DeadLetterKind = 'job' | 'result' | 'other';

export function deadLetterKind(letter: DeadLetterPayload): DeadLetterKind {
  if (letter.originalSubject.startsWith(`${ZABBIX_JOB_SUBJECT_PREFIX}.`)) return 'job';
  if (letter.originalSubject === Subjects.jobResult) return 'result';
  return 'other';
}

/** A stable job id for a dead letter that names no job, so a redelivered letter records one row. */
export function deadLetterJobId(letterMessageId: string): string {
  const hex = createHash('sha256').update(`dead-letter:${letterMessageId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Every dead letter becomes a visible failed job; nothing waits for good behind one:
 * - a dead-lettered job (or a result that could not be applied) fails its job, frees its host and sends
 *   the change waiting behind it; a job already reported failed is left as it is;
 * - any other message (a NetBox event that exhausted its attempts, say) is recorded as a failed
 *   `DeadLetter` job naming the subject, the consumer and the reason.
 */
@Injectable()
export class DeadJobService {
  private readonly logger = new Logger(DeadJobService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly abandonment: JobAbandonment,
    private readonly publication: JobPublication,
  ) {}

  async onDeadLetter(letter: DeadLetterPayload, context: HandlerContext): Promise<void> {
    const kind = deadLetterKind(letter);
    const jobId = kind === 'other' ? null : deadJobId(letter);
    const reason = `dead-lettered by ${letter.consumer} (${letter.errorType}): ${letter.reason}`;
    if (jobId !== null) {
      const prefix = kind === 'result' ? 'its result could not be applied: ' : '';
      await this.publication.publishMany(await this.abandonment.abandon(jobId, `${prefix}${reason}`, false));
      return;
    }
    await this.record(letter, reason, context);
  }

  private async record(letter: DeadLetterPayload, reason: string, context: HandlerContext): Promise<void> {
    const recorded = await new JobRepository(this.dataSource.manager).insertFailedOnce({
      id: deadLetterJobId(context.messageId),
      kind: 'DeadLetter',
      name: `DeadLetter ${letter.originalSubject}`.slice(0, 255),
      correlationId: context.correlationId,
      subject: `${DEAD_LETTER_SUBJECT_PREFIX}.${letter.originalSubject}`.slice(0, 255),
      // The letter itself stays in the dead-letter stream; the row says where and why.
      payload: {
        originalSubject: letter.originalSubject,
        stream: letter.stream,
        consumer: letter.consumer,
        streamSequence: letter.streamSequence,
        deliveryCount: letter.deliveryCount,
        originalMessageId: letter.originalMessageId ?? null,
        deadLetterMessageId: context.messageId,
      },
      error: reason,
      failedAt: new Date(letter.failedAt),
    });
    if (recorded) {
      this.logger.error(`${letter.originalSubject}: ${reason} [corr=${context.correlationId}]`);
    }
  }
}
