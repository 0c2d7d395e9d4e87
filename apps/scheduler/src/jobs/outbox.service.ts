import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobRepository } from '@lib/models';
import { SCHEDULER_CONFIG, type SchedulerSettingsConfig } from '../scheduler-config';
import { JobPublication } from './job-publication.service';
import { PeriodicService } from './periodic-sweep';

/** Publishes jobs that were stored but never confirmed published (NATS was down, or the process died). */
@Injectable()
export class OutboxService extends PeriodicService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerSettingsConfig,
    private readonly publication: JobPublication,
  ) {
    super();
  }

  protected interval(): number {
    return this.config.OUTBOX_INTERVAL_MS;
  }

  protected runOnce(): Promise<unknown> {
    return this.sweep();
  }

  /** One pass: returns how many jobs were published. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.OUTBOX_INTERVAL_MS);
    let published = 0;
    try {
      const pending = await new JobRepository(this.dataSource.manager).findUnpublished(cutoff, 500);
      published = await this.publication.publishMany(pending);
    } catch (error) {
      this.logger.warn(`outbox sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (published > 0) this.logger.log(`outbox published ${published} job(s)`);
    return published;
  }
}
