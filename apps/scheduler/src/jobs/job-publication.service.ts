import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { messageForSubject, PermanentError } from '@lib/contracts';
import { JetStreamPublisher } from '@lib/messaging';
import { JobRepository, type Job } from '@lib/models';
import { JobAbandonment } from './job-abandonment.service';

/** Job messages awaiting JetStream's ack at once when many are published together. */
const PUBLISH_WINDOW = 256;

/**
 * Publishes stored jobs after their transaction committed and records that JetStream has them. A publish
 * that fails leaves the row unpublished for the outbox sweep; a message that can never be sent fails its
 * job at once (JobAbandonment) so its host is not blocked behind it.
 */
@Injectable()
export class JobPublication {
  private readonly logger = new Logger(JobPublication.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly publisher: JetStreamPublisher,
    private readonly abandonment: JobAbandonment,
  ) {}

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
        await this.publishMany(await this.abandonment.abandon(job.id, `not sent: ${error.message}`, false));
        return 'abandoned';
      }
      this.logger.warn(
        `job ${job.id} not published yet (${error instanceof Error ? error.message : String(error)}); the outbox will retry`,
      );
      return 'unsent';
    }
  }
}
