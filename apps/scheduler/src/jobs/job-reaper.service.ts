import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRepository } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { silenceCutoff } from './domain/silence-cutoff';
import { JobAbandonment } from './job-abandonment.service';
import { JobPublication } from './job-publication.service';
import { JobQueue } from './job-queue.service';
import { PeriodicService } from './periodic-sweep';

const BATCH = 100;

/**
 * No job waits forever. A published job with no sign of life (publish, start, heartbeat) for JOB_DEADLINE_MS
 * is either still queued behind others (left alone: a writer will take it), or lost: its message vanished,
 * or its writer stopped reporting. A lost job's message is taken off the queue, so a writer that still
 * holds it cannot run it late, and the job fails as retryable: the retry backoff sends a fresh one. A
 * scheduler that has just started reaps nothing until it has watched for a whole deadline itself.
 */
@Injectable()
export class JobReaperService extends PeriodicService {
  private readonly logger = new Logger(JobReaperService.name);
  /** Silence is counted from here at the earliest (see silenceCutoff). */
  private readonly watchingSince = new Date();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    private readonly abandonment: JobAbandonment,
    private readonly publication: JobPublication,
    private readonly queue: JobQueue,
  ) {
    super();
  }

  protected interval(): number {
    return this.config.REAPER_INTERVAL_MS;
  }

  protected runOnce(): Promise<unknown> {
    return this.sweep();
  }

  /** One pass: returns how many jobs were reaped. */
  async sweep(now = new Date()): Promise<number> {
    const jobs = new JobRepository(this.dataSource.manager);
    let reaped = 0;
    try {
      const cutoff = silenceCutoff(now, this.watchingSince, this.config.JOB_DEADLINE_MS);
      if (cutoff === undefined) return 0;
      for (const job of await jobs.findSilentSince(cutoff, BATCH)) {
        const sequence = job.streamSequence;
        if (job.status === 'pending' && sequence !== null && (await this.queue.holds(sequence))) {
          await jobs.touch(job.id, now);
          continue;
        }
        if (sequence !== null) await this.queue.remove(sequence);
        const silentFor = Math.round((now.getTime() - (job.lastSeenAt ?? now).getTime()) / 1000);
        const followUps = await this.abandonment.abandon(
          job.id,
          `no sign of life for ${silentFor} s while ${job.status} (deadline ${this.config.JOB_DEADLINE_MS / 1000} s): reaped`,
          true,
        );
        await this.publication.publishMany(followUps);
        reaped += 1;
      }
    } catch (error) {
      this.logger.warn(`reaper sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return reaped;
  }
}
