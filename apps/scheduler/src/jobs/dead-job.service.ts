import { Injectable, Logger } from '@nestjs/common';
import { type DeadLetterPayload } from '@lib/contracts';
import { type HandlerContext } from '@lib/messaging';
import { JobDispatcher } from './job-dispatcher.service';

/** The job id inside a dead-lettered job message, when its body still parses that far. */
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

/**
 * A job a writer dead-lettered has normally been reported failed already; when it was not (its message
 * could not be decoded, say), the job would stay in flight for good and block its host. This fails it.
 */
@Injectable()
export class DeadJobService {
  private readonly logger = new Logger(DeadJobService.name);

  constructor(private readonly dispatcher: JobDispatcher) {}

  async onDeadLetter(letter: DeadLetterPayload, context: HandlerContext): Promise<void> {
    const jobId = deadJobId(letter);
    if (jobId === null) {
      this.logger.error(
        `dead letter on ${letter.originalSubject} names no job: ${letter.reason} [corr=${context.correlationId}]`,
      );
      return;
    }
    await this.dispatcher.abandon(
      jobId,
      `dead-lettered by ${letter.consumer} (${letter.errorType}): ${letter.reason}`,
    );
  }
}
